/**
 * A result's callback (README, "Webhooks"): `pending` from the moment the result finishes (migration
 * 0008's trigger sets it in the finishing transaction) until the receiver takes it or we give up.
 */
export const CALLBACK_STATES = ['pending', 'delivered', 'failed'] as const;
export type CallbackState = (typeof CALLBACK_STATES)[number];

export const CALLBACK_EVENTS = ['result.completed', 'result.failed'] as const;
export type CallbackEvent = (typeof CALLBACK_EVENTS)[number];

/** One finish of a result to tell its receiver about; `delivery` is new with each finish. */
export interface CallbackDelivery {
  key: string;
  delivery: string;
}

/** Queues the deliveries; adding one that is already queued adds nothing. */
export type EnqueueCallbacks = (deliveries: readonly CallbackDelivery[]) => Promise<void>;

/** Where a delivery attempt stands: its number (from 1) and whether it is the last one allowed. */
export interface CallbackAttempt {
  number: number;
  last: boolean;
}

/** Delivers one callback; throws a retryable AppError to be tried again later. */
export type DeliverCallback = (delivery: CallbackDelivery, attempt: CallbackAttempt) => Promise<void>;

/** Says why a callback URL may not be called (the fetches' address policy), or undefined if it may. */
export type CheckCallbackAddress = (url: URL) => Promise<string | undefined>;
