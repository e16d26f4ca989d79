import { Router, type Request, type RequestHandler, type Response } from 'express';
import { AppError } from '../../core/errors.js';
import { isPending, languageSource, PENDING_STAGES, stageOf, STAGES } from '../../core/results.js';
import type { Database } from '../../db/database.js';
import { findResultSummaries, findResultTop, type ResultSummary } from '../../db/result-reads.js';
import { clientKey } from '../middleware/client-key.js';
import { refuseCrossSite } from '../middleware/same-origin.js';
import { isResultKey, notFound, parseKey, parseTopOptions } from '../request-params.js';
import { readRecentKeys, rememberKey } from '../submission/recent-keys.js';
import { parseSubmissionOptions } from '../submission/submission-options.js';
import type { SubmitUrl } from '../submission/submit-url.js';
import { resultPageUrl, resultsUrl } from '../urls.js';
import { displayWord } from './display-word.js';
import { LANGUAGE_CHOICES, languageName } from './language-names.js';

// After this long a pending result stops refreshing itself and tells the person instead.
const PENDING_LIMIT_MS = 2 * 60_000;

/** The HTML pages. They work without JavaScript; public/app.js only makes them livelier. */
export function createPageRoutes(db: Database, submitUrl: SubmitUrl, rateLimit: RequestHandler, crawlMaxPages: number): Router {
  const router = Router();

  const renderPage = async (req: Request, res: Response, view: { key?: string; error?: string; enteredUrl?: string }) => {
    const recent = await findResultSummaries(db, readRecentKeys(req));
    const result = view.key ? await presentResult(req, view.key) : undefined;
    res.render('index', { result, recent, error: view.error, enteredUrl: view.enteredUrl ?? '', resultPageUrl, stages: STAGES, pendingStages: PENDING_STAGES, languages: LANGUAGE_CHOICES });
  };

  const presentResult = async (req: Request, key: string) => {
    const options = parseTopOptions(req.query);
    const row = await findResultTop(db, key, options.includeStopWords);
    if (!row) throw notFound(key);
    const rows = (row.top ?? []).slice(0, options.limit).map(([word, count]) => [displayWord(word), count] as const);
    const stage = stageOf(row);
    const pending = isPending(stage);
    const stale = pending && Date.now() - row.createdAt.getTime() > PENDING_LIMIT_MS;
    return { ...row, ...options, ...countingChoices(row), rows, stage, pending, stale, resultsUrl: resultsUrl(key), pageUrl: resultPageUrl(key) };
  };

  router.get('/', async (req, res) => {
    const key = typeof req.query.key === 'string' && isResultKey(req.query.key) ? req.query.key.toLowerCase() : undefined;
    await renderPage(req, res, { key });
  });

  router.get('/r/:key', async (req, res) => {
    await renderPage(req, res, { key: parseKey(req.params.key) });
  });

  // The form's own target when JavaScript is off: submit, then 303 to the result's page. Another site's
  // post is refused before it counts against the visitor's rate limit.
  router.post('/', refuseCrossSite(), rateLimit, async (req, res) => {
    const fields: Record<string, unknown> = req.body ?? {};
    const input = fields.url;
    try {
      const { key } = await submitUrl(input, { ...parseSubmissionOptions(fields, crawlMaxPages), client: clientKey(req) });
      rememberKey(req, res, key);
      res.redirect(303, resultPageUrl(key));
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'invalid_url')) throw error;
      res.status(400);
      await renderPage(req, res, { error: error.message, enteredUrl: typeof input === 'string' ? input : '' });
    }
  });

  return router;
}

/** How the page was counted, in the words the result shows. */
function countingChoices(row: Pick<ResultSummary, 'language' | 'requestedLanguage' | 'stopWords'>) {
  return {
    languageName: row.language ? languageName(row.language) : 'not recorded',
    languageSource: languageSource(row) === 'requested' ? 'as asked' : 'detected from the text',
    stopWordsName: !row.stopWords || row.stopWords === 'none' ? 'none removed' : `the ${languageName(row.stopWords)} list`,
  };
}
