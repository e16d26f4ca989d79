import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { ScanningTokenizer } from '../../src/text/scanning-tokenizer.js';

/** Every event a parser reports for the chunks, in order, with htmlparser2's tokenizer or ours. */
function events(chunks: string[], scanning: boolean, parseTwice = false): string[] {
  const out: string[] = [];
  const parser = new Parser(
    {
      ontext: (text) => out.push(`text ${text}`),
      onopentagname: (name) => out.push(`<${name}`),
      onattribute: (name, value, quote) => out.push(`@${name}=${value} ${String(quote)}`),
      onclosetag: (name, implied) => out.push(`/${name} ${implied}`),
      oncomment: (text) => out.push(`comment ${text}`),
    },
    scanning ? { Tokenizer: ScanningTokenizer } : {},
  );
  if (parseTwice) {
    parser.parseComplete(chunks.join(''));
    parser.parseComplete(chunks.join(''));
  } else {
    for (const chunk of chunks) parser.write(chunk);
    parser.end();
  }
  return out;
}

const PAGE = `<p class="a&amp;b" title='it&apos;s' data-x=plain&amp;>Hello &amp; <b>wo</b>rld &notit; &#x2019;</p>
<!-- a <p> comment --><title>T&amp;</title><textarea>&amp;<b></textarea><script>if (a < b && c) {}</script>tail & end &amp`;

describe('ScanningTokenizer', () => {
  it('reports the events htmlparser2 does, entities in text and attributes decoded', () => {
    expect(events([PAGE], true)).toEqual(events([PAGE], false));
  });

  it('does the same for a page written in chunks cut anywhere, even inside an entity', () => {
    const chunks = [PAGE.slice(0, 7), PAGE.slice(7, 21), PAGE.slice(21, 60), PAGE.slice(60)];
    expect(events(chunks, true)).toEqual(events(chunks, false));
    expect(events(['<p>ab', '<p>ab', 'c</p>'], true)).toEqual(events(['<p>ab', '<p>ab', 'c</p>'], false));
  });

  it('starts afresh when the parser is reused for the same document', () => {
    expect(events([PAGE], true, true)).toEqual(events([PAGE], false, true));
  });
});
