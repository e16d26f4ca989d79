import { readingMinutes, readingWordsPerMinute } from './reading-time.js';

export interface SummaryCounts {
  totalWords: number | null;
  uniqueWords: number | null;
  sentenceCount: number | null;
  language: string | null;
}

/** What a result's counts say about its text: vocabulary density, sentence length, reading time. */
export function summariseText({ totalWords, uniqueWords, sentenceCount, language }: SummaryCounts) {
  const words = totalWords ?? 0;
  const wordsPerMinute = readingWordsPerMinute(language);
  return {
    words,
    distinct_words: uniqueWords ?? 0,
    // Distinct words over words (Voyant's vocabulary density); none for a text without words.
    vocabulary_density: words > 0 && uniqueWords !== null ? Number((uniqueWords / words).toPrecision(4)) : null,
    // Null for a result counted before sentences were.
    sentences: sentenceCount,
    words_per_sentence: sentenceCount ? Math.round((words / sentenceCount) * 10) / 10 : null,
    reading_minutes: readingMinutes(words, wordsPerMinute),
    reading_words_per_minute: wordsPerMinute,
  };
}
