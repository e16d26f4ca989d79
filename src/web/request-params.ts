import { AppError } from '../core/errors.js';
import { MAX_TOP_LIMIT } from '../core/results.js';

const KEY_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const DEFAULT_TOP_LIMIT = 10;

export function notFound(key: string): AppError {
  return new AppError('not_found', `no result with key ${JSON.stringify(key)}`);
}

export function isResultKey(value: string): boolean {
  return KEY_PATTERN.test(value);
}

/** Malformed keys are simply unknown keys: 404 either way, and no database query for them. */
export function parseKey(key: string): string {
  if (!isResultKey(key)) throw notFound(key);
  return key.toLowerCase();
}

export function parseLimit(value: unknown): number {
  if (value === undefined) return DEFAULT_TOP_LIMIT;
  const limit = typeof value === 'string' && /^\d{1,3}$/.test(value) ? Number(value) : NaN;
  if (!(limit >= 1 && limit <= MAX_TOP_LIMIT)) {
    throw new AppError('invalid_request', `limit must be a whole number from 1 to ${MAX_TOP_LIMIT}`);
  }
  return limit;
}

/**
 * How long a request may wait for a result to finish, in seconds: at most 25, since Heroku's router
 * drops a request that has sent nothing for 30 s.
 */
export const MAX_WAIT_SECONDS = 25;

export function parseWait(value: unknown): number {
  if (value === undefined) return 0;
  const seconds = typeof value === 'string' && /^\d{1,2}$/.test(value) ? Number(value) : NaN;
  if (!(seconds >= 0 && seconds <= MAX_WAIT_SECONDS)) {
    throw new AppError('invalid_request', `wait must be a whole number of seconds from 0 to ${MAX_WAIT_SECONDS}`);
  }
  return seconds;
}

export function parseIncludeStopWords(value: unknown): boolean {
  if (value === undefined || value === 'exclude') return false;
  if (value === 'include') return true;
  throw new AppError('invalid_request', 'stopwords must be "include" or "exclude"');
}

/** Pages fall back to the defaults instead of failing, since people edit URLs by hand. */
export function parseTopOptions(query: Record<string, unknown>): { limit: number; includeStopWords: boolean } {
  const lenient = <T>(parse: (value: unknown) => T, value: unknown, fallback: T): T => {
    try {
      return parse(value);
    } catch {
      return fallback;
    }
  };
  return {
    limit: lenient(parseLimit, query.limit, DEFAULT_TOP_LIMIT),
    includeStopWords: lenient(parseIncludeStopWords, query.stopwords, false),
  };
}
