import type { Request, RequestHandler } from 'express';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../../core/errors.js';
import type { QueueStore } from '../../queue/queue-store.js';
import { submissionCount } from '../submission/submit-urls.js';
import { clientKey } from './client-key.js';

export interface RateLimitOptions {
  /** Requests one client may make per minute; 0 turns the limit off. */
  perMinute: number;
  keyPrefix: string;
}

/**
 * Limits submissions per client (an IPv4 address or an IPv6 /64, see clientKey), counted in the queue's
 * store (Redis) so every web process shares the count. A batch counts each of its URLs.
 */
export function createSubmissionRateLimit(store: QueueStore, options: RateLimitOptions): RequestHandler {
  return createRateLimit(store, options, 'submissions', (req) => submissionCount(req.body));
}

/** Limits full-count downloads per client the same way: each one reads and sends megabytes. */
export function createDownloadRateLimit(store: QueueStore, options: RateLimitOptions): RequestHandler {
  return createRateLimit(store, options, 'downloads');
}

function createRateLimit(store: QueueStore, options: RateLimitOptions, what: string, cost: (req: Request) => number = () => 1): RequestHandler {
  if (options.perMinute === 0) return (_req, _res, next) => next();
  const limiter = store.rateLimiter({ points: options.perMinute, duration: 60, keyPrefix: options.keyPrefix });
  return async (req, _res, next) => {
    try {
      await limiter.consume(clientKey(req), cost(req));
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      throw rateLimited(what, rejection.msBeforeNext);
    }
    next();
  };
}

/** The answer to a client over one of its limits: 429 with a Retry-After of at least a second. */
export function rateLimited(what: string, msBeforeNext: number): AppError {
  const retryAfterMs = Math.max(msBeforeNext, 1000);
  return new AppError('rate_limited', `too many ${what}; try again in ${Math.ceil(retryAfterMs / 1000)} s`, false, { retryAfterMs });
}
