import { Router, type Request, type RequestHandler } from 'express';
import * as z from 'zod';
import { parseRequest } from '../../core/parse-request.js';
import type { Database } from '../../db/database.js';
import { errorResponses } from '../openapi/error-responses.js';
import type { Operation, ServedOperations } from '../openapi/operation.js';
import { STOP_WORDS, wholeNumber } from '../request-params.js';
import { csvDownload, WORD_COUNTS } from './answers.js';
import type { Keyness } from '../analysis/keyness.js';
import { compareResults, DEFAULT_MIN_COUNT } from '../analysis/result-comparison.js';
import { sendCsv, type CsvRow } from './csv.js';

const resultKey = (name: 'a' | 'b') => z.string({ error: `${name} is required: the key of a result` }).describe(`the key of result ${name}`);

/** The query of GET /compare and /compare.csv. */
export const COMPARE_QUERY = z.object({
  a: resultKey('a'),
  b: resultKey('b'),
  min_count: wholeNumber('min_count', 1, 1_000_000_000).default(DEFAULT_MIN_COUNT).describe('leave out words seen fewer times than this in a and b together'),
  limit: wholeNumber('limit', 1, 200).default(25).describe('words in each list'),
  stopwords: STOP_WORDS,
});

const KEY_WORD = z.object({
  word: z.string(), a_count: z.int(), b_count: z.int(), a_per_million: z.number(), b_per_million: z.number(),
  g2: z.number().meta({ description: 'Log-likelihood, UCREL\'s form; at least 3.84 (p < 0.05).' }),
  log_ratio: z.number().meta({ description: 'log2 of the ratio of relative frequencies: 1 is twice as frequent in a.' }),
});
const COMPARED = z.object({ key: z.uuid(), url: z.string(), words: z.int().meta({ description: 'Every word counted, stop words too: the corpus size.' }) });

const COMPARISON = z.object({
  a: COMPARED,
  b: COMPARED,
  overused: z.array(KEY_WORD).meta({ description: 'Words of a significantly more frequent than in b, strongest first.' }),
  underused: z.array(KEY_WORD),
  only_in_a: WORD_COUNTS,
  only_in_b: WORD_COUNTS,
}).meta({ id: 'Comparison' });

const COMPARE_ERRORS = ['invalid_request', 'not_found', 'not_counted', 'rate_limited', 'busy', 'database_unavailable'] as const;

function compareOperation(format: 'json' | 'csv'): Operation {
  return {
    method: 'get',
    path: format === 'json' ? '/compare' : '/compare.csv',
    operationId: format === 'json' ? 'compareResults' : 'downloadComparison',
    summary: format === 'json' ? 'The words one result uses significantly more or less than another (G², log ratio)' : 'Every compared word, as CSV',
    tags: ['Views'],
    requestParams: { query: COMPARE_QUERY },
    responses: {
      200: format === 'json' ? { description: 'The comparison.', content: { 'application/json': { schema: COMPARISON } } } : csvDownload('`word,a_count,b_count,g2,log_ratio,list`'),
      ...errorResponses(COMPARE_ERRORS),
    },
  };
}

/**
 * Two results' words compared by log-likelihood. Each request holds both full count lists, so it is
 * guarded as the full downloads are: `downloadLimit` per client, `slots` at once.
 */
export function createCompareRoutes(served: ServedOperations, db: Database, downloadLimit: RequestHandler, slots: RequestHandler): Router {
  const router = Router();

  served.serve(router, compareOperation('json'), downloadLimit, slots, async (req, res) => {
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
  served.serve(router, compareOperation('csv'), downloadLimit, slots, async (req, res) => {
    const { a, b, keyness } = await compare(db, req);
    sendCsv(res, `${a.key}-compare-${b.key}`, ['word', 'a_count', 'b_count', 'g2', 'log_ratio', 'list'], keynessRows(keyness));
  });

  return router;
}

async function compare(db: Database, req: Request) {
  const query = parseRequest(COMPARE_QUERY, req.query);
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
