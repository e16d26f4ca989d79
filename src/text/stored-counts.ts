import type { WordCounts } from './count-words.js';

/** The longest top list a reader can ask for; the `top_*` columns hold this many entries. */
export const MAX_TOP_LIMIT = 100;

/** Word counts as the results row stores them: every list already JSON, ready for its json column. */
export interface StoredCounts {
  allJson: string;
  noStopWordsJson: string;
  topAllJson: string;
  topNoStopWordsJson: string;
  totalWords: number;
  uniqueWords: number;
}

/**
 * Serialised where the counts are made, in the counting thread: four strings cross to the main
 * thread far more cheaply than thousands of small arrays would.
 */
export function toStoredCounts(counts: WordCounts): StoredCounts {
  return {
    allJson: JSON.stringify(counts.all),
    noStopWordsJson: JSON.stringify(counts.noStopWords),
    topAllJson: JSON.stringify(counts.all.slice(0, MAX_TOP_LIMIT)),
    topNoStopWordsJson: JSON.stringify(counts.noStopWords.slice(0, MAX_TOP_LIMIT)),
    totalWords: counts.totalWords,
    uniqueWords: counts.uniqueWords,
  };
}
