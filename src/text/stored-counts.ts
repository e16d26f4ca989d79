import { brotliCompressSync, constants } from 'node:zlib';
import { MAX_TOP_LIMIT, type CountingChoices, type StoredCounts } from '../core/results.js';
import type { CountedWords, PageCounts } from './count-page.js';
import type { WordCounts } from './count-words.js';

/** Brotli's quality for the counted text: see README, "Storage", for the sizes and times it was chosen by. */
export const COUNTED_TEXT_QUALITY = 1;

/** What a page's counting adds to its counts; rows made without it (tests' fixtures) store none. */
type CountedText = Partial<Pick<PageCounts, 'counted' | 'phrases'>>;

/**
 * Serialised where the counts are made, in the counting thread: a few strings and one buffer cross
 * to the main thread far more cheaply than thousands of small arrays would. `keepText` false (no
 * retention of the counted text) skips compressing it.
 */
export function toStoredCounts(counts: WordCounts, { counted, phrases, ...choices }: CountingChoices & CountedText, keepText = true): StoredCounts {
  return {
    language: choices.language,
    stopWords: choices.stopWords,
    contentUsed: choices.contentUsed,
    allJson: JSON.stringify(counts.all),
    noStopWordsJson: JSON.stringify(counts.noStopWords),
    topAllJson: JSON.stringify(counts.all.slice(0, MAX_TOP_LIMIT)),
    topNoStopWordsJson: JSON.stringify(counts.noStopWords.slice(0, MAX_TOP_LIMIT)),
    totalWords: counts.totalWords,
    uniqueWords: counts.uniqueWords,
    sentenceCount: counted?.sentenceEnds.length ?? null,
    twoWordPhrasesJson: phrases === undefined ? null : JSON.stringify(phrases.twoWords),
    threeWordPhrasesJson: phrases === undefined ? null : JSON.stringify(phrases.threeWords),
    countedText: counted !== undefined && keepText ? compressCountedText(counted) : null,
  };
}

/** The words as counted, one space between words and a sentence per line, as UTF-8 compressed with Brotli. */
export function compressCountedText({ words, sentenceEnds }: CountedWords): Uint8Array {
  // Appended piece by piece (V8 joins the pieces once, in Buffer.from): 47 ms for the 300 bench pages against 57 joining each line.
  let lines = '';
  let nextEnd = 0;
  for (let i = 0; i < words.length; i++) {
    if (i === sentenceEnds[nextEnd]) {
      lines += '\n';
      nextEnd += 1;
    } else if (i > 0) lines += ' ';
    lines += words[i];
  }
  const text = Buffer.from(lines);
  const compressed = brotliCompressSync(text, {
    params: {
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_QUALITY]: COUNTED_TEXT_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: text.length,
    },
  });
  // A buffer of its own (zlib's may be a view of a larger one), which the thread can transfer rather than copy.
  return new Uint8Array(compressed);
}
