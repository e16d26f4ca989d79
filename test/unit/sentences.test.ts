import { describe, expect, it } from 'vitest';
import type { PageBody } from '../../src/core/page-body.js';
import { countPage } from '../../src/text/count-page.js';
import { BLOCK_BREAK } from '../../src/text/block-break.js';
import { sentenceEnds } from '../../src/text/sentences.js';
import { tokenize } from '../../src/text/tokenize.js';

/** The sentences of a text, each as its words joined by one space. */
function sentences(text: string, language?: string): string[] {
  const words = tokenize(text.replaceAll(BLOCK_BREAK, ' '), language);
  const ends = sentenceEnds(text, words);
  return ends.map((end, i) => words.slice(i === 0 ? 0 : ends[i - 1], end).join(' '));
}

const page = (body: string, content: 'page' | 'main' = 'page'): string[] => {
  const html: PageBody = { bytes: Buffer.from(`<html lang="en"><body>${body}</body></html>`), mimeType: 'text/html' };
  const { counted } = countPage(html, { content });
  return counted.sentenceEnds.map((end, i) => counted.words.slice(i === 0 ? 0 : counted.sentenceEnds[i - 1], end).join(' '));
};

describe('sentenceEnds', () => {
  it('ends a sentence at a full stop, question or exclamation mark followed by a space', () => {
    expect(sentences('One two. Three four? Five! Six')).toEqual(['One two', 'Three four', 'Five', 'Six']);
  });

  it('does not end one inside a number, an address or before a word in lower case (an abbreviation)', () => {
    expect(sentences('Version 3.5 is at example.com today. See e.g. the docs.')).toEqual(['Version is at example com today', 'See e g the docs']);
  });

  it('ends one after closing quotes and brackets', () => {
    expect(sentences('He said "go." Then (quietly.) Left')).toEqual(['He said go', 'Then quietly', 'Left']);
  });

  it('splits every script at its own terminals: CJK full stops, Devanagari danda, Arabic question mark', () => {
    expect(sentences('我喜欢学习。你好吗？')).toEqual(['我 喜欢 学习', '你好 吗']);
    expect(sentences('नमस्ते दुनिया। यह एक वाक्य है।')).toEqual(['नमस्ते दुनिया', 'यह एक वाक्य है']);
    expect(sentences('هل هذا سؤال؟ نعم')).toEqual(['هل هذا سؤال', 'نعم']);
  });

  it('takes a block of Thai, which has no sentence punctuation, for one sentence', () => {
    expect(sentences(`ภาษาไทยง่ายมาก${BLOCK_BREAK}สวัสดี`)).toEqual(['ภาษา ไทย ง่าย มาก', 'สวัสดี']);
  });

  it('never runs across a block break or a blank line, and a single line break is only a space', () => {
    expect(sentences(`Home${BLOCK_BREAK}About us${BLOCK_BREAK}${BLOCK_BREAK}Contact`)).toEqual(['Home', 'About us', 'Contact']);
    expect(sentences('First paragraph\nwrapped here\n\nSecond one')).toEqual(['First paragraph wrapped here', 'Second one']);
  });

  it('keeps elided words as counted, in their sentence', () => {
    expect(sentences("L'homme est là. C'est l'homme du jour.", 'fr')).toEqual(["L' homme est là", "C' est l' homme du jour"]);
  });

  it('leaves out sentences without words', () => {
    expect(sentences('One. 42. ... Two')).toEqual(['One', 'Two']);
  });
});

describe('sentences of a page', () => {
  it('never cross an HTML block, whatever the punctuation', () => {
    expect(page('<ul><li>Home</li><li>About us</li></ul><p>First\nline. Second <b>bold</b> line</p><table><tr><td>cell one</td><td>cell two</td></tr></table>'))
      .toEqual(['Home', 'About us', 'First line', 'Second bold line', 'cell one', 'cell two']);
  });

  it('never cross a block of the main content either, where a line break of the source is only a space', () => {
    const paragraph = 'This paragraph is long enough to be taken for an article, with words and commas, and more words,';
    const article = `<article><p>${paragraph}\nwrapped in the source</p><p>${paragraph} ending here</p></article>`;
    expect(page(article, 'main')).toEqual([
      `${tokenize(paragraph).join(' ')} wrapped in the source`,
      `${tokenize(paragraph).join(' ')} ending here`,
    ]);
  });
});
