import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../../core/errors.js';
import type { QueueStore } from '../../queue/queue-store.js';
import { clientKey } from '../middleware/client-key.js';
import { rateLimited } from '../middleware/rate-limit.js';

const REALM = 'Basic realm="wordcrawler admin", charset="UTF-8"';

// Wrong passwords one client may send per minute before every answer is 429, right password or not:
// enough for an operator's typos, far too few to guess a 12-character password. Counted in the store
// (Redis), so that more web processes do not mean more guesses.
const FAILURES_PER_MINUTE = 5;

// Hashing first gives both sides the same length, so the comparison time says nothing about either.
const digest = (value: string) => createHash('sha256').update(value).digest();

/** HTTP basic authentication for the operator pages, compared in constant time, failures throttled per client. */
export function createAdminAuth(user: string, password: string, store: QueueStore, keyPrefix: string): RequestHandler {
  const expected = digest(`${user}:${password}`);
  const failures = store.rateLimiter({ points: FAILURES_PER_MINUTE, duration: 60, keyPrefix });
  return async (req, res, next) => {
    const client = clientKey(req);
    const record = await failures.get(client);
    if (record && record.consumedPoints >= FAILURES_PER_MINUTE) throw rateLimited('failed sign-ins', record.msBeforeNext);
    const header = req.get('authorization') ?? '';
    const given = header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString('utf8') : '';
    if (timingSafeEqual(digest(given), expected)) return next();
    // A browser's first visit carries no credentials at all; only a wrong password counts as a failure.
    if (header !== '') {
      try {
        await failures.consume(client);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        throw rateLimited('failed sign-ins', rejection.msBeforeNext);
      }
    }
    res.set('WWW-Authenticate', REALM);
    throw new AppError('unauthorized', 'sign in with the operator user name and password');
  };
}
