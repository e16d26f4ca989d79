import { UnrecoverableError } from 'bullmq';
import type { DeliverCallback } from '../core/callbacks.js';
import { AppError, isConnectionError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { QueueStore } from './queue-store.js';

/**
 * Callbacks delivered at once per worker process: each mostly waits on a receiver (10 s at most), and
 * they have their own consumer, so a slow receiver holds none of the crawl jobs' slots.
 */
export const CALLBACK_CONCURRENCY = 16;

export interface CallbackConsumer {
  close(): Promise<void>;
}

/** Runs callback deliveries; a permanent failure (410 Gone, a blocked address) ends the job without retries. */
export function startCallbackConsumer(deliver: DeliverCallback, store: QueueStore, options: { shutdownGraceMs: number; logger: Logger }): CallbackConsumer {
  const { logger } = options;
  const worker = store.openCallbackConsumer(async (job) => {
    const attempts = job.opts.attempts ?? 1;
    const number = job.attemptsMade + 1;
    try {
      await deliver(job.data, { number, last: number >= attempts });
    } catch (error) {
      if (error instanceof AppError && !error.retryable) throw new UnrecoverableError(`${error.code}: ${error.message}`);
      throw error;
    }
  }, { concurrency: CALLBACK_CONCURRENCY });
  worker.on('error', (error) => {
    if (isConnectionError(error)) logger.debug({ error: error.message }, 'callback worker error');
    else logger.error({ err: error }, 'callback worker error');
  });
  return {
    async close() {
      const handBack = setTimeout(() => worker.cancelAllJobs('worker shutting down'), options.shutdownGraceMs);
      await worker.close();
      clearTimeout(handBack);
    },
  };
}
