import { MAX_PHRASES_KEPT, type WordCount } from '../core/results.js';
import { wordKey } from '../core/word-key.js';
import { countWords } from './count-words.js';

export interface Phrases {
  twoWords: WordCount[];
  threeWords: WordCount[];
}

const NO_STOP_WORDS: ReadonlySet<string> = new Set();

/**
 * The most frequent two- and three-word sequences within a sentence (`ends` as sentenceEnds gives
 * them), neither starting nor ending with a stop word: `department of justice`, never `of the`
 * nor `state of the`. Words are joined by one space, in every script, so a phrase splits back into
 * its words. Counted as words are (countWords): case-insensitively, each phrase in its most
 * frequent spelling, most frequent first; MAX_PHRASES_KEPT of each length.
 */
export function countPhrases(words: readonly string[], ends: readonly number[], stopWords: ReadonlySet<string>): Phrases {
  const isStopWord = stopWordFlags(words, stopWords);
  const two: string[] = [];
  const three: string[] = [];
  let start = 0;
  for (const end of ends) {
    for (let i = start; i < end - 1; i++) {
      if (isStopWord[i]) continue;
      if (!isStopWord[i + 1]) two.push(`${words[i]} ${words[i + 1]}`);
      if (i + 2 < end && !isStopWord[i + 2]) three.push(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
    }
    start = end;
  }
  return { twoWords: mostFrequent(two), threeWords: mostFrequent(three) };
}

/** wordKey folds a phrase as it folds each of its words, so a phrase's key is its words' keys joined. */
function mostFrequent(phrases: readonly string[]): WordCount[] {
  const { all } = countWords(phrases, NO_STOP_WORDS);
  return all.length > MAX_PHRASES_KEPT ? all.slice(0, MAX_PHRASES_KEPT) : all;
}

/** Looked up once per spelling: a page repeats its words. */
function stopWordFlags(words: readonly string[], stopWords: ReadonlySet<string>): Uint8Array {
  const flags = new Uint8Array(words.length);
  if (stopWords.size === 0) return flags;
  const known = new Map<string, boolean>();
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    let isStopWord = known.get(word);
    if (isStopWord === undefined) known.set(word, (isStopWord = stopWords.has(wordKey(word))));
    if (isStopWord) flags[i] = 1;
  }
  return flags;
}
