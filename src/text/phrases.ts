import { MAX_PHRASES_KEPT, type WordCount } from '../core/results.js';
import { countSpellings, mostFrequentSpelling, spellingsOf, type Spellings } from './count-words.js';

export interface Phrases {
  twoWords: WordCount[];
  threeWords: WordCount[];
}

/** The words of a text as phrases see them: each word's rank among the text's distinct keys, sorted, and which are stop words. */
interface RankedWords {
  words: readonly string[];
  ends: readonly number[];
  ranks: Int32Array;
  isStopWord: Uint8Array;
  /** How many distinct keys (wordKey) the words have. */
  keyCount: number;
}

const NO_STOP_WORDS: ReadonlySet<string> = new Set();

/**
 * The most frequent two- and three-word sequences within a sentence (`ends` as sentenceEnds gives
 * them), neither starting nor ending with a stop word: `department of justice`, never `of the`
 * nor `state of the`. Words are joined by one space, in every script, so a phrase splits back into
 * its words. Counted as words are (count-words.ts): case-insensitively by wordKey, each phrase in
 * its most frequent spelling (a tie to the first seen), most frequent first, then by key;
 * MAX_PHRASES_KEPT of each length.
 *
 * A phrase is counted as a number, not a string: its words' ranks among the sorted keys, combined,
 * which orders phrases as their joined keys would sort (a space sorts before anything a word holds).
 * Building and hashing a string for every sequence cost more than counting the words themselves.
 */
export function countPhrases(spellings: Spellings, ends: readonly number[], stopWords: ReadonlySet<string>): Phrases {
  const ranked = rankWords(spellings, ends, stopWords);
  return { twoWords: topPhrases(ranked, 2), threeWords: topPhrases(ranked, 3) };
}

function rankWords({ spellings, keys, ofWord }: Spellings, ends: readonly number[], stopWords: ReadonlySet<string>): RankedWords {
  // The default sort compares as `<` does (code units), natively: much faster than a comparator.
  const sortedKeys = [...new Set(keys)].sort();
  const rankOfKey = new Map<string, number>();
  for (let rank = 0; rank < sortedKeys.length; rank++) rankOfKey.set(sortedKeys[rank]!, rank);
  const rankOfSpelling = new Int32Array(keys.length);
  const stopSpelling = new Uint8Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    rankOfSpelling[i] = rankOfKey.get(keys[i]!)!;
    if (stopWords.has(keys[i]!)) stopSpelling[i] = 1;
  }
  const words = new Array<string>(ofWord.length);
  const ranks = new Int32Array(ofWord.length);
  const isStopWord = new Uint8Array(ofWord.length);
  for (let i = 0; i < ofWord.length; i++) {
    const spelling = ofWord[i]!;
    words[i] = spellings[spelling]!;
    ranks[i] = rankOfSpelling[spelling]!;
    isStopWord[i] = stopSpelling[spelling]!;
  }
  return { words, ends, ranks, isStopWord, keyCount: sortedKeys.length };
}

/** Positions where a phrase of `length` words starts: within a sentence, with no stop word at either end. */
function phraseStarts({ ends, isStopWord }: RankedWords, length: number): Int32Array {
  const starts = new Int32Array(isStopWord.length);
  let count = 0;
  let start = 0;
  for (const end of ends) {
    for (let i = start; i + length <= end; i++) if (!isStopWord[i] && !isStopWord[i + length - 1]) starts[count++] = i;
    start = end;
  }
  return starts.subarray(0, count);
}

function topPhrases(ranked: RankedWords, length: 2 | 3): WordCount[] {
  // Past about 208,000 distinct words a three-word number would lose precision: count strings instead.
  if (ranked.keyCount ** length > Number.MAX_SAFE_INTEGER) return countedAsStrings(ranked, length);
  const starts = phraseStarts(ranked, length);
  const ids = phraseIds(ranked, starts, length);
  const kept = mostFrequent(ids.slice().sort());
  return spelled(ranked.words, length, kept, starts, ids);
}

/** Each phrase as a number: its words' ranks, as digits in base keyCount. */
function phraseIds({ ranks, keyCount }: RankedWords, starts: Int32Array, length: 2 | 3): Float64Array {
  const ids = new Float64Array(starts.length);
  for (let j = 0; j < starts.length; j++) {
    const i = starts[j]!;
    const two = ranks[i]! * keyCount + ranks[i + 1]!;
    ids[j] = length === 2 ? two : two * keyCount + ranks[i + 2]!;
  }
  return ids;
}

/**
 * The MAX_PHRASES_KEPT most frequent phrases, most frequent first, then by id (the order of their
 * keys), from the ids sorted: equal ids are runs, and runs come in id order.
 */
function mostFrequent(sortedIds: Float64Array): Map<number, number> {
  const runIds: number[] = [];
  const runCounts: number[] = [];
  for (let j = 0; j < sortedIds.length; ) {
    let k = j + 1;
    while (k < sortedIds.length && sortedIds[k] === sortedIds[j]) k++;
    runIds.push(sortedIds[j]!);
    runCounts.push(k - j);
    j = k;
  }
  const kept = new Map<number, number>();
  if (runIds.length === 0) return kept;
  const least = Int32Array.from(runCounts).sort().reverse()[Math.min(MAX_PHRASES_KEPT, runCounts.length) - 1]!;
  const above: number[] = [];
  for (let r = 0; r < runIds.length; r++) if (runCounts[r]! > least) above.push(r);
  above.sort((a, b) => runCounts[b]! - runCounts[a]! || a - b);
  for (const r of above) kept.set(runIds[r]!, runCounts[r]!);
  for (let r = 0; r < runIds.length && kept.size < MAX_PHRASES_KEPT; r++) if (runCounts[r] === least) kept.set(runIds[r]!, least);
  return kept;
}

/**
 * The kept phrases in their most frequent spelling (a tie to the first seen). Most phrases are only
 * ever spelled one way, so a phrase's spellings are tallied only once a second spelling turns up.
 */
function spelled(words: readonly string[], length: 2 | 3, kept: ReadonlyMap<number, number>, starts: Int32Array, ids: Float64Array): WordCount[] {
  const first = new Map<number, { at: number; times: number }>();
  const tallies = new Map<number, Map<string, number>>();
  for (let j = 0; j < ids.length; j++) {
    const id = ids[j]!;
    if (!kept.has(id)) continue;
    const at = starts[j]!;
    const seen = first.get(id);
    if (seen === undefined) {
      first.set(id, { at, times: 1 });
      continue;
    }
    let tally = tallies.get(id);
    if (tally === undefined) {
      if (sameSpelling(words, seen.at, at, length)) {
        seen.times += 1;
        continue;
      }
      tallies.set(id, (tally = new Map([[spellingAt(words, seen.at, length), seen.times]])));
    }
    const spelling = spellingAt(words, at, length);
    tally.set(spelling, (tally.get(spelling) ?? 0) + 1);
  }
  return [...kept].map(([id, count]) => {
    const tally = tallies.get(id);
    return [tally ? mostFrequentSpelling(tally)! : spellingAt(words, first.get(id)!.at, length), count];
  });
}

function sameSpelling(words: readonly string[], a: number, b: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (words[a + k] !== words[b + k]) return false;
  return true;
}

function spellingAt(words: readonly string[], i: number, length: 2 | 3): string {
  return length === 2 ? `${words[i]} ${words[i + 1]}` : `${words[i]} ${words[i + 1]} ${words[i + 2]}`;
}

/** The same count over the phrases as strings, as words are counted (wordKey folds a phrase as it folds its words). */
function countedAsStrings(ranked: RankedWords, length: 2 | 3): WordCount[] {
  const phrases: string[] = [];
  for (const i of phraseStarts(ranked, length)) phrases.push(spellingAt(ranked.words, i, length));
  return countSpellings(spellingsOf(phrases), NO_STOP_WORDS).all.slice(0, MAX_PHRASES_KEPT);
}
