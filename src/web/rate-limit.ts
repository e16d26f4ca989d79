import type { RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../errors.js';

export interface RateLimitOptions {
  /** Submissions one client may make per minute; 0 turns the limit off. */
  perMinute: number;
  keyPrefix: string;
}

/**
 * Limits submissions per client address, counted in Redis so every web process shares the count.
 * While Redis is down each process falls back to counting in memory rather than letting all through.
 */
export function createSubmissionRateLimit(redis: Redis, options: RateLimitOptions): RequestHandler {
  if (options.perMinute === 0) return (_req, _res, next) => next();
  const limits = { points: options.perMinute, duration: 60 };
  const limiter = new RateLimiterRedis({
    ...limits,
    storeClient: redis,
    keyPrefix: options.keyPrefix,
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory(limits),
  });
  return async (req, _res, next) => {
    try {
      await limiter.consume(req.ip ?? 'unknown');
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfterMs = Math.max(rejection.msBeforeNext, 1000);
      throw new AppError('rate_limited', `too many submissions; try again in ${Math.ceil(retryAfterMs / 1000)} s`, false, { retryAfterMs });
    }
    next();
  };
}
