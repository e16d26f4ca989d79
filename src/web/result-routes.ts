import { Router, type Response } from 'express';
import type { Database } from '../db/database.js';
import { findResultSummary, findResultTop, MAX_TOP_LIMIT, type ResultSummary } from '../db/results-repository.js';
import { AppError } from '../errors.js';

const KEY_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DEFAULT_TOP_LIMIT = 10;
// Most pages finish within a second or two; a short hint keeps pollers responsive without hammering.
const RETRY_AFTER_SECONDS = '1';

export function resultsUrl(key: string): string {
  return `/results/${key}`;
}

function notFound(key: string): AppError {
  return new AppError('not_found', `no result with key ${JSON.stringify(key)}`);
}

/** Malformed keys are simply unknown keys: 404 either way, and no database query for them. */
function parseKey(key: string): string {
  if (!KEY_PATTERN.test(key)) throw notFound(key);
  return key.toLowerCase();
}

function parseLimit(value: unknown): number {
  if (value === undefined) return DEFAULT_TOP_LIMIT;
  const limit = typeof value === 'string' && /^\d{1,3}$/.test(value) ? Number(value) : NaN;
  if (!(limit >= 1 && limit <= MAX_TOP_LIMIT)) {
    throw new AppError('invalid_request', `limit must be a whole number from 1 to ${MAX_TOP_LIMIT}`);
  }
  return limit;
}

function parseIncludeStopWords(value: unknown): boolean {
  if (value === undefined || value === 'exclude') return false;
  if (value === 'include') return true;
  throw new AppError('invalid_request', 'stopwords must be "include" or "exclude"');
}

/** Answers for a result that has no counts (yet): 202 while running, 422 once failed. */
function sendUnfinished(res: Response, result: ResultSummary): void {
  if (result.status === 'failed') {
    res.status(422).json({ status: 'failed', error: result.error, code: result.errorCode });
    return;
  }
  res.status(202).set('Retry-After', RETRY_AFTER_SECONDS).json({ status: result.status, progress: result.progress });
}

export function presentStatus(result: ResultSummary) {
  return {
    key: result.key,
    url: result.url,
    final_url: result.finalUrl,
    status: result.status,
    progress: result.progress,
    error: result.error,
    code: result.errorCode,
    total_words: result.totalWords,
    unique_words: result.uniqueWords,
    created_at: result.createdAt,
    started_at: result.startedAt,
    finished_at: result.finishedAt,
    results_url: resultsUrl(result.key),
  };
}

export function createResultRoutes(db: Database): Router {
  const router = Router();

  router.get('/results/:key', async (req, res) => {
    const key = parseKey(req.params.key);
    const limit = parseLimit(req.query.limit);
    const includeStopWords = parseIncludeStopWords(req.query.stopwords);
    const result = await findResultTop(db, key, includeStopWords);
    if (!result) throw notFound(key);
    if (result.status !== 'completed') return sendUnfinished(res, result);
    res.json((result.top ?? []).slice(0, limit));
  });

  router.get('/status/:key', async (req, res) => {
    const key = parseKey(req.params.key);
    const result = await findResultSummary(db, key);
    if (!result) throw notFound(key);
    res.json(presentStatus(result));
  });

  return router;
}
