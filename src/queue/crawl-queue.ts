import type { Job } from 'bullmq';
import { withDeadline } from '../core/deadline.js';
import { AppError } from '../core/errors.js';
import type { EnqueuePages, EnsureQueued } from '../core/job-contract.js';
import type { Logger } from '../core/logger.js';
import { CRAWL_JOB_OPTIONS, SITE_PAGE_PRIORITY, type CrawlJobData } from './crawl-job.js';
import type { CrawlBullQueue, QueueStore } from './queue-store.js';

const ENQUEUE_DEADLINE_MS = 2_000;

/**
 * BullMQ's reason for a job that stalled more often than `maxStalledCount` allows: its worker died
 * (or froze) while running it, every time. On the Redis and the Postgres backend alike.
 */
export const STALL_LIMIT_REASON = 'job stalled more than allowable limit';

export interface CrawlQueue {
  /** `priority` 1 runs before 2 and so on (BullMQ's order); without one the job goes first. */
  enqueue(key: string, priority?: number): Promise<void>;
  /** Adds the jobs of several single pages in one round trip (a batch submission), each with its own priority. */
  enqueueMany(jobs: ReadonlyArray<{ key: string; priority?: number }>): Promise<void>;
  /** Adds the jobs of a crawl's pages, in one round trip, behind single pages. */
  enqueuePages: EnqueuePages;
  /**
   * Makes sure an unfinished result has a live job: adds one if Redis lost it, retries one that failed
   * without its row being marked (Postgres was down then). A job that failed by killing its workers is
   * reported as `crashed` and left failed.
   */
  ensureQueued: EnsureQueued;
  /** Jobs by state (waiting, active, delayed, completed, failed…). */
  countJobs(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export function isWorkerCrash(job: Pick<Job, 'failedReason'>): boolean {
  return job.failedReason === STALL_LIMIT_REASON;
}

// The BullMQ queue behind each CrawlQueue, for the dashboard, without putting BullMQ in the interface.
const BULL_QUEUES = new WeakMap<CrawlQueue, CrawlBullQueue>();

export function bullQueueOf(queue: CrawlQueue): CrawlBullQueue {
  const bullQueue = BULL_QUEUES.get(queue);
  if (!bullQueue) throw new Error('not a queue made by createCrawlQueue');
  return bullQueue;
}

/** A result's job: its key is the job id, so adding it twice adds it once. */
function jobOf(key: string, priority?: number) {
  return { name: 'crawl', data: { key } satisfies CrawlJobData, opts: { ...CRAWL_JOB_OPTIONS, jobId: key, ...(priority ? { priority } : {}) } };
}

/** Adding and inspecting crawl jobs, in whichever store the deployment uses. */
export function createCrawlQueue(store: QueueStore, logger: Logger): CrawlQueue {
  const queue = store.openQueue();
  queue.on('error', (error) => logger.debug({ error: error.message }, 'queue error'));
  const add = (key: string, priority?: number) => {
    const { name, data, opts } = jobOf(key, priority);
    return queue.add(name, data, opts);
  };
  const crawlQueue: CrawlQueue = {
    async enqueue(key, priority) {
      try {
        await withDeadline(add(key, priority), ENQUEUE_DEADLINE_MS, 'adding the job');
      } catch (error) {
        throw new AppError('queue_unavailable', 'the job queue is unavailable; please try again shortly', true, { cause: error });
      }
    },
    async enqueueMany(jobs) {
      if (jobs.length === 0) return;
      try {
        await withDeadline(queue.addBulk(jobs.map(({ key, priority }) => jobOf(key, priority))), ENQUEUE_DEADLINE_MS, 'adding the jobs');
      } catch (error) {
        throw new AppError('queue_unavailable', 'the job queue is unavailable; please try again shortly', true, { cause: error });
      }
    },
    async enqueuePages(keys) {
      if (keys.length === 0) return;
      await withDeadline(queue.addBulk(keys.map((key) => jobOf(key, SITE_PAGE_PRIORITY))), ENQUEUE_DEADLINE_MS, 'adding the jobs');
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
    // Closing waits on the store; when it is gone there is nothing left to flush, so shutdown goes on.
    close: () => withDeadline(queue.close(), ENQUEUE_DEADLINE_MS, 'closing the queue').catch((error: Error) => {
      logger.warn({ error: error.message }, 'the queue did not close cleanly');
    }),
  };
  BULL_QUEUES.set(crawlQueue, queue);
  return crawlQueue;
}
