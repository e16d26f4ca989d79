import { DelayedError, UnrecoverableError, Worker } from 'bullmq';
import { connectRedis } from '../redis.js';
import { AppError } from '../errors.js';
import type { CrawlPage } from '../jobs/crawl-page.js';
import type { Logger } from '../logger.js';
import { CRAWL_QUEUE_NAME, type CrawlJobData } from './crawl-queue.js';

export interface CrawlWorkerOptions {
  redisUrl: string;
  prefix: string;
  concurrency: number;
  logger: Logger;
}

export interface CrawlWorker {
  /** Stops taking jobs and waits for active ones to finish. */
  close(): Promise<void>;
}

/**
 * Runs crawls from the queue. A permanent AppError ends the job without retries; a retryable one
 * carrying retryAfterMs (a server's Retry-After) waits that long instead of the usual backoff.
 */
export function startCrawlWorker(crawlPage: CrawlPage, options: CrawlWorkerOptions): CrawlWorker {
  const connection = connectRedis(options.redisUrl, 'worker', options.logger);
  const worker = new Worker<CrawlJobData>(
    CRAWL_QUEUE_NAME,
    async (job, token) => {
      // attemptsStarted, not attemptsMade: a Retry-After wait (moveToDelayed) does not add to attemptsMade,
      // so counting that would let a server answering 429 forever keep the job alive forever.
      const isFinalAttempt = job.attemptsStarted >= (job.opts.attempts ?? 1);
      try {
        await crawlPage(job.data.key, {
          isFinalAttempt,
          reportProgress: (progress) => job.updateProgress(progress),
        });
      } catch (error) {
        const appError = error instanceof AppError ? error : undefined;
        // On our final attempt BullMQ may still see attempts left (see above); the row is already failed.
        if (appError && (!appError.retryable || isFinalAttempt)) throw new UnrecoverableError(`${appError.code}: ${appError.message}`);
        if (appError?.retryAfterMs !== undefined && token !== undefined) {
          await job.moveToDelayed(Date.now() + appError.retryAfterMs, token);
          throw new DelayedError();
        }
        throw error;
      }
    },
    { connection, prefix: options.prefix, concurrency: options.concurrency },
  );
  worker.on('error', (error) => options.logger.error({ error: error.message }, 'worker error'));
  return {
    async close() {
      await worker.close();
      connection.disconnect();
    },
  };
}
