import { describe, expect, it } from 'vitest';
import { MAX_PHRASES_KEPT } from '../../src/core/results.js';
import { wordKey } from '../../src/core/word-key.js';
import { countWords, spellingsOf } from '../../src/text/count-words.js';
import { countPhrases } from '../../src/text/phrases.js';
import { sentenceEnds } from '../../src/text/sentences.js';
import { stopWordsFor } from '../../src/text/stop-words.js';
import { tokenize } from '../../src/text/tokenize.js';

function phrases(text: string, language = 'en') {
  const words = tokenize(text, language);
  return countPhrases(spellingsOf(words), sentenceEnds(text, words), stopWordsFor(language).words);
}

describe('countPhrases', () => {
  it('neither starts nor ends a phrase with a stop word, though one may sit inside', () => {
    const { twoWords, threeWords } = phrases('The state of the art. The Department of Justice.');
    expect(twoWords).toEqual([]);
    expect(threeWords).toEqual([['Department of Justice', 1]]);
  });

  it('never runs a phrase across sentences', () => {
    expect(phrases('Harbor pilots. Lighthouse keepers').twoWords).toEqual([['Harbor pilots', 1], ['Lighthouse keepers', 1]]);
  });

  it('counts case-insensitively, shows the most frequent spelling, a tie going to the first seen', () => {
    const { twoWords } = phrases('New York! new york! NEW YORK! New York! Old Town! old town!');
    expect(twoWords).toEqual([['New York', 4], ['Old Town', 2]]);
  });

  it('orders equal counts as words are ordered: by their keys, code point by code point', () => {
    const { twoWords } = phrases('zebra crossing! apple pie! Apple tree! apple-pie stand!');
    expect(twoWords).toEqual([['apple pie', 1], ['Apple tree', 1], ['apple-pie stand', 1], ['zebra crossing', 1]]);
  });

  it('parts French elisions and takes the clitic for the stop word it is', () => {
    const { twoWords, threeWords } = phrases("L'homme du jour! l'homme du jour!", 'fr');
    expect(threeWords).toEqual([['homme du jour', 2]]);
    expect(twoWords.filter(([phrase]) => phrase.startsWith("l'") || phrase.startsWith("L'"))).toEqual([]);
  });

  it('joins the words of CJK phrases with one space, so a phrase splits back into its words', () => {
    const { twoWords } = phrases('我喜欢学习。我喜欢学习。', 'und');
    expect(twoWords[0]).toEqual(['喜欢 学习', 2]);
  });

  it('keeps the MAX_PHRASES_KEPT most frequent', () => {
    const words = Array.from({ length: MAX_PHRASES_KEPT + 50 }, (_, i) => `w${i.toString(36)}x`);
    const { twoWords } = phrases(`${words.join(' ')}. ${words.slice(0, 10).join(' ')}.`);
    expect(twoWords).toHaveLength(MAX_PHRASES_KEPT);
    expect(twoWords.slice(0, 9).every(([, count]) => count === 2)).toBe(true);
    expect(twoWords[9]![1]).toBe(1);
  });

  it('gives what countWords gives over the phrases as strings, for random text and past 208,000 distinct words', () => {
    let seed = 7;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const vocabulary = ['Harbor', 'harbor', 'HARBOR', 'the', 'of', 'Straße', 'strasse', 'ship', 'Ship', 'keeper', 'and', 'σοφος', 'ΣΟΦΟΣ', 'pier'];
    const randomText = Array.from({ length: 5_000 }, () => vocabulary[random(vocabulary.length)]! + (random(8) === 0 ? '.' : '')).join(' ');
    const manyWords = Array.from({ length: 210_000 }, (_, i) => `w${i.toString(36)}`);
    const manyText = `${manyWords.join(' ')}. ${manyWords.slice(0, 3).join(' ')}.`;
    for (const text of [randomText, manyText]) {
      const words = tokenize(text, 'en');
      const ends = sentenceEnds(text, words);
      const stopWords = stopWordsFor('en').words;
      expect(countPhrases(spellingsOf(words), ends, stopWords)).toEqual({ twoWords: asStrings(words, ends, stopWords, 2), threeWords: asStrings(words, ends, stopWords, 3) });
    }
  });
});

function asStrings(words: string[], ends: number[], stopWords: ReadonlySet<string>, length: number) {
  const phrases: string[] = [];
  let start = 0;
  for (const end of ends) {
    for (let i = start; i + length <= end; i++) {
      if (!stopWords.has(wordKey(words[i]!)) && !stopWords.has(wordKey(words[i + length - 1]!))) phrases.push(words.slice(i, i + length).join(' '));
    }
    start = end;
  }
  return countWords(phrases, new Set()).all.slice(0, MAX_PHRASES_KEPT);
}
