import { withDeadline } from '../core/deadline.js';
import type { CallbackDelivery } from '../core/callbacks.js';
import type { Logger } from '../core/logger.js';
import { callbackJobId, callbackJobOptions, type CallbackRetries } from './callback-job.js';
import type { QueueStore } from './queue-store.js';

const ENQUEUE_DEADLINE_MS = 2_000;

export interface CallbackQueue {
  /** Adds a job per delivery; one already queued (or running, or retrying) is not added again. */
  enqueue(deliveries: readonly CallbackDelivery[]): Promise<void>;
  close(): Promise<void>;
}

export function createCallbackQueue(store: QueueStore, retries: CallbackRetries, logger: Logger): CallbackQueue {
  const queue = store.openCallbackQueue();
  queue.on('error', (error) => logger.debug({ error: error.message }, 'callback queue error'));
  const opts = callbackJobOptions(retries);
  return {
    async enqueue(deliveries) {
      if (deliveries.length === 0) return;
      const jobs = deliveries.map((delivery) => ({ name: 'callback', data: delivery, opts: { ...opts, jobId: callbackJobId(delivery) } }));
      await withDeadline(queue.addBulk(jobs), ENQUEUE_DEADLINE_MS, 'adding callback jobs');
    },
    close: () => withDeadline(queue.close(), ENQUEUE_DEADLINE_MS, 'closing the callback queue').catch((error: Error) => {
      logger.warn({ error: error.message }, 'the callback queue did not close cleanly');
    }),
  };
}
