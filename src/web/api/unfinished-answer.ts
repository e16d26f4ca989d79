import type { Response } from 'express';
import * as z from 'zod';
import { findCrawlProgress } from '../../db/crawl-reads.js';
import type { Database } from '../../db/database.js';
import type { ResultSummary } from '../../db/result-reads.js';
import { notFound } from '../request-params.js';
import { FAILED, UNFINISHED } from './answers.js';

// Most pages finish within a second or two; a short hint keeps pollers responsive without hammering.
export const RETRY_AFTER_SECONDS = '1';

const RETRY_AFTER = z.object({ 'Retry-After': z.string().meta({ description: 'Seconds to wait before asking again.', example: RETRY_AFTER_SECONDS }) });

/** The answers of a result that has no counts: still running (202), or failed (422). */
export const UNFINISHED_RESPONSES = {
  202: { description: 'Not counted yet.', headers: RETRY_AFTER, content: { 'application/json': { schema: UNFINISHED } } },
  422: { description: 'Failed: the page (or every page of a crawl) could not be counted.', content: { 'application/json': { schema: FAILED } } },
} as const;

/** Answers for a result that has no counts (yet): 202 while running, 422 once failed; a crawl's with its page counters. */
export async function sendUnfinished(db: Database, res: Response, result: ResultSummary): Promise<void> {
  const crawl = result.kind === 'crawl' ? await findCrawlProgress(db, result.key) : undefined;
  const pages = crawl ? { kind: 'crawl', pages: crawl.pages } : {};
  if (result.status === 'failed') {
    res.status(422).json({ status: 'failed', error: result.error, code: result.errorCode, ...pages });
    return;
  }
  res.status(202).set('Retry-After', RETRY_AFTER_SECONDS).json({ status: result.status, progress: result.progress, ...pages });
}

/**
 * The row of a completed result, for the views of one; otherwise answers as GET /results/:key does
 * (404 unknown, 202 unfinished, 422 failed) and gives undefined.
 */
export async function completedOrAnswered<Row extends ResultSummary>(db: Database, res: Response, key: string, row: Row | undefined): Promise<Row | undefined> {
  if (!row) throw notFound(key);
  if (row.status === 'completed') return row;
  await sendUnfinished(db, res, row);
  return undefined;
}
