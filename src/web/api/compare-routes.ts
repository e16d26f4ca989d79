import { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Database } from '../../db/database.js';
import type { Keyness } from '../analysis/keyness.js';
import { compareResults, DEFAULT_MIN_COUNT } from '../analysis/result-comparison.js';
import { sendCsv, type CsvRow } from './csv.js';
import { parseQuery, stopWordsParameter, wholeNumberParameter } from './query-schema.js';

const resultKey = (name: 'a' | 'b') => z.string({ error: `${name} is required: the key of a result` }).describe(`the key of result ${name}`);

/** The query of GET /compare and /compare.csv. */
export const COMPARE_QUERY = z.object({
  a: resultKey('a'),
  b: resultKey('b'),
  min_count: wholeNumberParameter('min_count', 1, 1_000_000_000, DEFAULT_MIN_COUNT).describe('leave out words seen fewer times than this in a and b together'),
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
  const comparison = await compareResults(db, query.a, query.b, { includeStopWords: query.stopwords === 'include', minCount: query.min_count });
  return { ...comparison, limit: query.limit };
}

function keynessRows(keyness: Keyness): CsvRow[] {
  return [
    ...keyness.overused.map((word) => [word.word, word.a_count, word.b_count, word.g2, word.log_ratio, 'overused']),
    ...keyness.underused.map((word) => [word.word, word.a_count, word.b_count, word.g2, word.log_ratio, 'underused']),
    ...keyness.only_in_a.map(([word, count]) => [word, count, 0, null, null, 'only_in_a']),
    ...keyness.only_in_b.map(([word, count]) => [word, 0, count, null, null, 'only_in_b']),
  ];
}
