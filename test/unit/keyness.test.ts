import { describe, expect, it } from 'vitest';
import { compareCounts, logLikelihood, logRatio } from '../../src/web/analysis/keyness.js';

// Expected values worked by hand from the UCREL calculator's formula: E_i = N_i·(a+b)/(N_a+N_b), G² = 2·Σ O_i·ln(O_i/E_i).
describe('logLikelihood', () => {
  it('is 2·(10·ln(10/7.5) + 5·ln(5/7.5)) for 10 and 5 in two corpora of 1,000', () => {
    // E = 7.5 each: 2·(2.876821 − 2.027326) = 1.698990
    expect(logLikelihood(10, 5, 1_000, 1_000)).toBeCloseTo(1.69899, 5);
  });

  it('weighs the expected counts by corpus size', () => {
    // E_a = 10,000·120/30,000 = 40, E_b = 80: 2·(100·ln 2.5 + 20·ln 0.25) = 2·(91.629073 − 27.725887)
    expect(logLikelihood(100, 20, 10_000, 20_000)).toBeCloseTo(127.806372, 5);
  });

  it('takes 0·ln 0 as 0', () => {
    // E = 3.5 each: 2·7·ln 2 = 9.704061
    expect(logLikelihood(7, 0, 5_000, 5_000)).toBeCloseTo(9.704061, 5);
  });

  it('is 0 when the relative frequencies are equal', () => {
    expect(logLikelihood(4, 8, 1_000, 2_000)).toBeCloseTo(0, 10);
  });
});

describe('logRatio', () => {
  it('is log2 of the ratio of relative frequencies', () => {
    expect(logRatio(100, 20, 10_000, 20_000)).toBeCloseTo(Math.log2(10), 10);
    expect(logRatio(5, 10, 1_000, 1_000)).toBe(-1);
    expect(logRatio(3, 6, 1_000, 2_000)).toBe(0);
  });
});

describe('compareCounts', () => {
  const sizes = { sizeA: 2_000, sizeB: 2_000, minCount: 5 };

  it('splits significant words by direction, strongest first, and lists the words only one side has', () => {
    const keyness = compareCounts(
      [['harbor', 40], ['ship', 12], ['sea', 10], ['rope', 1], ['anchor', 9]],
      [['harbor', 10], ['ship', 5], ['sea', 30], ['rope', 3], ['cloud', 5]],
      sizes,
    );
    expect(keyness.overused.map((word) => word.word)).toEqual(['harbor']);
    expect(keyness.overused[0]).toEqual({
      word: 'harbor', a_count: 40, b_count: 10, a_per_million: 20_000, b_per_million: 5_000,
      g2: Math.round(logLikelihood(40, 10, 2_000, 2_000) * 100) / 100, log_ratio: 2,
    });
    // ship: 12 against 5 gives G² 2.97, under 3.84.
    expect(keyness.underused.map((word) => [word.word, word.log_ratio])).toEqual([['sea', -1.585]]);
    // rope: 1 + 3 is under min_count 5.
    expect(keyness.only_in_a).toEqual([['anchor', 9]]);
    expect(keyness.only_in_b).toEqual([['cloud', 5]]); // exactly min_count: kept
  });

  it('orders by G², and keeps a word seen exactly min_count times in both together', () => {
    // tide: 18 against 2, G² 14.72; harbor: 40 against 10, G² 19.27.
    const keyness = compareCounts([['tide', 18], ['harbor', 40]], [['harbor', 10], ['tide', 2]], { ...sizes, minCount: 20 });
    expect(keyness.overused.map((word) => [word.word, word.g2])).toEqual([['harbor', 19.27], ['tide', 14.72]]);
  });

  it('takes two spellings of one word (wordKey) as the same word, with a\'s spelling', () => {
    const keyness = compareCounts([['Straße', 50]], [['STRASSE', 5]], sizes);
    expect(keyness.overused.map((word) => [word.word, word.a_count, word.b_count])).toEqual([['Straße', 50, 5]]);
    expect(keyness.only_in_a).toEqual([]);
    expect(keyness.only_in_b).toEqual([]);
  });

  it('finds nothing between a result and itself', () => {
    const counts: Array<[string, number]> = [['harbor', 40], ['sea', 10]];
    expect(compareCounts(counts, counts, { sizeA: 50, sizeB: 50, minCount: 1 })).toEqual({ overused: [], underused: [], only_in_a: [], only_in_b: [] });
  });
});
