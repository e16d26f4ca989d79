import { describe, expect, it } from 'vitest';
import { countWords } from '../../src/text/count-words.js';
import { wordKey } from '../../src/core/word-key.js';

const NO_STOP_WORDS: ReadonlySet<string> = new Set();

describe('wordKey', () => {
  it('folds case', () => {
    expect(wordKey('PyThOn')).toBe('python');
  });

  it('folds the typographic apostrophe into the ASCII one', () => {
    expect(wordKey('Don’t')).toBe(wordKey("don't"));
    expect(wordKey("DON'T")).toBe("don't");
  });
});

describe('wordKey: hyphens', () => {
  it('folds the Unicode hyphen into the ASCII one', () => {
    expect(wordKey('Web‐Dev')).toBe('web-dev');
  });
});

describe('wordKey: full case folding', () => {
  it('folds ß, ẞ and SS alike', () => {
    expect(new Set(['Straße', 'STRASSE', 'strasse', 'STRAẞE'].map(wordKey))).toEqual(new Set(['strasse']));
  });

  it('folds final sigma, ligatures and Cyrillic', () => {
    expect(wordKey('ΣΟΦΟΣ')).toBe(wordKey('σοφος'));
    expect(wordKey('ﬁnd')).toBe('find');
    expect(wordKey('ЁЛКА')).toBe('ёлка');
  });

  it('folds Catalan ŀ into l with a middle dot', () => {
    expect(wordKey('INSTAĿLACIÓ')).toBe(wordKey('instal·lació'));
  });

  it('folds the typographic apostrophe of a non-ASCII word', () => {
    expect(wordKey('L’Été')).toBe("l'été");
  });
});

describe('countWords', () => {
  it('counts the spellings of a folded word together under the most frequent one', () => {
    const result = countWords(['Straße', 'STRASSE', 'straße', 'Straße'], NO_STOP_WORDS);
    expect(result.all).toEqual([['Straße', 4]]);
  });


  it('counts case-insensitively and reports the most frequent spelling', () => {
    const result = countWords(['Python', 'python', 'PYTHON', 'Python'], NO_STOP_WORDS);
    expect(result.all).toEqual([['Python', 4]]);
  });

  it('reports the most frequent spelling even when it is not seen first', () => {
    expect(countWords(['PYTHON', 'python', 'python'], NO_STOP_WORDS).all).toEqual([['python', 3]]);
  });

  it('breaks a tie between spellings in favour of the first seen', () => {
    expect(countWords(['Go', 'go'], NO_STOP_WORDS).all).toEqual([['Go', 2]]);
    expect(countWords(['go', 'Go'], NO_STOP_WORDS).all).toEqual([['go', 2]]);
  });

  it('counts typographic and ASCII apostrophes as one word', () => {
    const result = countWords(['don’t', "don't", "Don't"], NO_STOP_WORDS);
    expect(result.all).toHaveLength(1);
    expect(result.all[0]?.[1]).toBe(3);
    expect(result.uniqueWords).toBe(1);
  });

  it('excludes stop words case-insensitively from noStopWords but keeps them in all', () => {
    const result = countWords(['The', 'cat', 'the', 'THE', 'sat'], new Set(['the']));
    expect(result.all).toEqual([['The', 3], ['cat', 1], ['sat', 1]]);
    expect(result.noStopWords).toEqual([['cat', 1], ['sat', 1]]);
  });

  it('orders by count descending, then by word ascending ignoring case', () => {
    const result = countWords(['pear', 'banana', 'Apple', 'pear', 'cherry', 'cherry', 'pear'], NO_STOP_WORDS);
    expect(result.all).toEqual([['pear', 3], ['cherry', 2], ['Apple', 1], ['banana', 1]]);
  });

  it('orders the same words the same way whatever their input order', () => {
    const words = ['delta', 'alpha', 'charlie', 'bravo', 'alpha', 'echo', 'delta'];
    const expected = [['alpha', 2], ['delta', 2], ['bravo', 1], ['charlie', 1], ['echo', 1]];
    expect(countWords(words, NO_STOP_WORDS).all).toEqual(expected);
    expect(countWords([...words].reverse(), NO_STOP_WORDS).all).toEqual(expected);
  });

  it('reports totalWords including stop words and uniqueWords after case folding', () => {
    const result = countWords(['A', 'a', 'b', 'The', 'the', 'c'], new Set(['the', 'a']));
    expect(result.totalWords).toBe(6);
    expect(result.uniqueWords).toBe(4);
    expect(result.noStopWords).toEqual([['b', 1], ['c', 1]]);
  });

  it('returns empty lists and zero counts for no words', () => {
    expect(countWords([], new Set(['the']))).toEqual({ all: [], noStopWords: [], totalWords: 0, uniqueWords: 0 });
  });
});
