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
 * A text's words by spelling: each distinct spelling once, in first-seen order, with its count and
 * key (wordKey), and for each word the index of its spelling. Phrases (phrases.ts) read the words
 * through it too, so that no word is looked up twice.
 */
export interface Spellings {
  spellings: string[];
  counts: number[];
  keys: string[];
  /** For each word of the text, the index of its spelling. */
  ofWord: Int32Array;
}

/**
 * Counts words case-insensitively, reporting each in its most frequent spelling.
 *
 * Exact spellings are counted first (one map lookup per word), and only the distinct spellings,
 * about a third as many, are then folded into words: spellings are kept in first-seen order, so the
 * spellings of a word still arrive in that order for the tie-break.
 */
export function countWords(words: readonly string[], stopWords: ReadonlySet<string>): WordCounts {
  return countSpellings(spellingsOf(words), stopWords);
}

export function spellingsOf(words: readonly string[]): Spellings {
  const index = new Map<string, number>();
  const spellings: string[] = [];
  const counts: number[] = [];
  const ofWord = new Int32Array(words.length);
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const at = index.get(word);
    if (at === undefined) {
      ofWord[i] = spellings.length;
      index.set(word, spellings.length);
      spellings.push(word);
      counts.push(1);
    } else {
      ofWord[i] = at;
      counts[at]! += 1;
    }
  }
  return { spellings, counts, keys: spellings.map(wordKey), ofWord };
}

export function countSpellings({ spellings, counts, keys, ofWord }: Spellings, stopWords: ReadonlySet<string>): WordCounts {
  const tallies = new Map<string, Tally>();
  for (let i = 0; i < spellings.length; i++) {
    const key = keys[i]!;
    const spelling = spellings[i]!;
    const count = counts[i]!;
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
    // One spelling (most words) needs no search.
    const entry: WordCount = [tally.spellings.length === 1 ? tally.spellings[0]![0] : mostFrequentSpelling(tally.spellings)!, tally.count];
    all[i] = entry;
    if (!stopWords.has(tally.key)) noStopWords.push(entry);
  }
  return { all, noStopWords, totalWords: ofWord.length, uniqueWords: tallies.size };
}

/** Keys are unique, so the order is total. */
function byCountThenKey(a: Tally, b: Tally): number {
  return b.count - a.count || (a.key < b.key ? -1 : 1);
}

/** The most frequent of `[spelling, count]` entries in first-seen order; a tie goes to the one seen first. */
export function mostFrequentSpelling(spellings: Iterable<readonly [spelling: string, count: number]>): string | undefined {
  let best: string | undefined;
  let bestCount = 0;
  for (const [spelling, count] of spellings) {
    if (count > bestCount) {
      best = spelling;
      bestCount = count;
    }
  }
  return best;
}
