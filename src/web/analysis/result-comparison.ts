import { AppError } from '../../core/errors.js';
import { findResultCounts } from '../../db/analysis-reads.js';
import type { Database } from '../../db/database.js';
import { isResultKey } from '../request-params.js';
import { compareCounts } from './keyness.js';

/** Words seen fewer times than this in both results together are left out unless asked otherwise. */
export const DEFAULT_MIN_COUNT = 5;

/** What to compare: every word, or those without stop words; words seen fewer than `minCount` times in both together are left out. */
export interface ComparisonOptions {
  includeStopWords: boolean;
  minCount: number;
}

/**
 * Two completed results' words compared by log-likelihood, for the API and the result page alike.
 * Keys as typed: a malformed or unknown one is `not_found`, an uncounted one `not_counted`, each naming which of a and b.
 */
export async function compareResults(db: Database, typedA: string, typedB: string, { includeStopWords, minCount }: ComparisonOptions) {
  const keyA = checkedKey(typedA, 'a');
  const keyB = checkedKey(typedB, 'b');
  const [rowA, rowB] = await Promise.all([findResultCounts(db, keyA, includeStopWords), keyA === keyB ? undefined : findResultCounts(db, keyB, includeStopWords)]);
  const a = countedResult(rowA, keyA, 'a');
  const b = keyA === keyB ? a : countedResult(rowB, keyB, 'b');
  // The corpus sizes are every word counted, stop words too, whichever lists are compared.
  const keyness = compareCounts(a.counts, b.counts, { sizeA: a.words, sizeB: b.words, minCount });
  const present = ({ key, url, words }: typeof a) => ({ key, url, words });
  return { a: present(a), b: present(b), keyness };
}

/** Malformed keys are unknown keys, as in /results/:key: 404, naming which. */
function checkedKey(key: string, name: 'a' | 'b'): string {
  if (!isResultKey(key)) throw unknown(key, name);
  return key.toLowerCase();
}

function unknown(key: string, name: 'a' | 'b'): AppError {
  return new AppError('not_found', `${name}: no result with key ${JSON.stringify(key)}`);
}

function countedResult(row: Awaited<ReturnType<typeof findResultCounts>>, key: string, name: 'a' | 'b') {
  if (!row) throw unknown(key, name);
  if (row.status === 'failed') {
    throw new AppError('not_counted', `${name}: result ${key} failed (${row.error ?? row.errorCode}), so it has no counts to compare`);
  }
  if (row.status !== 'completed') {
    throw new AppError('not_counted', `${name}: result ${key} is not counted yet (${row.status}); compare it once GET /results/${key} answers 200`);
  }
  return { key, url: row.url, words: row.totalWords ?? 0, counts: row.counts ?? [] };
}

