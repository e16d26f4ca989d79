import { DelayedError, UnrecoverableError, WaitingError, type Job } from 'bullmq';
import { AppError, isConnectionError, isLastAttempt, workerCrashed } from '../core/errors.js';
import { WaitForTurn, type CrawlPage, type FailCrawl } from '../core/job-contract.js';
import type { Logger } from '../core/logger.js';
import type { CrawlJobData } from './crawl-job.js';
import { STALL_LIMIT_REASON } from './crawl-queue.js';
import { startJobTallyWriter } from './job-tally-writer.js';
import type { JobOutcome } from './job-tally.js';
import type { QueueStore } from './queue-store.js';

export interface CrawlConsumerOptions {
  concurrency: number;
  /** How long a job's lock lasts without renewal; see stalledCheckInterval for what it buys. */
  lockMs: number;
  /** How long a closing worker lets active jobs run before handing them back to the queue. */
  shutdownGraceMs: number;
  logger: Logger;
}

export interface CrawlConsumer {
  /** Stops taking jobs, lets active ones finish within the grace period, hands back the rest. */
  close(): Promise<void>;
}

/**
 * How often workers look for jobs whose worker died. BullMQ moves such a job back to the queue at
 * the first check after its lock expired, so a dead worker's job is running again within about
 * lock + this interval (10 s with the defaults). One check per interval runs per deployment (a lock
 * in the store keeps the others out), so a short interval costs one small script call a second or two.
 */
export function stalledCheckInterval(lockMs: number): number {
  return Math.max(500, Math.round(lockMs / 4));
}

/**
 * Runs crawls from the queue. A permanent AppError ends the job without retries; a retryable one
 * carrying retryAfterMs (a server's Retry-After) waits that long instead of the usual backoff. A
 * job that stalls more than once (it kills its worker, e.g. by memory) is failed by BullMQ without
 * reaching the processor; its row is failed here, with a reason.
 */
export function startCrawlConsumer(jobs: { crawlPage: CrawlPage; failCrawl: FailCrawl }, store: QueueStore, options: CrawlConsumerOptions): CrawlConsumer {
  const { logger } = options;
  const jobTally = startJobTallyWriter(store.tallies, logger);
  const bullWorker = store.openConsumer(
    async (job, token, signal) => {
      // attemptsStarted, not attemptsMade: a Retry-After wait (moveToDelayed) does not add to attemptsMade,
      // so counting that would let a server answering 429 forever keep the job alive forever. A wait for
      // a host's turn is no attempt, so those are taken off.
      const attempt = { number: job.attemptsStarted - (job.data.waits ?? 0), jobAttempts: job.opts.attempts ?? 1 };
      const started = performance.now();
      const tally = (outcome: Omit<JobOutcome, 'seconds'>) => jobTally.record({ ...outcome, seconds: (performance.now() - started) / 1000 });
      try {
        const report = await jobs.crawlPage(job.data.key, {
          ...attempt,
          reportProgress: (progress) => job.updateProgress(progress),
          ...(signal ? { signal } : {}),
        });
        tally({ status: 'completed', ...(report ? { bytes: report.bytes } : {}) });
      } catch (error) {
        if (error instanceof WaitForTurn && token !== undefined) {
          await job.updateData({ ...job.data, waits: (job.data.waits ?? 0) + 1 });
          await job.moveToDelayed(Date.now() + error.waitMs, token);
          throw new DelayedError();
        }
        const outcome = await jobOutcome(error, job, token, attempt);
        if (outcome instanceof UnrecoverableError && error instanceof AppError) tally({ status: 'failed', code: error.code });
        throw outcome;
      }
    },
    { concurrency: options.concurrency, lockDuration: options.lockMs, stalledInterval: stalledCheckInterval(options.lockMs) },
  );
  const crashWrites = new Set<Promise<void>>();
  bullWorker.on('failed', (job, error) => {
    if (!job || error.message !== STALL_LIMIT_REASON) return;
    jobTally.record({ status: 'failed', code: 'worker_crashed', seconds: 0 });
    const write = jobs.failCrawl(job.data.key, workerCrashed())
      .catch((writeError: Error) => logger.error({ key: job.data.key, err: writeError }, 'could not mark a crashed crawl failed; the requeue sweep will'))
      .finally(() => crashWrites.delete(write));
    crashWrites.add(write);
  });
  bullWorker.on('stalled', (key) => logger.warn({ key }, 'job stalled: its worker stopped while running it; it goes back to the queue'));
  // The store's outage report already said, once, that Redis is down; the worker repeats it on every retry.
  bullWorker.on('error', (error) => {
    if (isConnectionError(error)) logger.debug({ error: error.message }, 'worker error');
    else logger.error({ err: error }, 'worker error');
  });
  return {
    async close() {
      const handBack = setTimeout(() => bullWorker.cancelAllJobs('worker shutting down'), options.shutdownGraceMs);
      await bullWorker.close();
      clearTimeout(handBack);
      await Promise.all(crashWrites);
      await jobTally.close();
    },
  };
}

/** Maps a failed attempt to what BullMQ should do next: fail for good, wait, go back to the queue, or retry. */
async function jobOutcome(
  error: unknown, job: Job<CrawlJobData>, token: string | undefined, attempt: { number: number; jobAttempts: number },
): Promise<Error> {
  if (!(error instanceof AppError)) return error as Error;
  if (error.code === 'interrupted') {
    await job.moveToWait(token);
    return new WaitingError();
  }
  // On our last attempt BullMQ may still see attempts left (see above); the row is already failed.
  if (isLastAttempt(error, attempt.number, attempt.jobAttempts)) return new UnrecoverableError(`${error.code}: ${error.message}`);
  if (error.retryAfterMs !== undefined && token !== undefined) {
    await job.moveToDelayed(Date.now() + error.retryAfterMs, token);
    return new DelayedError();
  }
  return error;
}
