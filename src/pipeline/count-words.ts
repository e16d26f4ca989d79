/** A word and how often it occurs, as the API and the database carry it. */
export type WordCount = [word: string, count: number];

export interface WordCounts {
  /** Every word, most frequent first, then by word. */
  all: WordCount[];
  /** The same without stop words. */
  noStopWords: WordCount[];
  totalWords: number;
  uniqueWords: number;
}

interface Tally {
  count: number;
  /** How often each spelling occurred, in first-seen order; the most frequent one is reported. */
  spellings: Map<string, number>;
}

/** Folds case, the typographic apostrophe and hyphen, so `Don’t`, `don't` and `DON'T` count as one word. */
export function wordKey(word: string): string {
  return word.toLowerCase().replaceAll('’', "'").replaceAll('‐', '-');
}

/** Counts words case-insensitively, reporting each in its most frequent spelling. */
export function countWords(words: readonly string[], stopWords: ReadonlySet<string>): WordCounts {
  const tallies = new Map<string, Tally>();
  for (const word of words) {
    const key = wordKey(word);
    const tally = tallies.get(key);
    if (tally === undefined) {
      tallies.set(key, { count: 1, spellings: new Map([[word, 1]]) });
    } else {
      tally.count += 1;
      tally.spellings.set(word, (tally.spellings.get(word) ?? 0) + 1);
    }
  }

  const keyed = [...tallies].map(([key, tally]) => ({ key, count: tally.count, word: mostFrequentSpelling(tally) }));
  keyed.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : a.word < b.word ? -1 : 1));

  const all: WordCount[] = keyed.map(({ word, count }) => [word, count]);
  const noStopWords: WordCount[] = keyed.filter(({ key }) => !stopWords.has(key)).map(({ word, count }) => [word, count]);
  return { all, noStopWords, totalWords: words.length, uniqueWords: tallies.size };
}

function mostFrequentSpelling(tally: Tally): string {
  let best = '';
  let bestCount = 0;
  for (const [spelling, count] of tally.spellings) {
    if (count > bestCount) {
      best = spelling;
      bestCount = count;
    }
  }
  return best;
}
