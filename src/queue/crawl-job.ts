export const CRAWL_QUEUE_NAME = 'crawl';

/** The job carries only the key; the row in Postgres holds everything else. */
export interface CrawlJobData {
  key: string;
  /** How often the job went back to wait for its host's turn: those runs are not attempts. */
  waits?: number;
}

/** Pages of site crawls wait behind single pages, whose submitters are watching (lower runs first). */
export const SITE_PAGE_PRIORITY = 100;

// Retries cover transient failures (timeouts, resets, 5xx, 429): exponential from 1 s with jitter,
// or as long as a 429/503's Retry-After asks (up to a minute; see crawl-worker.ts). Four attempts in all.
export const CRAWL_JOB_OPTIONS = {
  attempts: 4,
  backoff: { type: 'exponential', delay: 1_000, jitter: 0.5 },
  // Results live in Postgres, so finished jobs only need to stay long enough to inspect.
  removeOnComplete: { age: 3_600, count: 1_000 },
  removeOnFail: { age: 24 * 3_600, count: 5_000 },
} as const;
