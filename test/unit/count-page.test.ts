import { describe, expect, it } from 'vitest';
import { countPage } from '../../src/text/count-page.js';

describe('countPage', () => {
  it('extracts, tokenizes and counts the visible words of an HTML page', () => {
    const source = '<html><head><title>Ignored Title</title></head><body>'
      + '<h1>The Cat</h1><p>The cat sat on the mat. The CAT!</p>'
      + '<ul><li>mat</li><li>Mat</li></ul><script>cat cat cat</script></body></html>';
    const result = countPage({ bytes: Buffer.from(source, 'utf8'), mimeType: 'text/html' });

    expect(result.all).toEqual([['The', 4], ['Cat', 3], ['mat', 3], ['on', 1], ['sat', 1]]);
    // "the" and "on" are English stop words.
    expect(result.noStopWords).toEqual([['Cat', 3], ['mat', 3], ['sat', 1]]);
    expect(result.totalWords).toBe(12);
    expect(result.uniqueWords).toBe(5);
  });
});
