import { Router, type RequestHandler, type Response } from 'express';
import * as z from 'zod';
import { parseRequest } from '../../core/parse-request.js';
import { languageSource, stageOf } from '../../core/results.js';
import type { Database } from '../../db/database.js';
import { findResultDownload, findResultSummary, type ResultSummary } from '../../db/result-reads.js';
import { errorResponses } from '../openapi/error-responses.js';
import type { Operation, ServedOperations } from '../openapi/operation.js';
import { KEY_PATH, notFound, parsePath, RESULT_QUERY, STOP_WORDS_QUERY } from '../request-params.js';
import { resultsUrl } from '../urls.js';
import { createTopReader } from './completed-tops.js';
import { STATUS, WORD_COUNTS } from './answers.js';
import { crawlStatus } from './crawl-routes.js';
import { csvDocument } from './csv.js';
import { RETRY_AFTER_SECONDS, sendUnfinished, UNFINISHED_RESPONSES } from './unfinished-answer.js';
import type { UnfinishedAnswer, UnfinishedResults } from '../unfinished-results.js';

// A request that waits reads Postgres again this often, in case a finish notice was missed.
const WAIT_RECHECK_MS = 1_000;

function sendRemembered(res: Response, answer: UnfinishedAnswer): void {
  res.status(202).set('Retry-After', RETRY_AFTER_SECONDS).json(answer);
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


const RESULT_TOP: Operation = {
  method: 'get',
  path: '/results/{key}',
  operationId: 'getResultTop',
  summary: 'The most frequent words of a page or crawl',
  tags: ['Results'],
  requestParams: { path: KEY_PATH, query: RESULT_QUERY },
  responses: {
    200: { description: 'The top list.', content: { 'application/json': { schema: WORD_COUNTS } } },
    ...errorResponses(['invalid_request', 'not_found', 'database_unavailable']),
    ...UNFINISHED_RESPONSES,
  },
};

const RESULT_STATUS: Operation = {
  method: 'get',
  path: '/status/{key}',
  operationId: 'getStatus',
  summary: 'Where a result stands, and how it was counted',
  tags: ['Results'],
  requestParams: { path: KEY_PATH },
  responses: {
    200: { description: 'The result’s status; a crawl’s adds its options, page counters and why it stopped.', content: { 'application/json': { schema: STATUS } } },
    ...errorResponses(['not_found', 'database_unavailable']),
  },
};

const COUNTS_PATH = KEY_PATH.extend({ format: z.enum(['csv', 'json']).meta({ description: 'The download’s format.' }) });

const RESULT_COUNTS: Operation = {
  method: 'get',
  path: '/results/{key}/counts.{format}',
  operationId: 'downloadCounts',
  summary: 'Every word’s count, as a CSV or JSON download',
  tags: ['Results'],
  requestParams: { path: COUNTS_PATH, query: STOP_WORDS_QUERY },
  responses: {
    200: {
      description: 'The full counts, as an attachment.',
      content: {
        'application/json': { schema: WORD_COUNTS },
        'text/csv': { schema: z.string().meta({ description: 'A header `word,count`, then one row per word, CRLF line ends, UTF-8 with a BOM.' }) },
      },
    },
    ...errorResponses(['invalid_request', 'not_found', 'rate_limited', 'busy', 'database_unavailable']),
    ...UNFINISHED_RESPONSES,
  },
};

/** Where a result's callback stands: `state` is null until the result finishes, then pending, delivered or failed. */
function presentCallback(result: ResultSummary) {
  return { url: result.callbackUrl, state: result.callbackState, attempts: result.callbackAttempts, last_error: result.callbackLastError };
}

/**
 * The JSON API; `downloadLimit` (per client) and `downloadSlots` (at once) guard the full-count
 * downloads, which cost far more than a top list.
 */
export function createResultRoutes(
  served: ServedOperations, db: Database, unfinished: UnfinishedResults, downloadLimit: RequestHandler, downloadSlots: RequestHandler,
): Router {
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
  served.serve(router, RESULT_TOP, async (req, res) => {
    const { key } = parsePath(KEY_PATH, req.params);
    const query = parseRequest(RESULT_QUERY, req.query);
    const { limit } = query;
    const includeStopWords = query.stopwords === 'include';
    const until = performance.now() + query.wait * 1000;
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

  served.serve(router, RESULT_STATUS, async (req, res) => {
    const { key } = parsePath(KEY_PATH, req.params);
    const result = await findResultSummary(db, key);
    if (!result) throw notFound(key);
    res.json({ ...presentStatus(result), ...(result.kind === 'crawl' ? await crawlStatus(db, key) : {}) });
  });

  served.serve(router, RESULT_COUNTS, downloadLimit, downloadSlots, async (req, res) => {
    const { key, format } = parsePath(COUNTS_PATH, req.params);
    const includeStopWords = parseRequest(STOP_WORDS_QUERY, req.query).stopwords === 'include';
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
