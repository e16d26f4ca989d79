import { describe, expect, it } from 'vitest';
import { extractText } from '../../src/text/extract-text.js';
import { MAX_TRACKED_DEPTH } from '../../src/text/visible-text-handler.js';

/** Extracts from a UTF-8 HTML string and collapses runs of whitespace, so assertions read as words. */
function html(source: string, charset?: string): string {
  return squash(extractText({ bytes: Buffer.from(source, 'utf8'), mimeType: 'text/html', ...(charset ? { charset } : {}) }));
}

function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** "café" in windows-1252: é is the single byte 0xE9, which is not valid UTF-8 on its own. */
const CAFE_WINDOWS_1252 = Buffer.from([0x63, 0x61, 0x66, 0xe9]);

describe('extractText: hidden content', () => {
  it('skips script, style, noscript, template and svg content', () => {
    const text = html(
      '<body><p>before</p><script>var hiddenScript = 1;</script><style>.hiddenStyle { color: red }</style>'
        + '<noscript>hiddenNoscript</noscript><template><p>hiddenTemplate</p></template>'
        + '<svg><text>hiddenSvg</text><title>hiddenSvgTitle</title></svg><p>after</p></body>',
    );
    expect(text).toBe('before after');
  });

  it('skips comments', () => {
    expect(html('<p>x<!-- hidden comment -->y</p>')).toBe('xy');
  });

  it('skips the head, including the title', () => {
    expect(html('<html><head><title>Hidden Title</title><meta name="description" content="nope"></head><body>shown</body></html>')).toBe('shown');
  });

  it('skips script content even in upper-case XHTML markup', () => {
    const source = '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body><P>visible</P><SCRIPT>hidden</SCRIPT></body></html>';
    expect(squash(extractText({ bytes: Buffer.from(source), mimeType: 'application/xhtml+xml' }))).toBe('visible');
  });
});

describe('extractText: word boundaries', () => {
  it('separates adjacent block elements such as list items', () => {
    expect(html('<ul><li>Home</li><li>About</li></ul>')).toBe('Home About');
  });

  it('separates adjacent paragraphs, divs and headings', () => {
    expect(html('<h1>Title</h1><p>one</p><div>two</div>')).toBe('Title one two');
  });

  it('keeps inline elements inside a word', () => {
    expect(html('<p><b>wo</b>rd and <span>sp</span><em>lit</em></p>')).toBe('word and split');
  });

  it('separates table cells and rows', () => {
    expect(html('<table><tr><td>one</td><td>two</td></tr><tr><th>three</th><td>four</td></tr></table>')).toBe('one two three four');
  });

  it('treats <br> as a separator', () => {
    expect(html('<p>line<br>break<br/>again</p>')).toBe('line break again');
  });
});

describe('extractText: entities', () => {
  it('decodes named and numeric character references', () => {
    expect(html('<p>caf&eacute; &amp; &lt;tag&gt; &#233;t&#xE9;</p>')).toBe('café & <tag> été');
  });
});

describe('extractText: character encodings', () => {
  it('decodes with the charset label from the Content-Type header', () => {
    const bytes = Buffer.concat([Buffer.from('<p>'), CAFE_WINDOWS_1252, Buffer.from('</p>')]);
    expect(squash(extractText({ bytes, mimeType: 'text/html', charset: 'windows-1252' }))).toBe('café');
  });

  it('decodes latin1-built bytes labelled iso-8859-1 (which means windows-1252)', () => {
    // 0x80 is € in windows-1252, a control character in true ISO-8859-1; browsers treat the labels alike.
    const bytes = Buffer.from('<p>na\xefve \x80</p>', 'latin1');
    expect(squash(extractText({ bytes, mimeType: 'text/html', charset: 'iso-8859-1' }))).toBe('naïve €');
  });

  it('decodes with the charset from <meta charset>', () => {
    const bytes = Buffer.concat([Buffer.from('<meta charset="windows-1252"><p>'), CAFE_WINDOWS_1252, Buffer.from('</p>')]);
    expect(squash(extractText({ bytes, mimeType: 'text/html' }))).toBe('café');
  });

  it('decodes with the charset from <meta http-equiv="Content-Type">', () => {
    const bytes = Buffer.from('<meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><p>caf\xe9</p>', 'latin1');
    expect(squash(extractText({ bytes, mimeType: 'text/html' }))).toBe('café');
  });

  it('lets a UTF-8 byte order mark override a different header label', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<p>café</p>', 'utf8')]);
    const text = extractText({ bytes, mimeType: 'text/html', charset: 'windows-1252' });
    expect(squash(text)).toBe('café');
    expect(text).not.toContain('\ufeff');
  });

  it('decodes an unlabeled UTF-8 page as UTF-8, not windows-1252', () => {
    expect(html('<p>café naïve Москва Ελληνικά</p>')).toBe('café naïve Москва Ελληνικά');
  });

  it('falls back to windows-1252 for an unlabeled page that is not valid UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from('<p>'), CAFE_WINDOWS_1252, Buffer.from([0x20, 0x80]), Buffer.from('</p>')]);
    expect(squash(extractText({ bytes, mimeType: 'text/html' }))).toBe('café €');
  });
});

describe('extractText: text/plain', () => {
  it('returns the decoded text without parsing tags or entities', () => {
    const text = extractText({ bytes: Buffer.from('<b>bold</b> &amp; café', 'utf8'), mimeType: 'text/plain' });
    expect(text).toBe('<b>bold</b> &amp; café');
  });

  it('honours the header charset', () => {
    expect(extractText({ bytes: CAFE_WINDOWS_1252, mimeType: 'text/plain', charset: 'windows-1252' })).toBe('café');
  });

  it('ignores <meta charset> inside plain text', () => {
    const bytes = Buffer.from('quoted <meta charset="windows-1252"> café', 'utf8');
    expect(extractText({ bytes, mimeType: 'text/plain' })).toBe('quoted <meta charset="windows-1252"> café');
  });

  it('ignores a misspelled charset label instead of failing', () => {
    expect(extractText({ bytes: Buffer.from('café', 'utf8'), mimeType: 'text/plain', charset: 'utf-9' })).toBe('café');
  });

  it('strips a UTF-8 byte order mark', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('café', 'utf8')]);
    expect(extractText({ bytes, mimeType: 'text/plain' })).toBe('café');
  });
});

// The streaming extractor follows the HTML standard where a browser (and parse5, which it replaced)
// repairs markup in a way that changes the words; bench/check-identical.ts compares the two at scale.
describe('extractText: markup a browser repairs', () => {
  it('hides a title and head elements that come before any content, even without a <head> tag', () => {
    expect(html('<title>Hidden</title><meta charset="utf-8"><p>shown</p>')).toBe('shown');
  });

  it('starts the body at the first text in the head, and shows a <title> inside the body', () => {
    expect(html('<head><title>Hidden</title>loose text</head><body><title>in body</title></body>')).toBe('loose text in body');
  });

  it('treats html, head and body tags as no boundary', () => {
    expect(html('<head></head>foo<body>bar</body>')).toBe('foobar');
  });

  it('ignores table cells outside any table', () => {
    expect(html('<p><span>types.UnionType</span><td>-E</td></p>')).toBe('types.UnionType-E');
  });

  it('ends an unclosed svg at the next HTML block, but not inside its foreignObject', () => {
    expect(html('<svg><path d="M0"><p>after the svg</p>')).toBe('after the svg');
    expect(html('<svg><foreignObject><p>hidden</p></foreignObject></svg><p>after</p>')).toBe('after');
  });

  it('drops a tag cut off at the end of the page, and NUL characters', () => {
    expect(html('<p>last word <sp')).toBe('last word');
    expect(html('<p>a\u0000b</p>')).toBe('ab');
  });
});

describe('extractText: nesting past MAX_TRACKED_DEPTH', () => {
  const deep = (count: number, tag = 'div') => `<${tag}>`.repeat(count);
  const undeep = (count: number, tag = 'div') => `</${tag}>`.repeat(count);

  it('keeps the text of elements nested deeper than the cap, with block tags still separating words', () => {
    expect(html(`<body>${deep(MAX_TRACKED_DEPTH + 500)}deep<div>er</div>words${undeep(MAX_TRACKED_DEPTH + 501)}after</body>`)).toBe('deep er words after');
  });

  it('keeps inline tags past the cap inside a word, as above it', () => {
    expect(html(`<body>${deep(MAX_TRACKED_DEPTH + 10)}wo<b>r</b>d${undeep(MAX_TRACKED_DEPTH + 10)}</body>`)).toBe('word');
  });

  it('still hides a script or style past the cap', () => {
    expect(html(`<body>${deep(MAX_TRACKED_DEPTH + 10)}<script>hiddenScript</script><style>.hidden{}</style>shown</body>`)).toBe('shown');
  });

  it('does not let untracked end tags close a hidden ancestor early', () => {
    const page = `<body><div><template>${deep(MAX_TRACKED_DEPTH + 50)}secret${undeep(MAX_TRACKED_DEPTH + 50)}stillHidden</template></div>shown</body>`;
    expect(html(page)).toBe('shown');
  });

  it('ends an unclosed svg at the first HTML tag outside its foreignObject, however deep the svg', () => {
    expect(html(`<body><svg>${deep(100, 'g')}<foreignObject>${deep(100, 'b')}hidden</foreignObject><p>shown</p></body>`)).toBe('shown');
    expect(html(`<body><svg>${deep(100, 'g')}<text>hidden</text><p>shown</p></body>`)).toBe('shown');
  });
});

describe('extractText: x-user-defined', () => {
  it('decodes bytes 0x80–0xFF to U+F780–U+F7FF, as the HTML standard says (iconv-lite does not know it)', () => {
    const bytes = Buffer.from([0x3c, 0x70, 0x3e, 0x41, 0x80, 0xff, 0x20, 0x42, 0x3c, 0x2f, 0x70, 0x3e]);
    expect(extractText({ bytes, mimeType: 'text/html', charset: 'x-user-defined' }).trim()).toBe('A\uF780\uF7FF B');
  });
});
