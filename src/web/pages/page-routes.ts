import { Router, type Request, type RequestHandler, type Response } from 'express';
import * as z from 'zod';
import { DEFAULT_MAX_DEPTH, DEFAULT_MAX_PAGES, MAX_CRAWL_DEPTH } from '../../core/crawl.js';
import { AppError, type ErrorCode } from '../../core/errors.js';
import { isPending, languageSource, PENDING_STAGES, stageOf, STAGES } from '../../core/results.js';
import type { Database } from '../../db/database.js';
import { findResultSummaries, findResultTop, type ResultSummary } from '../../db/result-reads.js';
import { clientKey } from '../middleware/client-key.js';
import { refuseCrossSite } from '../middleware/same-origin.js';
import { errorResponses } from '../openapi/error-responses.js';
import type { Operation, ServedOperations } from '../openapi/operation.js';
import { KEY_PATH, notFound, parsePath, parseTopOptions, TOP_QUERY } from '../request-params.js';
import { readRecentKeys, rememberKey } from '../submission/recent-keys.js';
import type { CallbackRules } from '../submission/callback-request.js';
import { parseSubmission, submissionBody } from '../submission/submission-options.js';
import type { SubmitUrl } from '../submission/submit-url.js';
import { resultPageUrl, resultsUrl } from '../urls.js';
import { presentAnalysis } from './analysis-view.js';
import { PAGES_OFFSET, presentCrawl } from './crawl-view.js';
import { displayWord } from './display-word.js';
import { LANGUAGE_CHOICES, languageName } from './language-names.js';

// After this long a pending result stops refreshing itself and tells the person instead.
const PENDING_LIMIT_MS = 2 * 60_000;
// A crawl ends itself at CRAWL_MAX_SECONDS (30 minutes unless configured otherwise); past that and a margin it is stuck.
const CRAWL_PENDING_LIMIT_MS = 40 * 60_000;

/** The refusals that come of what was typed: the form shows them beside the fields. */
const TYPED_MISTAKES = new Set<ErrorCode>(['invalid_url', 'invalid_request', 'invalid_callback_url']);

/** What the form had when it comes back with an error, so nothing typed is lost. */
interface EnteredFields {
  url: string;
  crawl: boolean;
  maxPages?: string;
  maxDepth?: string;
}

const HTML_PAGE = { description: 'The page.', content: { 'text/html': { schema: z.string() } } };

/** A page's query is read leniently: a value it cannot use falls back to the default (parseTopOptions). */
const RESULT_PAGE_QUERY = TOP_QUERY.extend({
  pages_offset: PAGES_OFFSET.optional(),
  word: z.string().optional().meta({ description: 'A word to show in context, below the counts.' }),
  compare: z.string().optional().meta({ description: 'Another result, by its address or key, to compare this one with.' }),
});

const HOME_PAGE: Operation = {
  method: 'get',
  path: '/',
  operationId: 'homePage',
  summary: 'The form, your recent results, and one result when `key` is given',
  tags: ['Pages'],
  requestParams: { query: RESULT_PAGE_QUERY.extend({ key: KEY_PATH.shape.key.optional() }) },
  responses: { 200: HTML_PAGE, ...errorResponses(['not_found', 'database_unavailable'], { html: true }) },
};

const RESULT_PAGE: Operation = {
  method: 'get',
  path: '/r/{key}',
  operationId: 'resultPage',
  summary: 'A result’s page: its table, chart and, for a crawl, its pages',
  tags: ['Pages'],
  requestParams: { path: KEY_PATH, query: RESULT_PAGE_QUERY },
  responses: { 200: HTML_PAGE, ...errorResponses(['not_found', 'database_unavailable'], { html: true }) },
};

function formOperation(crawlMaxPages: number): Operation {
  return {
    method: 'post',
    path: '/',
    operationId: 'submitForm',
    summary: 'The form’s own target when JavaScript is off',
    description: 'Takes the fields of `POST /start` for one `url`, form-encoded. Refused (`cross_site`) when a browser says the form was on another site.',
    tags: ['Pages'],
    requestBody: { required: true, content: { 'application/x-www-form-urlencoded': { schema: submissionBody(crawlMaxPages) } } },
    responses: {
      303: { description: 'Submitted: to the result’s page, `/r/{key}`.', headers: z.object({ Location: z.string() }) },
      ...errorResponses(['payload_too_large', 'cross_site', 'rate_limited', 'too_many_in_flight', 'queue_unavailable', 'database_unavailable'], { html: true }),
      400: { description: 'A mistake in what was typed (`invalid_url`, `invalid_request`, `invalid_callback_url`): the form again, with the message and the fields as typed.', content: { 'text/html': { schema: z.string() } } },
    },
  };
}

/** The HTML pages. They work without JavaScript; public/app.js only makes them livelier. */
/** The settings the pages read: the crawl form's page cap, and how long counted texts are kept (words in context). */
export interface PageSettings {
  crawlMaxPages: number;
  textRetentionDays: number;
  callbacks: CallbackRules;
}

export function createPageRoutes(
  served: ServedOperations, db: Database, submitUrl: SubmitUrl, rateLimit: RequestHandler, { crawlMaxPages, textRetentionDays, callbacks }: PageSettings,
): Router {
  const router = Router();

  const crawlForm = { maxPagesCap: crawlMaxPages, maxPages: Math.min(DEFAULT_MAX_PAGES, crawlMaxPages), maxDepth: DEFAULT_MAX_DEPTH, maxDepthCap: MAX_CRAWL_DEPTH };

  const renderPage = async (req: Request, res: Response, view: { key?: string; error?: string; entered?: EnteredFields }) => {
    const recent = await findResultSummaries(db, readRecentKeys(req));
    const result = view.key ? await presentResult(req, view.key) : undefined;
    const entered = view.entered ?? { url: '', crawl: false };
    res.render('index', {
      result, recent, error: view.error, enteredUrl: entered.url, resultPageUrl, stages: STAGES, pendingStages: PENDING_STAGES, languages: LANGUAGE_CHOICES,
      crawlForm: { ...crawlForm, crawl: entered.crawl, maxPages: entered.maxPages ?? crawlForm.maxPages, maxDepth: entered.maxDepth ?? crawlForm.maxDepth },
    });
  };

  const presentResult = async (req: Request, key: string) => {
    const options = parseTopOptions(req.query);
    const row = await findResultTop(db, key, options.includeStopWords);
    if (!row) throw notFound(key);
    // The cloud draws the whole stored top list (up to 100 words), the table and chart the chosen few of it.
    const cloudRows = (row.top ?? []).map(([word, count]) => [displayWord(word), count] as const);
    const rows = cloudRows.slice(0, options.limit);
    const stage = stageOf(row);
    const pending = isPending(stage);
    const crawl = row.kind === 'crawl' ? await presentCrawl(db, key, req.query, options) : undefined;
    const analysis = stage === 'done' ? await presentAnalysis(db, row, req.query, { includeStopWords: options.includeStopWords, textRetentionDays }) : undefined;
    const stale = pending && Date.now() - row.createdAt.getTime() > (crawl ? CRAWL_PENDING_LIMIT_MS : PENDING_LIMIT_MS);
    return { ...row, ...options, ...countingChoices(row), rows, cloudRows, stage, pending, stale, crawl, analysis, resultsUrl: resultsUrl(key), pageUrl: resultPageUrl(key) };
  };

  served.serve(router, HOME_PAGE, async (req, res) => {
    await renderPage(req, res, { key: KEY_PATH.shape.key.safeParse(req.query.key).data });
  });

  served.serve(router, RESULT_PAGE, async (req, res) => {
    await renderPage(req, res, { key: parsePath(KEY_PATH, req.params).key });
  });

  // The form's own target when JavaScript is off: submit, then 303 to the result's page. Another site's
  // post is refused before it counts against the visitor's rate limit.
  served.serve(router, formOperation(crawlMaxPages), refuseCrossSite(), rateLimit, async (req, res) => {
    const fields: Record<string, unknown> = req.body ?? {};
    try {
      const submission = await parseSubmission(fields, crawlMaxPages, callbacks);
      if (submission.urls) throw new AppError('invalid_request', 'the form counts one url at a time; send urls to POST /start');
      const { key } = await submitUrl(submission.url, { ...submission.options, client: clientKey(req) });
      rememberKey(req, res, key);
      res.redirect(303, resultPageUrl(key));
    } catch (error) {
      // A mistake in what was typed comes back on the form; anything else (rate limit, queue down) is the error page.
      if (!(error instanceof AppError && TYPED_MISTAKES.has(error.code))) throw error;
      res.status(400);
      await renderPage(req, res, { error: error.message, entered: enteredFields(fields) });
    }
  });

  return router;
}

function enteredFields(fields: Record<string, unknown>): EnteredFields {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return { url: text(fields.url) ?? '', crawl: fields.crawl === 'on', maxPages: text(fields.max_pages), maxDepth: text(fields.max_depth) };
}

/** How the page was counted, in the words the result shows. */
function countingChoices(row: Pick<ResultSummary, 'language' | 'requestedLanguage' | 'stopWords'>) {
  return {
    languageName: row.language ? languageName(row.language) : 'not recorded',
    languageSource: languageSource(row) === 'requested' ? 'as asked' : 'detected from the text',
    stopWordsName: !row.stopWords || row.stopWords === 'none' ? 'none removed'
      // A crawl whose pages were in several languages removed each page's own list (src/db/crawl-counts.ts).
      : row.stopWords === 'per_page' ? 'each page’s own, by its language' : `the ${languageName(row.stopWords)} list`,
  };
}
