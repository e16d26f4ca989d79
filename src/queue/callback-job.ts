import type { CallbackDelivery } from '../core/callbacks.js';

export const CALLBACK_QUEUE_NAME = 'callback';

/** The job carries the result's key and which of its finishes to tell; the row holds the rest. */
export type CallbackJobData = CallbackDelivery;

/** Each finish's delivery is one job, whatever adds it, however often (BullMQ ids may not contain a colon). */
export function callbackJobId({ delivery }: CallbackDelivery): string {
  return `callback-${delivery}`;
}

export interface CallbackRetries {
  /** WEBHOOK_ATTEMPTS. */
  attempts: number;
  /** WEBHOOK_RETRY_DELAY_MS: the first retry's wait; each later one waits twice as long as the one before. */
  retryDelayMs: number;
}

export function callbackJobOptions({ attempts, retryDelayMs }: CallbackRetries) {
  return {
    attempts,
    backoff: { type: 'exponential', delay: retryDelayMs },
    removeOnComplete: { age: 3_600, count: 1_000 },
    // The outcome is on the result's row. A job that failed without recording it (the database was down,
    // or its worker died too often) must not block the dispatcher from adding it again under the same id.
    removeOnFail: true,
  } as const;
}
