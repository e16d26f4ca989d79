import { AppError, isConnectionError, isLastAttempt } from '../core/errors.js';
import { WaitForTurn, type CrawlAttempt, type CrawlPage, type CrawlReport, type FailCrawl } from '../core/job-contract.js';
import type { Logger } from '../core/logger.js';
import { PROGRESS, type CountingRequest } from '../core/results.js';
import type { CountingPool } from '../counting/counting-pool.js';
import { markCrawlPageQueued } from '../db/crawl-writes.js';
import { findResultSummary } from '../db/result-reads.js';
import { markResultActive, markResultFailed, markResultQueued, saveResultCounts, setResultProgress, type ClaimedResult } from '../db/result-writes.js';
import type { PageFetcher } from '../fetch/fetch-page.js';
import { retryWhileDatabaseDown } from './retry-while-database-down.js';
import type { SiteCrawlDependencies } from './site-crawl-context.js';
import { runCrawlKickoff } from './site-kickoff.js';
import { failSitePage, runSitePage } from './site-page.js';

export type CrawlDependencies = SiteCrawlDependencies;

/**
 * Counting runs at about 40 MB/s (bench/), so below this size the counting stage is over in
 * milliseconds, before anyone polling could see it: reporting it would cost a Postgres and a Redis
 * round trip per page for nothing. Larger pages report it.
 */
export const COUNTING_STAGE_MIN_BYTES = 1024 * 1024;

/**
 * The job: fetch the row's URL, count its words, store the counts. Knows nothing of BullMQ;
 * it throws AppError, and the queue module turns that into a retry or a permanent failure.
 * Database writes wait out a Postgres outage rather than spend the job's attempts on it.
 */
export function createCrawlPage(deps: CrawlDependencies): CrawlPage {
  const { db, logger } = deps;
  return async (key, attempt) => {
    const write = <T>(operation: () => Promise<T>) => retryWhileDatabaseDown(operation, logger, attempt.signal);
    const claimed = await write(() => markResultActive(db, key));
    if (claimed === undefined) {
      logger.info({ key }, 'crawl skipped: result already completed or withdrawn');
      return undefined;
    }
    const { url, crawlKey } = claimed;
    try {
      return await runClaimed(deps, key, claimed, attempt);
    } catch (error) {
      if (error instanceof WaitForTurn) throw error;
      if (attempt.signal?.aborted) {
        await write(() => markResultQueued(db, key));
        if (crawlKey !== null) await write(() => markCrawlPageQueued(db, key));
        logger.info({ key, url }, 'crawl interrupted by shutdown, handed back');
        throw new AppError('interrupted', 'the worker stopped before the crawl finished', true, { cause: error });
      }
      const failure = asAppError(error);
      // An unexpected failure is stored in plain words; its cause, with the stack, goes to the log.
      const cause = failure.code === 'internal' ? { err: failure.cause } : {};
      if (isLastAttempt(failure, attempt.number, attempt.jobAttempts)) {
        if (crawlKey !== null) await write(() => failSitePage(deps, { pageKey: key, crawlKey }, failure));
        else await write(() => markResultFailed(db, key, failure));
        logger.warn({ key, url, code: failure.code, error: failure.message, ...cause }, 'crawl failed');
      } else {
        logger.info({ key, url, code: failure.code, error: failure.message, retryAfterMs: failure.retryAfterMs, ...cause }, 'crawl attempt failed, will retry');
      }
      throw failure;
    }
  };
}

/** A claimed row's work: a site crawl's own job, a page of one, or a single page. */
async function runClaimed(deps: CrawlDependencies, key: string, claimed: ClaimedResult, attempt: CrawlAttempt): Promise<CrawlReport | undefined> {
  const { url, kind, crawlKey, ...request } = claimed;
  if (kind === 'crawl') {
    await runCrawlKickoff(deps, key, attempt.signal);
    return undefined;
  }
  if (crawlKey !== null) {
    const bytes = await runSitePage(deps, { pageKey: key, crawlKey, url, request, ...(attempt.signal ? { signal: attempt.signal } : {}) });
    return bytes === undefined ? undefined : { bytes };
  }
  return countSinglePage(deps, key, url, request, attempt);
}

async function countSinglePage(
  { db, fetcher, counting, logger }: CrawlDependencies, key: string, url: string, request: CountingRequest, attempt: CrawlAttempt,
): Promise<CrawlReport> {
  const startedAt = performance.now();
  const write = <T>(operation: () => Promise<T>) => retryWhileDatabaseDown(operation, logger, attempt.signal);
  // The claim already shows the row as fetching; the queue's copy of the progress is only for the dashboard.
  const page = await fetcher.fetchPage(url, attempt.signal);
  if (page.bytes.length >= COUNTING_STAGE_MIN_BYTES) {
    await write(() => setResultProgress(db, key, PROGRESS.counting));
    await attempt.reportProgress(PROGRESS.counting);
  }
  const countingAt = performance.now();
  // The signal stops the counting thread too, so a shutdown does not wait out a slow page.
  const counts = await counting.countPage(page, request, attempt.signal);
  const countMs = Math.round((performance.now() - countingAt) * 10) / 10;
  await write(() => saveResultCounts(db, key, page.finalUrl, counts));
  const ms = Math.round(performance.now() - startedAt);
  logger.info({ key, url, finalUrl: page.finalUrl, words: counts.totalWords, language: counts.language, content: counts.contentUsed, bytes: page.bytes.length, ms, countMs }, 'crawl completed');
  return { bytes: page.bytes.length };
}

/** A page of a site crawl fails as part of it, so that the crawl still completes. */
export function createFailCrawl(deps: CrawlDependencies): FailCrawl {
  const { db, logger } = deps;
  return async (key, failure) => {
    await retryWhileDatabaseDown(async () => {
      const crawlKey = (await findResultSummary(db, key))?.crawlKey ?? null;
      if (crawlKey !== null) await failSitePage(deps, { pageKey: key, crawlKey }, failure);
      else await markResultFailed(db, key, failure);
    }, logger);
    logger.warn({ key, code: failure.code, error: failure.message }, 'crawl failed');
  };
}

function asAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isConnectionError(error)) {
    return new AppError('database_unavailable', 'the database could not be reached while saving', true, { cause: error });
  }
  return new AppError('internal', 'the crawl failed unexpectedly', true, { cause: error });
}
