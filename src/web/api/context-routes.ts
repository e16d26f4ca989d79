import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { wordKey } from '../../core/word-key.js';
import { findCrawlTexts, findResultText, hasCompletedPagesAfter } from '../../db/analysis-reads.js';
import type { Database } from '../../db/database.js';
import type { ResultSummary } from '../../db/result-reads.js';
import { readCountedText } from '../analysis/counted-text.js';
import { findContexts, type WordContext } from '../analysis/word-contexts.js';
import { parseKey } from '../request-params.js';
import { sendCsv } from './csv.js';
import { parseQuery, wholeNumberParameter } from './query-schema.js';
import { completedOrAnswered } from './unfinished-answer.js';

const MAX_WORD_LENGTH = 200;
// A crawl's texts are read this many pages at a time, until enough contexts are found.
const PAGES_PER_READ = 20;

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

export interface PageContext extends WordContext {
  page_url?: string;
  page_key?: string;
}

interface Contexts {
  total: number;
  contexts: PageContext[];
  /** Whether pages of a crawl were left unread once `limit` contexts were found, so `total` counts only those read. */
  truncated: boolean;
}

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
    const search = { key: wordKey(query.word), width: query.width, limit: query.limit };
    const gone = () => textUnavailable(key, result.kind, retentionDays);
    const found = result.kind === 'crawl' ? await crawlContexts(db, key, search, gone) : await pageContexts(result, search, gone);
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

interface Search {
  key: string;
  width: number;
  limit: number;
}

async function pageContexts(result: ResultSummary & { countedText: Buffer | null }, search: Search, gone: () => AppError): Promise<Contexts> {
  if (!result.countedText) throw gone();
  const found = findContexts(await readCountedText(result.countedText), search.key, search.width, search.limit);
  return { ...found, truncated: false };
}

/** Reads the crawl's pages in its order, each whole, and stops after the page where `limit` contexts are reached. */
async function crawlContexts(db: Database, crawlKey: string, search: Search, gone: () => AppError): Promise<Contexts> {
  const answer: Contexts = { total: 0, contexts: [], truncated: false };
  let lastId = 0;
  for (;;) {
    const pages = await findCrawlTexts(db, crawlKey, lastId, PAGES_PER_READ);
    for (const page of pages) {
      if (!page.countedText) throw gone();
      const found = findContexts(await readCountedText(page.countedText), search.key, search.width, search.limit - answer.contexts.length);
      answer.total += found.total;
      for (const context of found.contexts) answer.contexts.push({ ...context, page_url: page.url, page_key: page.key });
      lastId = page.id;
      if (answer.contexts.length >= search.limit) {
        answer.truncated = await hasCompletedPagesAfter(db, crawlKey, lastId);
        return answer;
      }
    }
    if (pages.length < PAGES_PER_READ) return answer;
  }
}

function textUnavailable(key: string, kind: ResultSummary['kind'], retentionDays: number): AppError {
  const which = kind === 'page' ? `this page (${key})` : `the pages of this crawl (${key})`;
  const why = retentionDays === 0
    ? 'this server keeps no counted texts (COUNTED_TEXT_RETENTION_DAYS=0); its operator can set it to a number of days to keep them'
    : `this server keeps them ${retentionDays} days after counting (COUNTED_TEXT_RETENTION_DAYS)`;
  return new AppError(
    'text_unavailable',
    `the counted text of ${which} is no longer kept, so its words cannot be shown in context: ${why}. `
      + 'Submit the URL again with "fresh": true to count it anew.',
  );
}
