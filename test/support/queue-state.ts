import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { TestConfig } from './service.js';
import { CRAWL_QUEUE_NAME } from '../../src/queue/crawl-job.js';
import { waitFor } from './wait-for.js';

export interface FinishedJob {
  state: string;
  attemptsMade: number;
  /** Unlike attemptsMade, this also counts attempts that ended in a Retry-After wait. */
  attemptsStarted: number;
}

/**
 * Waits until BullMQ is done with the crawl job of `key`, retries included, and says how it ended.
 * A row shows failed before its job does, and a job with a retry pending is not done: a test that
 * counts a fixture's hits to prove there was no retry has to wait for this first.
 */
export async function waitForFinishedJob(config: Pick<TestConfig, 'REDIS_URL' | 'QUEUE_PREFIX'>, key: string, timeoutMs = 20_000): Promise<FinishedJob> {
  const connection = new Redis(config.REDIS_URL);
  const queue = new Queue(CRAWL_QUEUE_NAME, { connection, prefix: config.QUEUE_PREFIX });
  try {
    return await waitFor(async () => {
      const job = await queue.getJob(key);
      if (!job?.finishedOn) return undefined;
      return { state: await job.getState(), attemptsMade: job.attemptsMade, attemptsStarted: job.attemptsStarted };
    }, timeoutMs, `BullMQ to finish job ${key}`);
  } finally {
    await queue.close();
    connection.disconnect();
  }
}
