import { DelayedError, UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import { AppError } from '../errors.js';
import type { CrawlPage } from '../jobs/crawl-page.js';
import type { Logger } from '../logger.js';
import { startJobTally, type JobOutcome } from '../metrics/job-metrics.js';
import { connectRedis } from '../redis.js';
import { CRAWL_QUEUE_NAME, type CrawlJobData } from './crawl-queue.js';

export interface CrawlWorkerOptions {
  redisUrl: string;
  redisTlsVerify: boolean;
  prefix: string;
  concurrency: number;
  /** How long a job's lock lasts: a worker that dies leaves its jobs to others after about this long. */
  lockMs: number;
  /** How long a closing worker lets active jobs run before handing them back to the queue. */
  shutdownGraceMs: number;
  logger: Logger;
}

export interface CrawlWorker {
  /** Stops taking jobs, lets active ones finish within the grace period, hands back the rest. */
  close(): Promise<void>;
}

/**
 * Runs crawls from the queue. A permanent AppError ends the job without retries; a retryable one
 * carrying retryAfterMs (a server's Retry-After) waits that long instead of the usual backoff.
 */
export function startCrawlWorker(crawlPage: CrawlPage, options: CrawlWorkerOptions): CrawlWorker {
  const connection = connectRedis(options.redisUrl, 'worker', options.logger, options.redisTlsVerify);
  const jobTally = startJobTally(connection, options.prefix);
  const worker = new Worker<CrawlJobData>(
    CRAWL_QUEUE_NAME,
    async (job, token, signal) => {
      // attemptsStarted, not attemptsMade: a Retry-After wait (moveToDelayed) does not add to attemptsMade,
      // so counting that would let a server answering 429 forever keep the job alive forever.
      const isFinalAttempt = job.attemptsStarted >= (job.opts.attempts ?? 1);
      const started = performance.now();
      const tally = (outcome: Omit<JobOutcome, 'seconds'>) => jobTally.record({ ...outcome, seconds: (performance.now() - started) / 1000 });
      try {
        await crawlPage(job.data.key, {
          isFinalAttempt,
          reportProgress: (progress) => job.updateProgress(progress),
          ...(signal ? { signal } : {}),
        });
        tally({ status: 'completed' });
      } catch (error) {
        const outcome = await jobOutcome(error, job, token, isFinalAttempt);
        if (outcome instanceof UnrecoverableError && error instanceof AppError) tally({ status: 'failed', code: error.code });
        throw outcome;
      }
    },
    { connection, prefix: options.prefix, concurrency: options.concurrency, lockDuration: options.lockMs, stalledInterval: options.lockMs },
  );
  worker.on('error', (error) => options.logger.error({ error: error.message }, 'worker error'));
  return {
    async close() {
      const handBack = setTimeout(() => worker.cancelAllJobs('worker shutting down'), options.shutdownGraceMs);
      await worker.close();
      clearTimeout(handBack);
      await jobTally.close();
      connection.disconnect();
    },
  };
}

/** Maps a failed attempt to what BullMQ should do next: fail for good, wait, go back to the queue, or retry. */
async function jobOutcome(error: unknown, job: Job<CrawlJobData>, token: string | undefined, isFinalAttempt: boolean): Promise<Error> {
  if (!(error instanceof AppError)) return error as Error;
  if (error.code === 'interrupted') {
    await job.moveToWait(token);
    return new WaitingError();
  }
  // On our final attempt BullMQ may still see attempts left (see above); the row is already failed.
  if (!error.retryable || isFinalAttempt) return new UnrecoverableError(`${error.code}: ${error.message}`);
  if (error.retryAfterMs !== undefined && token !== undefined) {
    await job.moveToDelayed(Date.now() + error.retryAfterMs, token);
    return new DelayedError();
  }
  return error;
}
