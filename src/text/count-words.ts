import type { WordCount } from '../core/results.js';
import { wordKey } from '../core/word-key.js';

export interface WordCounts {
  /** Every word, most frequent first, then by word. */
  all: WordCount[];
  /** The same without stop words. */
  noStopWords: WordCount[];
  totalWords: number;
  uniqueWords: number;
}

/** One word, case folded: its spellings in first-seen order, with their counts. */
interface Tally {
  key: string;
  count: number;
  spellings: Array<[spelling: string, count: number]>;
}

/**
 * Counts words case-insensitively, reporting each in its most frequent spelling.
 *
 * Exact spellings are counted first (one map update per word), and only the distinct spellings,
 * about a third as many, are then folded into words: a map keeps insertion order, so the spellings
 * of a word still arrive in first-seen order for the tie-break.
 */
export function countWords(words: readonly string[], stopWords: ReadonlySet<string>): WordCounts {
  const exact = new Map<string, number>();
  for (const word of words) exact.set(word, (exact.get(word) ?? 0) + 1);

  const tallies = new Map<string, Tally>();
  for (const [spelling, count] of exact) {
    const key = wordKey(spelling);
    const tally = tallies.get(key);
    if (tally === undefined) {
      tallies.set(key, { key, count, spellings: [[spelling, count]] });
    } else {
      tally.count += count;
      tally.spellings.push([spelling, count]);
    }
  }

  const keyed = [...tallies.values()];
  keyed.sort(byCountThenKey);
  const all: WordCount[] = new Array<WordCount>(keyed.length);
  const noStopWords: WordCount[] = [];
  for (let i = 0; i < keyed.length; i++) {
    const tally = keyed[i]!;
    const entry: WordCount = [mostFrequentSpelling(tally), tally.count];
    all[i] = entry;
    if (!stopWords.has(tally.key)) noStopWords.push(entry);
  }
  return { all, noStopWords, totalWords: words.length, uniqueWords: tallies.size };
}

/** Keys are unique, so the order is total. */
function byCountThenKey(a: Tally, b: Tally): number {
  return b.count - a.count || (a.key < b.key ? -1 : 1);
}

/** The most frequent spelling; a tie goes to the one seen first. */
function mostFrequentSpelling({ spellings }: Tally): string {
  if (spellings.length === 1) return spellings[0]![0];
  let best = '';
  let bestCount = 0;
  for (const [spelling, count] of spellings) {
    if (count > bestCount) {
      best = spelling;
      bestCount = count;
    }
  }
  return best;
}
