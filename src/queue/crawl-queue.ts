import type { Job } from 'bullmq';
import type { RequestHandler } from 'express';
import { withDeadline } from '../core/deadline.js';
import { AppError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { CRAWL_JOB_OPTIONS, type CrawlJobData } from './crawl-job.js';
import type { QueueStore } from './queue-store.js';

const ENQUEUE_DEADLINE_MS = 2_000;

/**
 * BullMQ's reason for a job that stalled more often than `maxStalledCount` allows: its worker died
 * (or froze) while running it, every time. On the Redis and the Postgres backend alike.
 */
export const STALL_LIMIT_REASON = 'job stalled more than allowable limit';

/** A job that kept killing its worker: permanent, so neither BullMQ nor the requeue sweep runs it again. */
export function workerCrashed(): AppError {
  return new AppError(
    'worker_crashed',
    'the worker counting this page stopped twice while on it (it crashed or ran out of memory), so it was not tried again',
  );
}

export type EnsureQueuedOutcome = 'present' | 'added' | 'retried' | 'crashed';

export interface CrawlQueue {
  /** `priority` 1 runs before 2 and so on (BullMQ's order); without one the job goes first. */
  enqueue(key: string, priority?: number): Promise<void>;
  /**
   * Makes sure an unfinished result has a live job: adds one if Redis lost it, retries one that failed
   * without its row being marked (Postgres was down then). A job that failed by killing its workers is
   * reported as `crashed` and left failed.
   */
  ensureQueued(key: string): Promise<EnsureQueuedOutcome>;
  /** Jobs by state (waiting, active, delayed, completed, failed…). */
  countJobs(): Promise<Record<string, number>>;
  /**
   * The bull-board dashboard for this queue, to mount at `basePath`. Loaded on first use: bull-board and
   * the Express it brings cost a worker about 11 MB that it never needs.
   */
  dashboard(basePath: string, readOnly: boolean): Promise<RequestHandler>;
  close(): Promise<void>;
}

export function isWorkerCrash(job: Pick<Job, 'failedReason'>): boolean {
  return job.failedReason === STALL_LIMIT_REASON;
}

/** Adding and inspecting crawl jobs, in whichever store the deployment uses. */
export function createCrawlQueue(store: QueueStore, logger: Logger): CrawlQueue {
  const queue = store.openQueue();
  queue.on('error', (error) => logger.debug({ error: error.message }, 'queue error'));
  const add = (key: string, priority?: number) =>
    queue.add('crawl', { key } satisfies CrawlJobData, { ...CRAWL_JOB_OPTIONS, jobId: key, ...(priority ? { priority } : {}) });
  return {
    async enqueue(key, priority) {
      try {
        await withDeadline(add(key, priority), ENQUEUE_DEADLINE_MS, 'adding the job');
      } catch (error) {
        throw new AppError('queue_unavailable', 'the job queue is unavailable; please try again shortly', true, { cause: error });
      }
    },
    async ensureQueued(key) {
      const job = await queue.getJob(key);
      if (!job) {
        await add(key);
        return 'added';
      }
      if (!(await job.isFailed())) return 'present';
      if (isWorkerCrash(job)) return 'crashed';
      await job.retry('failed');
      return 'retried';
    },
    countJobs: () => queue.getJobCounts(),
    dashboard: async (basePath, readOnly) => (await import('./queue-dashboard.js')).createQueueDashboard(queue, basePath, readOnly),
    // Closing waits on the store; when it is gone there is nothing left to flush, so shutdown goes on.
    close: () => withDeadline(queue.close(), ENQUEUE_DEADLINE_MS, 'closing the queue').catch((error: Error) => {
      logger.warn({ error: error.message }, 'the queue did not close cleanly');
    }),
  };
}
