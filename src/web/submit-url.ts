import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database.js';
import { deleteResult, insertQueuedResult, reuseOrInsertResult } from '../db/results-repository.js';
import type { ResultStatus } from '../db/schema.js';
import type { Logger } from '../logger.js';
import type { CrawlQueue } from '../queue/crawl-queue.js';
import { canonicalizeUrl } from './canonical-url.js';
import { normalizeSubmittedUrl } from './normalize-submitted-url.js';

export interface Submission {
  key: string;
  url: string;
  status: ResultStatus;
  /** True when an earlier result for the same page was returned instead of a new crawl. */
  reused: boolean;
}

export interface SubmitDependencies {
  db: Database;
  queue: CrawlQueue;
  logger: Logger;
  /** A repeat of the same canonical URL within this many seconds reuses the result; 0 never does. */
  reuseWindowSeconds: number;
}

export type SubmitUrl = (input: unknown, options?: { fresh?: boolean }) => Promise<Submission>;

/**
 * Records the URL, then enqueues its key: Postgres first, so a job never points at a missing row.
 * If the queue refuses, the row is withdrawn, since nothing would ever process it.
 */
export function createSubmitUrl({ db, queue, logger, reuseWindowSeconds }: SubmitDependencies): SubmitUrl {
  return async (input, options = {}) => {
    const url = normalizeSubmittedUrl(input);
    const canonicalUrl = canonicalizeUrl(url);
    const key = randomUUID();
    if (options.fresh || reuseWindowSeconds === 0) {
      await insertQueuedResult(db, key, url, canonicalUrl);
    } else {
      const earlier = await reuseOrInsertResult(db, { key, url, canonicalUrl, windowSeconds: reuseWindowSeconds });
      if (earlier) return { key: earlier.key, url: earlier.url, status: earlier.status, reused: true };
    }
    try {
      await queue.enqueue(key);
    } catch (error) {
      await deleteResult(db, key).catch((deleteError: Error) => {
        logger.error({ key, error: deleteError.message }, 'could not withdraw a row whose job was never enqueued');
      });
      throw error;
    }
    logger.info({ key, url }, 'url submitted');
    return { key, url, status: 'queued', reused: false };
  };
}

/** `fresh` from JSON (`true`) or a form (`"true"`, `"on"`, `"1"`). */
export function parseFresh(value: unknown): boolean {
  return value === true || value === 'true' || value === 'on' || value === '1';
}
