import { Router, type Request, type RequestHandler, type Response } from 'express';
import * as z from 'zod';
import { parseRequest } from '../../core/parse-request.js';
import { findResultText } from '../../db/analysis-reads.js';
import type { Database } from '../../db/database.js';
import { findResultContexts } from '../analysis/result-contexts.js';
import { errorResponses } from '../openapi/error-responses.js';
import type { Operation, ServedOperations } from '../openapi/operation.js';
import { KEY_PATH, parsePath, wholeNumber } from '../request-params.js';
import { csvDownload } from './answers.js';
import { sendCsv } from './csv.js';
import { completedOrAnswered, UNFINISHED_RESPONSES } from './unfinished-answer.js';

const MAX_WORD_LENGTH = 200;

/** The query of GET /results/:key/contexts and contexts.csv. */
export const CONTEXTS_QUERY = z.object({
  word: z
    .string({ error: `word is required: one word of 1 to ${MAX_WORD_LENGTH} characters` })
    .min(1, `word must not be empty`)
    .max(MAX_WORD_LENGTH, `word must be at most ${MAX_WORD_LENGTH} characters`)
    .regex(/^\S+$/, 'word must be one word, without spaces')
    .describe('the word to find, in any case'),
  limit: wholeNumber('limit', 1, 500).default(25).describe('how many occurrences to show, in the order of the text'),
  width: wholeNumber('width', 1, 25).default(5).describe('words shown on each side'),
});

const CONTEXTS_ANSWER = z.object({
  word: z.string().meta({ description: 'The word as asked.' }),
  total: z.int().min(0).meta({ description: 'Its occurrences in all (in a crawl, in the pages read): for a page, its count in the result.' }),
  contexts: z.array(z.object({
    before: z.string().meta({ description: 'Up to `width` words before it, one space between.' }),
    match: z.string().meta({ description: 'The word as spelled there.' }),
    after: z.string(),
    page_url: z.string().optional().meta({ description: 'In a crawl: the page it is on.' }),
    page_key: z.uuid().optional(),
  })),
  truncated: z.boolean().meta({ description: 'True when a crawl\'s later pages were not read, `limit` being reached.' }),
}).meta({ id: 'Contexts' });

const CONTEXT_ERRORS = ['invalid_request', 'not_found', 'busy', 'text_unavailable', 'database_unavailable'] as const;

const CONTEXTS: Operation = {
  method: 'get',
  path: '/results/{key}/contexts',
  operationId: 'getContexts',
  summary: 'Each occurrence of a word with the words around it',
  tags: ['Views'],
  requestParams: { path: KEY_PATH, query: CONTEXTS_QUERY },
  responses: {
    200: { description: 'The occurrences, in the order of the text (a crawl\'s pages in its order).', content: { 'application/json': { schema: CONTEXTS_ANSWER } } },
    ...errorResponses(CONTEXT_ERRORS),
    ...UNFINISHED_RESPONSES,
  },
};

const CONTEXTS_CSV: Operation = {
  method: 'get',
  path: '/results/{key}/contexts.csv',
  operationId: 'downloadContexts',
  summary: 'A word\'s occurrences in context, as CSV',
  tags: ['Views'],
  requestParams: { path: KEY_PATH, query: CONTEXTS_QUERY },
  responses: { 200: csvDownload('`before,match,after,page_url`'), ...errorResponses(CONTEXT_ERRORS), ...UNFINISHED_RESPONSES },
};

/**
 * A word's occurrences in a result's counted text with the words around them; `slots` bounds how many
 * texts are read at once, `retentionDays` is how long the worker keeps a text, to say why one is gone.
 */
export function createContextRoutes(served: ServedOperations, db: Database, slots: RequestHandler, retentionDays: number): Router {
  const router = Router();

  const contextsOf = async (req: Request, res: Response) => {
    const { key } = parsePath(KEY_PATH, req.params);
    const query = parseRequest(CONTEXTS_QUERY, req.query);
    const result = await completedOrAnswered(db, res, key, await findResultText(db, key));
    if (!result) return undefined;
    const found = await findResultContexts(db, result, { word: query.word, width: query.width, limit: query.limit }, retentionDays);
    return { key, word: query.word, found };
  };

  served.serve(router, CONTEXTS, slots, async (req, res) => {
    const answer = await contextsOf(req, res);
    if (answer) res.json({ word: answer.word, ...answer.found });
  });

  served.serve(router, CONTEXTS_CSV, slots, async (req, res) => {
    const answer = await contextsOf(req, res);
    if (!answer) return;
    const rows = answer.found.contexts.map((context) => [context.before, context.match, context.after, context.page_url ?? null]);
    sendCsv(res, `${answer.key}-contexts`, ['before', 'match', 'after', 'page_url'], rows);
  });

  return router;
}
