import { describe, expect, it } from 'vitest';
import { findContexts } from '../../src/web/analysis/word-contexts.js';

// Stored as counted: words as spelled, one space between, one sentence a line.
const TEXT = ['The Harbor was quiet', 'Ships left the harbor at dawn and the HARBOR slept', 'Nobody saw harbor-master Jones'].join('\n');

describe('findContexts', () => {
  it('finds every spelling of the word, with the words around it across sentences', () => {
    const found = findContexts(TEXT, 'harbor', 2, 10);
    expect(found.total).toBe(3);
    expect(found.contexts).toEqual([
      { before: 'The', match: 'Harbor', after: 'was quiet' },
      { before: 'left the', match: 'harbor', after: 'at dawn' },
      { before: 'and the', match: 'HARBOR', after: 'slept Nobody' },
    ]);
  });

  it('keeps `limit` contexts but counts them all', () => {
    const found = findContexts(TEXT, 'harbor', 1, 2);
    expect(found.total).toBe(3);
    expect(found.contexts.map((context) => context.before)).toEqual(['The', 'the']);
  });

  it('matches whole words by wordKey (folded case, typographic apostrophe)', () => {
    expect(findContexts('don’t STRASSE straße strassenbahn', 'strasse', 0, 5).contexts.map((context) => context.match)).toEqual(['STRASSE', 'straße']);
    expect(findContexts('I don’t know\ndon\'t', "don't", 1, 5).total).toBe(2);
  });

  it('finds nothing in an empty text', () => {
    expect(findContexts('', 'harbor', 5, 5)).toEqual({ total: 0, contexts: [] });
  });
});
