import { UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
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

/** Runs crawls from the queue; a permanent AppError ends the job without retries. */
export function startCrawlWorker(crawlPage: CrawlPage, options: CrawlWorkerOptions): CrawlWorker {
  // A worker waits out Redis outages instead of failing its commands.
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const worker = new Worker<CrawlJobData>(
    CRAWL_QUEUE_NAME,
    async (job) => {
      const attempts = job.opts.attempts ?? 1;
      try {
        await crawlPage(job.data.key, {
          isFinalAttempt: job.attemptsMade + 1 >= attempts,
          reportProgress: (progress) => job.updateProgress(progress),
        });
      } catch (error) {
        if (error instanceof AppError && !error.retryable) throw new UnrecoverableError(`${error.code}: ${error.message}`);
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
