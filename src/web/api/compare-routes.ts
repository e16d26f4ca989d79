import { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { findResultCounts } from '../../db/analysis-reads.js';
import type { Database } from '../../db/database.js';
import { compareCounts, type Keyness } from '../analysis/keyness.js';
import { isResultKey } from '../request-params.js';
import { sendCsv, type CsvRow } from './csv.js';
import { parseQuery, stopWordsParameter, wholeNumberParameter } from './query-schema.js';

const resultKey = (name: 'a' | 'b') => z.string({ error: `${name} is required: the key of a result` }).describe(`the key of result ${name}`);

/** The query of GET /compare and /compare.csv. */
export const COMPARE_QUERY = z.object({
  a: resultKey('a'),
  b: resultKey('b'),
  min_count: wholeNumberParameter('min_count', 1, 1_000_000_000, 5).describe('leave out words seen fewer times than this in a and b together'),
  limit: wholeNumberParameter('limit', 1, 200, 25).describe('words in each list'),
  stopwords: stopWordsParameter,
});

/**
 * Two results' words compared by log-likelihood. Each request holds both full count lists, so it is
 * guarded as the full downloads are: `downloadLimit` per client, `slots` at once.
 */
export function createCompareRoutes(db: Database, downloadLimit: RequestHandler, slots: RequestHandler): Router {
  const router = Router();

  router.get('/compare', downloadLimit, slots, async (req, res) => {
    const { a, b, keyness, limit } = await compare(db, req);
    res.json({
      a, b,
      overused: keyness.overused.slice(0, limit),
      underused: keyness.underused.slice(0, limit),
      only_in_a: keyness.only_in_a.slice(0, limit),
      only_in_b: keyness.only_in_b.slice(0, limit),
    });
  });

  // Every word that passes min_count, not just `limit` of each list.
  router.get('/compare.csv', downloadLimit, slots, async (req, res) => {
    const { a, b, keyness } = await compare(db, req);
    sendCsv(res, `${a.key}-compare-${b.key}`, ['word', 'a_count', 'b_count', 'g2', 'log_ratio', 'list'], keynessRows(keyness));
  });

  return router;
}

async function compare(db: Database, req: Request) {
  const query = parseQuery(COMPARE_QUERY, req.query);
  const includeStopWords = query.stopwords === 'include';
  const keyA = checkedKey(query.a, 'a');
  const keyB = checkedKey(query.b, 'b');
  const [rowA, rowB] = await Promise.all([findResultCounts(db, keyA, includeStopWords), keyA === keyB ? undefined : findResultCounts(db, keyB, includeStopWords)]);
  const a = countedResult(rowA, keyA, 'a');
  const b = keyA === keyB ? a : countedResult(rowB, keyB, 'b');
  // The corpus sizes are every word counted, stop words too, whichever lists are compared.
  const keyness = compareCounts(a.counts, b.counts, { sizeA: a.words, sizeB: b.words, minCount: query.min_count });
  const present = ({ key, url, words }: typeof a) => ({ key, url, words });
  return { a: present(a), b: present(b), keyness, limit: query.limit };
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

function keynessRows(keyness: Keyness): CsvRow[] {
  return [
    ...keyness.overused.map((word) => [word.word, word.a_count, word.b_count, word.g2, word.log_ratio, 'overused']),
    ...keyness.underused.map((word) => [word.word, word.a_count, word.b_count, word.g2, word.log_ratio, 'underused']),
    ...keyness.only_in_a.map(([word, count]) => [word, count, 0, null, null, 'only_in_a']),
    ...keyness.only_in_b.map(([word, count]) => [word, 0, count, null, null, 'only_in_b']),
  ];
}
