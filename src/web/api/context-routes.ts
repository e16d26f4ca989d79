import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { findResultText } from '../../db/analysis-reads.js';
import type { Database } from '../../db/database.js';
import { findResultContexts } from '../analysis/result-contexts.js';
import { parseKey } from '../request-params.js';
import { sendCsv } from './csv.js';
import { parseQuery, wholeNumberParameter } from './query-schema.js';
import { completedOrAnswered } from './unfinished-answer.js';

const MAX_WORD_LENGTH = 200;

/** The query of GET /results/:key/contexts and contexts.csv. */
export const CONTEXTS_QUERY = z.object({
  word: z
    .string({ error: `word is required: one word of 1 to ${MAX_WORD_LENGTH} characters` })
    .min(1, `word must not be empty`)
    .max(MAX_WORD_LENGTH, `word must be at most ${MAX_WORD_LENGTH} characters`)
    .regex(/^\S+$/, 'word must be one word, without spaces')
    .describe('the word to find, in any case'),
  limit: wholeNumberParameter('limit', 1, 500, 25).describe('how many occurrences to show, in the order of the text'),
  width: wholeNumberParameter('width', 1, 25, 5).describe('words shown on each side'),
});

/**
 * A word's occurrences in a result's counted text with the words around them; `slots` bounds how many
 * texts are read at once, `retentionDays` is how long the worker keeps a text, to say why one is gone.
 */
export function createContextRoutes(db: Database, slots: RequestHandler, retentionDays: number): Router {
  const router = Router();

  const contextsOf = async (req: Request, res: Response) => {
    const key = parseKey((req.params as { key: string }).key);
    const query = parseQuery(CONTEXTS_QUERY, req.query);
    const result = await completedOrAnswered(db, res, key, await findResultText(db, key));
    if (!result) return undefined;
    const found = await findResultContexts(db, result, { word: query.word, width: query.width, limit: query.limit }, retentionDays);
    return { key, word: query.word, found };
  };

  router.get('/results/:key/contexts', slots, async (req, res) => {
    const answer = await contextsOf(req, res);
    if (answer) res.json({ word: answer.word, ...answer.found });
  });

  router.get('/results/:key/contexts.csv', slots, async (req, res) => {
    const answer = await contextsOf(req, res);
    if (!answer) return;
    const rows = answer.found.contexts.map((context) => [context.before, context.match, context.after, context.page_url ?? null]);
    sendCsv(res, `${answer.key}-contexts`, ['before', 'match', 'after', 'page_url'], rows);
  });

  return router;
}
