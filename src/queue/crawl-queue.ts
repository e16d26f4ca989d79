import { Queue } from 'bullmq';
import type { RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';

export const CRAWL_QUEUE_NAME = 'crawl';

/** The job carries only the key; the row in Postgres holds everything else. */
export interface CrawlJobData {
  key: string;
}

// Retries cover transient failures (timeouts, resets, 5xx, 429): 1 s, then 2 s, then 4 s, with jitter,
// or as long as a 429/503's Retry-After asks (up to a minute; see crawl-worker.ts). Four attempts in all.
export const CRAWL_JOB_OPTIONS = {
  attempts: 4,
  backoff: { type: 'exponential', delay: 1_000, jitter: 0.5 },
  // Results live in Postgres, so finished jobs only need to stay long enough to inspect.
  removeOnComplete: { age: 3_600, count: 1_000 },
  removeOnFail: { age: 24 * 3_600, count: 5_000 },
} as const;

const ENQUEUE_DEADLINE_MS = 2_000;

export interface CrawlQueue {
  enqueue(key: string): Promise<void>;
  /**
   * Makes sure an unfinished result has a live job: adds one if Redis lost it, retries one that failed
   * without its row being marked (Postgres was down then). Returns what it did.
   */
  ensureQueued(key: string): Promise<'present' | 'added' | 'retried'>;
  /** Jobs in Redis by state (waiting, active, delayed, completed, failed…). */
  countJobs(): Promise<Record<string, number>>;
  /**
   * The bull-board dashboard for this queue, to mount at `basePath`. Loaded on first use: bull-board and
   * the Express it brings cost a worker about 11 MB that it never needs.
   */
  dashboard(basePath: string, readOnly: boolean): Promise<RequestHandler>;
  close(): Promise<void>;
}

/** The web side of the queue. The connection is the caller's, made with `connectRedis(url, 'web')`. */
export function createCrawlQueue(connection: Redis, prefix: string, logger: Logger): CrawlQueue {
  const queue = new Queue<CrawlJobData>(CRAWL_QUEUE_NAME, { connection, prefix });
  queue.on('error', (error) => logger.debug({ error: error.message }, 'queue error'));
  return {
    async enqueue(key) {
      try {
        await withDeadline(queue.add('crawl', { key }, { ...CRAWL_JOB_OPTIONS, jobId: key }), ENQUEUE_DEADLINE_MS);
      } catch (error) {
        throw new AppError('queue_unavailable', 'the job queue is unavailable; please try again shortly', true, { cause: error });
      }
    },
    async ensureQueued(key) {
      const job = await queue.getJob(key);
      if (!job) {
        await queue.add('crawl', { key }, { ...CRAWL_JOB_OPTIONS, jobId: key });
        return 'added';
      }
      if (await job.isFailed()) {
        await job.retry('failed');
        return 'retried';
      }
      return 'present';
    },
    countJobs: () => queue.getJobCounts(),
    dashboard: async (basePath, readOnly) => (await import('./queue-dashboard.js')).createQueueDashboard(queue, basePath, readOnly),
    // Closing waits on Redis; when Redis is gone there is nothing left to flush.
    close: () => withDeadline(queue.close(), ENQUEUE_DEADLINE_MS).catch(() => {}),
  };
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Redis within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
