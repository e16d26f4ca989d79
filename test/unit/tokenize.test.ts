import { describe, expect, it } from 'vitest';
import { MAX_WORD_JOINS, MAX_WORD_PART, tokenize } from '../../src/text/tokenize.js';

describe('tokenize', () => {
  it('keeps accented and non-Latin words whole', () => {
    expect(tokenize('café naïve déjà-vu Ελληνικά Москва')).toEqual(['café', 'naïve', 'déjà-vu', 'Ελληνικά', 'Москва']);
  });

  it('keeps inner hyphens and apostrophes', () => {
    expect(tokenize("web-dev don't O'Brien")).toEqual(['web-dev', "don't", "O'Brien"]);
  });

  it('keeps a typographic apostrophe inside one token', () => {
    expect(tokenize('don’t stop')).toEqual(['don’t', 'stop']);
  });

  it('drops numbers, including decimals and thousands', () => {
    expect(tokenize('42 apples cost 5.50 or 1,000')).toEqual(['apples', 'cost', 'or']);
  });

  it('drops punctuation and does not attach a sentence-final period', () => {
    expect(tokenize('Hello, world. Really?! (yes) — "quoted" ...')).toEqual(['Hello', 'world', 'Really', 'yes', 'quoted']);
  });

  it('does not keep leading, trailing or doubled joiners', () => {
    expect(tokenize("'quoted' trailing- a--b")).toEqual(['quoted', 'trailing', 'a', 'b']);
  });

  it('keeps tokens that mix letters and digits', () => {
    expect(tokenize('abc123 123abc mp3')).toEqual(['abc123', '123abc', 'mp3']);
  });

  it('normalizes decomposed Unicode to the composed form', () => {
    const decomposed = 'cafe\u0301';
    const [token, ...rest] = tokenize(decomposed);
    expect(rest).toEqual([]);
    expect(token).toBe('caf\u00e9');
    expect(token).toHaveLength(4);
  });

  it('returns an empty array for empty or word-less text', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize('  ... 123 !!! ')).toEqual([]);
  });

  it('splits on any whitespace', () => {
    expect(tokenize('one\ttwo\nthree\u00a0four')).toEqual(['one', 'two', 'three', 'four']);
  });
});

describe('tokenize: runs no person reads as a word', () => {
  it('survives one letter followed by 5 million combining marks, which once overflowed the stack', () => {
    expect(tokenize(`before a${'\u0301'.repeat(5_000_000)} after`)).toEqual(['before', 'after']);
  });

  it(`keeps a run of ${MAX_WORD_PART} characters and drops a longer one whole, not in pieces`, () => {
    const longest = 'x'.repeat(MAX_WORD_PART);
    expect(tokenize(`a ${longest} b ${longest}y c`)).toEqual(['a', longest, 'b', 'c']);
  });

  it(`keeps ${MAX_WORD_JOINS} joins and drops a word with more`, () => {
    const joined = Array.from({ length: MAX_WORD_JOINS + 1 }, () => 'ab').join('-');
    expect(tokenize(`${joined} then ${joined}-ab end`)).toEqual([joined, 'then', 'end']);
  });

  it('splits 5 MB of hyphen-joined letters in linear time', () => {
    expect(tokenize(`${'a-'.repeat(2_500_000)} end`)).toEqual(['end']);
  });
});
