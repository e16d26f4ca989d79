import { describe, expect, it } from 'vitest';
import { readingMinutes, readingWordsPerMinute } from '../../src/web/analysis/reading-time.js';
import { summariseText } from '../../src/web/analysis/text-summary.js';

describe('readingWordsPerMinute', () => {
  it('is Brysbaert\'s 238 for English and for languages IReST did not measure', () => {
    expect(readingWordsPerMinute('en')).toBe(238);
    expect(readingWordsPerMinute('ko')).toBe(238);
    expect(readingWordsPerMinute('und')).toBe(238);
    expect(readingWordsPerMinute(null)).toBe(238);
  });

  it('scales 238 by IReST\'s rate for the language against English\'s 228', () => {
    expect(readingWordsPerMinute('de')).toBe(Math.round((238 * 179) / 228)); // 187
    expect(readingWordsPerMinute('es')).toBe(228);
    expect(readingWordsPerMinute('zh-Hant')).toBe(Math.round((238 * 158) / 228)); // 165
  });
});

describe('readingMinutes', () => {
  it('rounds to a tenth of a minute', () => {
    expect(readingMinutes(1_000, 238)).toBe(4.2);
    expect(readingMinutes(0, 238)).toBe(0);
  });
});

describe('summariseText', () => {
  it('gives density to 4 significant digits, words per sentence to a tenth, and the rate used', () => {
    expect(summariseText({ totalWords: 3_000, uniqueWords: 1_234, sentenceCount: 140, language: 'de' })).toEqual({
      words: 3_000, distinct_words: 1_234, vocabulary_density: 0.4113, sentences: 140, words_per_sentence: 21.4,
      reading_minutes: 16, reading_words_per_minute: 187,
    });
  });

  it('has no density or sentence length without words or sentences', () => {
    expect(summariseText({ totalWords: 0, uniqueWords: 0, sentenceCount: 0, language: 'en' })).toMatchObject({
      vocabulary_density: null, words_per_sentence: null, reading_minutes: 0,
    });
  });
});
