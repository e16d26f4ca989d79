import stopwords from 'natural/lib/natural/util/stopwords.js';

/** natural's English stop-word list, lower-cased for case-insensitive lookup. */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(stopwords.words.map((word) => word.toLowerCase()));
