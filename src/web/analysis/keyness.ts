import type { WordCount } from '../../core/results.js';
import { wordKey } from '../../core/word-key.js';

/** G² at or above this is significant at p < 0.05 (one degree of freedom). */
export const SIGNIFICANT_G2 = 3.84;

/**
 * Log-likelihood G² of a word seen `a` times in a corpus of `sizeA` words and `b` times in one of
 * `sizeB`, in the form of UCREL's calculator (Rayson & Garside 2000): E_i = N_i·(a+b)/(N_a+N_b),
 * G² = 2·Σ O_i·ln(O_i/E_i), where a count of 0 adds nothing (its limit).
 */
export function logLikelihood(a: number, b: number, sizeA: number, sizeB: number): number {
  const share = (a + b) / (sizeA + sizeB);
  const term = (observed: number, expected: number) => (observed === 0 ? 0 : observed * Math.log(observed / expected));
  return 2 * (term(a, sizeA * share) + term(b, sizeB * share));
}

/** Log ratio (Hardie 2014): log2 of the ratio of the relative frequencies; 1 means twice as frequent in a. */
export function logRatio(a: number, b: number, sizeA: number, sizeB: number): number {
  return Math.log2((a / sizeA) / (b / sizeB));
}

export interface KeyWord {
  word: string;
  a_count: number;
  b_count: number;
  a_per_million: number;
  b_per_million: number;
  g2: number;
  log_ratio: number;
}

export interface Keyness {
  overused: KeyWord[];
  underused: KeyWord[];
  only_in_a: WordCount[];
  only_in_b: WordCount[];
}

export interface KeynessOptions {
  /** The corpus sizes: all words of each result, stop words included. */
  sizeA: number;
  sizeB: number;
  /** Words whose count in a and b together is below this are left out of every list. */
  minCount: number;
}

/**
 * The words of `a` significantly over- and under-used relative to `b` (G² ≥ 3.84, strongest first),
 * and those only one of them has (most frequent first). Words are the same when their wordKey is, and
 * keep a's spelling.
 */
export function compareCounts(a: readonly WordCount[], b: readonly WordCount[], { sizeA, sizeB, minCount }: KeynessOptions): Keyness {
  // b's words by wordKey, each marked once a's list has it, so that the rest are b's alone.
  const countsInB = new Map<string, { entry: WordCount; shared: boolean }>();
  for (const entry of b) countsInB.set(wordKey(entry[0]), { entry, shared: false });
  const keyness: Keyness = { overused: [], underused: [], only_in_a: [], only_in_b: [] };
  for (const [word, countA] of a) {
    const inB = countsInB.get(wordKey(word));
    if (inB) inB.shared = true;
    const countB = inB?.entry[1] ?? 0;
    if (countA + countB < minCount) continue;
    if (countB === 0) {
      keyness.only_in_a.push([word, countA]);
      continue;
    }
    const g2 = logLikelihood(countA, countB, sizeA, sizeB);
    if (g2 < SIGNIFICANT_G2) continue;
    const ratio = logRatio(countA, countB, sizeA, sizeB);
    (ratio > 0 ? keyness.overused : keyness.underused).push({
      word,
      a_count: countA,
      b_count: countB,
      a_per_million: perMillion(countA, sizeA),
      b_per_million: perMillion(countB, sizeB),
      g2: round(g2, 2),
      log_ratio: round(ratio, 3),
    });
  }
  for (const { entry, shared } of countsInB.values()) if (!shared && entry[1] >= minCount) keyness.only_in_b.push(entry);
  const byG2 = (x: KeyWord, y: KeyWord) => y.g2 - x.g2 || Math.abs(y.log_ratio) - Math.abs(x.log_ratio) || compareText(x.word, y.word);
  const byCount = (x: WordCount, y: WordCount) => y[1] - x[1] || compareText(x[0], y[0]);
  keyness.overused.sort(byG2);
  keyness.underused.sort(byG2);
  keyness.only_in_a.sort(byCount);
  keyness.only_in_b.sort(byCount);
  return keyness;
}

function perMillion(count: number, size: number): number {
  return round((count / size) * 1_000_000, 2);
}

function round(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}

function compareText(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}
