import { Router } from 'express';
import { z } from 'zod';
import { findResultPhrases } from '../../db/analysis-reads.js';
import type { Database } from '../../db/database.js';
import { parseKey } from '../request-params.js';
import { sendCsv } from './csv.js';
import { parseQuery, wholeNumberParameter } from './query-schema.js';
import { completedOrAnswered } from './unfinished-answer.js';

const phraseLength = z
  .enum(['2', '3'], { error: 'n must be 2 or 3 (words in a phrase)' })
  .default('2')
  .transform((n) => (n === '2' ? 2 : 3))
  .describe('words in a phrase');

/** The query of GET /results/:key/phrases. */
export const PHRASES_QUERY = z.object({
  n: phraseLength,
  limit: wholeNumberParameter('limit', 1, 100, 10).describe('how many phrases, most frequent first'),
});

/** The query of GET /results/:key/phrases.csv, which has every kept phrase. */
export const PHRASES_CSV_QUERY = z.object({ n: phraseLength });

/** A result's most frequent phrases of two or three words, as its top list has its words. */
export function createPhraseRoutes(db: Database): Router {
  const router = Router();

  router.get('/results/:key/phrases', async (req, res) => {
    const key = parseKey(req.params.key);
    const { n, limit } = parseQuery(PHRASES_QUERY, req.query);
    const result = await completedOrAnswered(db, res, key, await findResultPhrases(db, key, n));
    if (result) res.json((result.phrases ?? []).slice(0, limit));
  });

  router.get('/results/:key/phrases.csv', async (req, res) => {
    const key = parseKey(req.params.key);
    const { n } = parseQuery(PHRASES_CSV_QUERY, req.query);
    const result = await completedOrAnswered(db, res, key, await findResultPhrases(db, key, n));
    if (result) sendCsv(res, `${key}-phrases-${n}`, ['phrase', 'count'], result.phrases ?? []);
  });

  return router;
}
