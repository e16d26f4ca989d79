import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';

export const CRAWL_QUEUE_NAME = 'crawl';

/** The job carries only the key; the row in Postgres holds everything else. */
export interface CrawlJobData {
  key: string;
}

// Retries cover transient failures (timeouts, resets, 5xx, 429): 1 s, then 2 s, then 4 s, with jitter.
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
  close(): Promise<void>;
}

/** The web side of the queue: fails fast while Redis is down so the API can answer 503. */
export function createCrawlQueue(redisUrl: string, prefix: string, logger: Logger): CrawlQueue {
  const connection = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true });
  const queue = new Queue<CrawlJobData>(CRAWL_QUEUE_NAME, { connection, prefix });
  // While Redis is down every reconnect attempt fails the same way; log each distinct failure once.
  let lastError = '';
  const logError = (error: Error) => {
    if (error.message !== lastError) logger.warn({ error: error.message }, 'queue connection error');
    lastError = error.message;
  };
  connection.on('error', logError);
  connection.on('ready', () => (lastError = ''));
  queue.on('error', logError);
  return {
    async enqueue(key) {
      try {
        await withDeadline(queue.add('crawl', { key }, { ...CRAWL_JOB_OPTIONS, jobId: key }), ENQUEUE_DEADLINE_MS);
      } catch (error) {
        throw new AppError('queue_unavailable', 'the job queue is unavailable; please try again shortly', true, { cause: error });
      }
    },
    async close() {
      // Closing waits on Redis; when Redis is gone there is nothing left to flush.
      await withDeadline(queue.close(), ENQUEUE_DEADLINE_MS).catch(() => {});
      connection.disconnect();
    },
  };
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Redis within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
