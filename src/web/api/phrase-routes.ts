import { Router } from 'express';
import * as z from 'zod';
import { parseRequest } from '../../core/parse-request.js';
import { findResultPhrases } from '../../db/analysis-reads.js';
import type { Database } from '../../db/database.js';
import { errorResponses } from '../openapi/error-responses.js';
import type { Operation, ServedOperations } from '../openapi/operation.js';
import { KEY_PATH, parsePath, wholeNumber } from '../request-params.js';
import { csvDownload, WORD_COUNTS } from './answers.js';
import { sendCsv } from './csv.js';
import { completedOrAnswered, UNFINISHED_RESPONSES } from './unfinished-answer.js';

const phraseLength = z
  .enum(['2', '3'], { error: 'n must be 2 or 3 (words in a phrase)' })
  .default('2')
  .transform((n) => (n === '2' ? 2 : 3))
  .describe('words in a phrase');

/** The query of GET /results/:key/phrases. */
export const PHRASES_QUERY = z.object({
  n: phraseLength,
  limit: wholeNumber('limit', 1, 100).default(10).describe('how many phrases, most frequent first'),
});

/** The query of GET /results/:key/phrases.csv, which has every kept phrase. */
export const PHRASES_CSV_QUERY = z.object({ n: phraseLength });

const PHRASES: Operation = {
  method: 'get',
  path: '/results/{key}/phrases',
  operationId: 'getPhrases',
  summary: 'The most frequent phrases of two or three words',
  description: 'Within a sentence, none starting or ending with a stop word; a crawl\'s are its pages\' summed.',
  tags: ['Views'],
  requestParams: { path: KEY_PATH, query: PHRASES_QUERY },
  responses: {
    200: { description: '`[phrase, count]` pairs, most frequent first, the words joined by one space.', content: { 'application/json': { schema: WORD_COUNTS } } },
    ...errorResponses(['invalid_request', 'not_found', 'database_unavailable']),
    ...UNFINISHED_RESPONSES,
  },
};

const PHRASES_CSV: Operation = {
  method: 'get',
  path: '/results/{key}/phrases.csv',
  operationId: 'downloadPhrases',
  summary: 'Every kept phrase of two or three words (up to 1,000), as CSV',
  tags: ['Views'],
  requestParams: { path: KEY_PATH, query: PHRASES_CSV_QUERY },
  responses: {
    200: csvDownload('`phrase,count`'),
    ...errorResponses(['invalid_request', 'not_found', 'database_unavailable']),
    ...UNFINISHED_RESPONSES,
  },
};

/** A result's most frequent phrases of two or three words, as its top list has its words. */
export function createPhraseRoutes(served: ServedOperations, db: Database): Router {
  const router = Router();

  served.serve(router, PHRASES, async (req, res) => {
    const { key } = parsePath(KEY_PATH, req.params);
    const { n, limit } = parseRequest(PHRASES_QUERY, req.query);
    const result = await completedOrAnswered(db, res, key, await findResultPhrases(db, key, n));
    if (result) res.json((result.phrases ?? []).slice(0, limit));
  });

  served.serve(router, PHRASES_CSV, async (req, res) => {
    const { key } = parsePath(KEY_PATH, req.params);
    const { n } = parseRequest(PHRASES_CSV_QUERY, req.query);
    const result = await completedOrAnswered(db, res, key, await findResultPhrases(db, key, n));
    if (result) sendCsv(res, `${key}-phrases-${n}`, ['phrase', 'count'], result.phrases ?? []);
  });

  return router;
}
