import { describe, expect, it } from 'vitest';
import { MAX_TOP_LIMIT, type WordCount } from '../../src/core/results.js';
import { toStoredCounts } from '../../src/text/stored-counts.js';

const ENGLISH_PAGE = { language: 'en', stopWords: 'en', contentUsed: 'page' } as const;

describe('toStoredCounts', () => {
  it('serialises every list and cuts the top lists at MAX_TOP_LIMIT', () => {
    const all: WordCount[] = Array.from({ length: MAX_TOP_LIMIT + 20 }, (_, i) => [`w${i}`, 1000 - i]);
    const noStopWords = all.filter((_, i) => i % 2 === 0);
    const stored = toStoredCounts({ all, noStopWords, totalWords: 123_456, uniqueWords: all.length }, ENGLISH_PAGE);

    expect(JSON.parse(stored.allJson)).toEqual(all);
    expect(JSON.parse(stored.noStopWordsJson)).toEqual(noStopWords);
    expect(JSON.parse(stored.topAllJson)).toEqual(all.slice(0, MAX_TOP_LIMIT));
    // Fewer than MAX_TOP_LIMIT entries (60): the top list is the whole list.
    expect(JSON.parse(stored.topNoStopWordsJson)).toEqual(noStopWords);
    expect(stored).toMatchObject({ totalWords: 123_456, uniqueWords: MAX_TOP_LIMIT + 20 });
  });

  it('keeps quotes, backslashes and non-ASCII words intact', () => {
    const all: WordCount[] = [["don't", 2], ['Москва', 1], ['a"b\\c', 1]];
    const stored = toStoredCounts({ all, noStopWords: all, totalWords: 4, uniqueWords: 3 }, ENGLISH_PAGE);
    expect(JSON.parse(stored.allJson)).toEqual(all);
  });
});
