import { MAX_TOP_LIMIT, type CountingChoices, type StoredCounts } from '../core/results.js';
import type { WordCounts } from './count-words.js';

/**
 * Serialised where the counts are made, in the counting thread: four strings cross to the main
 * thread far more cheaply than thousands of small arrays would.
 */
export function toStoredCounts(counts: WordCounts, choices: CountingChoices): StoredCounts {
  return {
    ...choices,
    allJson: JSON.stringify(counts.all),
    noStopWordsJson: JSON.stringify(counts.noStopWords),
    topAllJson: JSON.stringify(counts.all.slice(0, MAX_TOP_LIMIT)),
    topNoStopWordsJson: JSON.stringify(counts.noStopWords.slice(0, MAX_TOP_LIMIT)),
    totalWords: counts.totalWords,
    uniqueWords: counts.uniqueWords,
  };
}
