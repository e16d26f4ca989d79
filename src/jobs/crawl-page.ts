import type { Database } from '../db/database.js';
import { markResultActive, markResultFailed, PROGRESS, saveResultCounts, setResultProgress } from '../db/results-repository.js';
import { AppError, isConnectionError } from '../errors.js';
import type { Logger } from '../logger.js';
import { countPage } from '../pipeline/count-page.js';
import type { PageFetcher } from '../pipeline/fetch-page.js';

export interface CrawlAttempt {
  /** No retry follows this attempt, so its failure is the one to record. */
  isFinalAttempt: boolean;
  reportProgress(progress: number): Promise<void>;
}

export interface CrawlDependencies {
  db: Database;
  fetcher: PageFetcher;
  logger: Logger;
}

export type CrawlPage = (key: string, attempt: CrawlAttempt) => Promise<void>;

/**
 * The job: fetch the row's URL, count its words, store the counts. Knows nothing of BullMQ;
 * it throws AppError, and the queue module turns that into a retry or a permanent failure.
 */
export function createCrawlPage({ db, fetcher, logger }: CrawlDependencies): CrawlPage {
  return async (key, attempt) => {
    const startedAt = performance.now();
    const url = await markResultActive(db, key);
    if (url === undefined) {
      logger.info({ key }, 'crawl skipped: result already completed or withdrawn');
      return;
    }
    try {
      await attempt.reportProgress(PROGRESS.fetching);
      const page = await fetcher.fetchPage(url);
      await setResultProgress(db, key, PROGRESS.counting);
      await attempt.reportProgress(PROGRESS.counting);
      const counts = countPage(page);
      await saveResultCounts(db, key, page.finalUrl, counts);
      const ms = Math.round(performance.now() - startedAt);
      logger.info({ key, url, finalUrl: page.finalUrl, words: counts.totalWords, bytes: page.bytes.length, ms }, 'crawl completed');
    } catch (error) {
      const failure = asAppError(error);
      if (!failure.retryable || attempt.isFinalAttempt) {
        await markResultFailed(db, key, failure);
        logger.warn({ key, url, code: failure.code, error: failure.message }, 'crawl failed');
      } else {
        logger.info({ key, url, code: failure.code, error: failure.message, retryAfterMs: failure.retryAfterMs }, 'crawl attempt failed, will retry');
      }
      throw failure;
    }
  };
}

function asAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isConnectionError(error)) {
    return new AppError('database_unavailable', 'the database could not be reached while saving', true, { cause: error });
  }
  return new AppError('internal', 'the crawl failed unexpectedly', true, { cause: error });
}
