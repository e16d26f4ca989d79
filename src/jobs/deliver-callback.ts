import { STATUS_CODES } from 'node:http';
import type { DeliverCallback } from '../core/callbacks.js';
import { AppError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { findCallbackSource, recordCallbackAttempt } from '../db/callback-deliveries.js';
import type { Database } from '../db/database.js';
import type { CallbackPoster } from '../fetch/post-callback.js';
import { callbackPayload } from './callback-payload.js';
import { signCallback } from './callback-signature.js';

const USER_AGENT = 'wordcrawler-callbacks/0.1 (+https://github.com/wordcrawler/wordcrawler)';

export interface DeliverCallbackDependencies {
  db: Database;
  poster: Pick<CallbackPoster, 'post'>;
  /** WEBHOOK_SECRET. */
  secret: string;
  /** PUBLIC_URL, for absolute links; without it the links are paths. */
  publicUrl?: string;
  logger: Logger;
}

/**
 * Delivers a result's callback and records the attempt on its row. A 2xx is delivered; 410 Gone means
 * the receiver wants no more and a blocked address will stay blocked, so both fail at once; any other
 * answer, and any network error, is thrown (retryable) for the queue to try again after its backoff,
 * until the last attempt, which fails it. The signature is made afresh each attempt, so its timestamp
 * is the time of sending, which is what a receiver's tolerance is measured against.
 */
export function createDeliverCallback({ db, poster, secret, publicUrl, logger }: DeliverCallbackDependencies): DeliverCallback {
  return async (delivery, attempt) => {
    const source = await findCallbackSource(db, delivery);
    if (!source) return;
    const payload = callbackPayload(source, publicUrl);
    const body = JSON.stringify(payload);
    const headers = {
      'user-agent': USER_AGENT,
      'wordcrawler-event': payload.event,
      'wordcrawler-delivery': delivery.delivery,
      'wordcrawler-signature': signCallback(secret, Math.floor(Date.now() / 1000), body),
    };
    const failure = await post(poster, source.callbackUrl, body, headers);
    if (!failure) {
      await recordCallbackAttempt(db, delivery, { state: 'delivered', error: null });
      logger.info({ key: delivery.key, attempt: attempt.number }, 'callback delivered');
      return;
    }
    const final = !failure.retryable || attempt.last;
    await recordCallbackAttempt(db, delivery, { state: final ? 'failed' : 'pending', error: failure.message });
    logger.warn({ key: delivery.key, attempt: attempt.number, error: failure.message, final }, final ? 'callback failed' : 'callback attempt failed');
    throw failure;
  };
}

/** The failure of one attempt, or undefined when the receiver took the callback. */
async function post(poster: DeliverCallbackDependencies['poster'], url: string, body: string, headers: Record<string, string>): Promise<AppError | undefined> {
  try {
    const status = await poster.post(url, body, headers);
    if (status >= 200 && status < 300) return undefined;
    return new AppError('http_status', `the receiver answered ${status} ${STATUS_CODES[status] ?? ''}`.trimEnd(), status !== 410, { httpStatus: status });
  } catch (error) {
    const failure = error instanceof AppError ? error : new AppError('fetch_failed', (error as Error).message, true, { cause: error });
    return failure.code === 'blocked_address' || failure.retryable ? failure : new AppError(failure.code, failure.message, true, { cause: failure });
  }
}
