import { Router, type RequestHandler, type Response } from 'express';
import { languageSource, stageOf } from '../../core/results.js';
import type { Database } from '../../db/database.js';
import { findResultDownload, findResultSummary, type ResultSummary } from '../../db/result-reads.js';
import { notFound, parseIncludeStopWords, parseKey, parseLimit, parseWait } from '../request-params.js';
import { resultsUrl } from '../urls.js';
import { findCrawlProgress } from '../../db/crawl-reads.js';
import { createTopReader } from './completed-tops.js';
import { crawlStatus } from './crawl-routes.js';
import { csvDocument } from './csv.js';
import { limitDownloadsInProgress } from './download-slots.js';
import type { UnfinishedAnswer, UnfinishedResults } from '../unfinished-results.js';

// Most pages finish within a second or two; a short hint keeps pollers responsive without hammering.
const RETRY_AFTER_SECONDS = '1';
// A request that waits reads Postgres again this often, in case a finish notice was missed.
const WAIT_RECHECK_MS = 1_000;

function sendRemembered(res: Response, answer: UnfinishedAnswer): void {
  res.status(202).set('Retry-After', RETRY_AFTER_SECONDS).json(answer);
}

/** Answers for a result that has no counts (yet): 202 while running, 422 once failed; a crawl's with its page counters. */
async function sendUnfinished(db: Database, res: Response, result: ResultSummary): Promise<void> {
  const crawl = result.kind === 'crawl' ? await findCrawlProgress(db, result.key) : undefined;
  const pages = crawl ? { kind: 'crawl', pages: crawl.pages } : {};
  if (result.status === 'failed') {
    res.status(422).json({ status: 'failed', error: result.error, code: result.errorCode, ...pages });
    return;
  }
  res.status(202).set('Retry-After', RETRY_AFTER_SECONDS).json({ status: result.status, progress: result.progress, ...pages });
}

export function presentStatus(result: ResultSummary) {
  return {
    key: result.key,
    url: result.url,
    final_url: result.finalUrl,
    status: result.status,
    progress: result.progress,
    stage: stageOf(result),
    error: result.error,
    code: result.errorCode,
    total_words: result.totalWords,
    unique_words: result.uniqueWords,
    content: result.content,
    content_used: result.contentUsed,
    language: result.language,
    language_source: languageSource(result),
    stop_words: result.stopWords,
    created_at: result.createdAt,
    started_at: result.startedAt,
    finished_at: result.finishedAt,
    results_url: resultsUrl(result.key),
    ...(result.crawlKey ? { crawl_key: result.crawlKey } : {}),
    ...(result.callbackUrl ? { callback: presentCallback(result) } : {}),
  };
}

/** Where a result's callback stands: `state` is null until the result finishes, then pending, delivered or failed. */
function presentCallback(result: ResultSummary) {
  return { url: result.callbackUrl, state: result.callbackState, attempts: result.callbackAttempts, last_error: result.callbackLastError };
}

/** The JSON API; `downloadLimit` guards the full-count downloads, which cost far more than a top list. */
export function createResultRoutes(db: Database, unfinished: UnfinishedResults, downloadLimit: RequestHandler): Router {
  const router = Router();
  const readTop = createTopReader(db);
  const read = async (key: string, includeStopWords: boolean) => {
    const readAt = performance.now();
    const lookup = await readTop(key, includeStopWords);
    // A crawl's answer carries its page counters, which change with every page: always read.
    if (lookup?.status === 'unfinished' && lookup.result.kind === 'page' && lookup.result.status !== 'failed') {
      unfinished.remember(key, { status: lookup.result.status, progress: lookup.result.progress }, readAt);
    }
    return lookup;
  };

  // `wait` (seconds) holds an unfinished answer until the result finishes or the time is up, so a
  // script gets its counts with one request as soon as they are stored, instead of polling.
  router.get('/results/:key', async (req, res) => {
    const key = parseKey(req.params.key);
    const limit = parseLimit(req.query.limit);
    const includeStopWords = parseIncludeStopWords(req.query.stopwords);
    const until = performance.now() + parseWait(req.query.wait) * 1000;
    let gone: AbortController | undefined;
    const waitLonger = () => {
      const left = until - performance.now();
      if (left <= 0) return false;
      // Made only when a request does wait: an AbortController per poll cost the read path 3 % of its CPU.
      if (!gone) {
        const controller = (gone = new AbortController());
        res.once('close', () => !res.writableEnded && controller.abort());
      }
      return gone.signal.aborted ? false : unfinished.waitForFinish(key, Math.min(left, WAIT_RECHECK_MS), gone.signal).then(() => true);
    };
    for (;;) {
      const remembered = unfinished.recall(key);
      if (remembered) {
        if (!(await waitLonger())) return sendRemembered(res, remembered);
        continue;
      }
      const lookup = await read(key, includeStopWords);
      if (!lookup) throw notFound(key);
      if (lookup.status === 'completed') return void res.json(lookup.top.slice(0, limit));
      if (lookup.result.status === 'failed' || !(await waitLonger())) return sendUnfinished(db, res, lookup.result);
    }
  });

  router.get('/status/:key', async (req, res) => {
    const key = parseKey(req.params.key);
    const result = await findResultSummary(db, key);
    if (!result) throw notFound(key);
    res.json({ ...presentStatus(result), ...(result.kind === 'crawl' ? await crawlStatus(db, key) : {}) });
  });

  router.get('/results/:key/counts.:format', downloadLimit, limitDownloadsInProgress(), async (req, res) => {
    // With a middleware before the handler, Express's types no longer derive the params from the path.
    const params = req.params as { key: string; format: string };
    const key = parseKey(params.key);
    const { format } = params;
    if (format !== 'csv' && format !== 'json') throw notFound(key);
    const includeStopWords = parseIncludeStopWords(req.query.stopwords);
    const result = await findResultDownload(db, key, includeStopWords, format);
    if (!result) throw notFound(key);
    if (result.status !== 'completed') return sendUnfinished(db, res, (await findResultSummary(db, key))!);
    const name = `wordcrawler-${key}${includeStopWords ? '-all' : ''}.${format}`;
    res.attachment(name);
    if (format === 'json') return res.type('application/json; charset=utf-8').send(result.body ?? '[]');
    res.type('text/csv; charset=utf-8').send(csvDocument(result.body ?? ''));
  });

  return router;
}
