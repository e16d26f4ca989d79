import { describe, expect, it } from 'vitest';
import { countPage } from '../../src/text/count-page.js';

const html = (source: string) => ({ bytes: Buffer.from(source, 'utf8'), mimeType: 'text/html' });

const FRENCH = `<html lang="fr"><body><p>L'homme marche dans la rue et regarde l'horizon. Les enfants de la ville
  jouent dans le parc pendant que les parents parlent de l'école, du travail et de la vie quotidienne.</p></body></html>`;

describe('countPage', () => {
  it('extracts, tokenizes and counts the visible words of an HTML page', () => {
    const source = '<html><head><title>Ignored Title</title></head><body>'
      + '<h1>The Cat</h1><p>The cat sat on the mat. The CAT!</p>'
      + '<ul><li>mat</li><li>Mat</li></ul><script>cat cat cat</script></body></html>';
    const { counts } = countPage(html(source));

    expect(counts.all).toEqual([['The', 4], ['Cat', 3], ['mat', 3], ['on', 1], ['sat', 1]]);
    // "the" and "on" are English stop words.
    expect(counts.noStopWords).toEqual([['Cat', 3], ['mat', 3], ['sat', 1]]);
    expect(counts.totalWords).toBe(12);
    expect(counts.uniqueWords).toBe(5);
  });

  it('counts in the language of the text, splitting its elision and removing its stop words', () => {
    const { counts, language, stopWords, contentUsed } = countPage(html(FRENCH));
    expect({ language, stopWords, contentUsed }).toEqual({ language: 'fr', stopWords: 'fr', contentUsed: 'page' });
    const kept = counts.noStopWords.map(([word]) => word.toLowerCase());
    expect(kept).toEqual(expect.arrayContaining(['homme', 'horizon', 'école', 'enfants']));
    for (const stopWord of ["l'", 'la', 'les', 'de', 'et', 'dans']) expect(kept).not.toContain(stopWord);
  });

  it('counts in the language asked for instead of the detected one', () => {
    const { language, stopWords, counts } = countPage(html(FRENCH), { content: 'page', language: 'en' });
    expect({ language, stopWords }).toEqual({ language: 'en', stopWords: 'en' });
    // Without French rules, elision stays whole and French function words stay.
    expect(counts.noStopWords.map(([word]) => word.toLowerCase())).toEqual(expect.arrayContaining(["l'homme", 'dans']));
  });

  it('counts only the main content when asked, and the whole page when there is none', () => {
    const prose = 'The harbour master counted every vessel that entered the bay during the long winter, noting its cargo and crew.';
    const page = html(`<html><body><nav><a href="/a">Home</a> <a href="/b">Archive</a></nav>
      <article><p>${prose}</p><p>${prose}</p><p>${prose}</p></article><footer>Copyright notice</footer></body></html>`);
    const main = countPage(page, { content: 'main' });
    expect(main.contentUsed).toBe('main');
    expect(main.counts.all.map(([word]) => word)).not.toContain('Archive');
    expect(countPage(page, { content: 'page' }).counts.all.map(([word]) => word)).toContain('Archive');
    expect(countPage(html('<p>one short line</p>'), { content: 'main' }).contentUsed).toBe('page');
  });
});
