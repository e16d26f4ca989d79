import { describe, expect, it } from 'vitest';
import { statusError } from '../../src/fetch/fetch-errors.js';
import { MAX_RETRY_AFTER_MS, parseRetryAfter } from '../../src/fetch/retry-after.js';

const NOW = Date.parse('2025-03-01T12:00:00Z');

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
    expect(parseRetryAfter(['5', '9'], NOW)).toBe(5_000);
  });

  it('reads an HTTP-date as the time left until then', () => {
    expect(parseRetryAfter('Sat, 01 Mar 2025 12:00:30 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfter('Saturday, 01-Mar-25 12:01:00 GMT', NOW)).toBe(60_000);
  });

  it('reads a date in the past as no wait at all', () => {
    expect(parseRetryAfter('Fri, 28 Feb 2025 12:00:00 GMT', NOW)).toBe(0);
  });

  it.each([undefined, '', 'soon', '-5', '1.5', '2e3', 'Sat, 99 Foo 2025 nonsense'])('ignores %j', (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });
});

describe('statusError', () => {
  it('carries a bounded Retry-After on 429 and 503', () => {
    for (const status of [429, 503]) {
      const error = statusError(status, '2');
      expect(error).toMatchObject({ code: 'http_status', retryable: true, retryAfterMs: 2_000 });
    }
    expect(statusError(429, '2').message).toBe('the server answered 429 Too Many Requests');
    expect(statusError(503, String(MAX_RETRY_AFTER_MS / 1000)).retryAfterMs).toBe(MAX_RETRY_AFTER_MS);
  });

  it('ignores Retry-After on other statuses', () => {
    expect(statusError(500, '2')).toMatchObject({ retryable: true, retryAfterMs: undefined });
    expect(statusError(404, '2')).toMatchObject({ retryable: false, retryAfterMs: undefined });
  });

  it('fails for good when the server asks for more than we wait', () => {
    const error = statusError(503, '3600');
    expect(error).toMatchObject({ code: 'http_status', retryable: false, retryAfterMs: undefined });
    expect(error.message).toBe('the server answered 503 Service Unavailable and asked to retry after 3600 s, longer than the 60 s we wait');
  });

  it('keeps the usual backoff when Retry-After is missing or unreadable', () => {
    expect(statusError(429, undefined)).toMatchObject({ retryable: true, retryAfterMs: undefined });
    expect(statusError(503, 'later')).toMatchObject({ retryable: true, retryAfterMs: undefined });
  });

  it('treats 4xx other than 408, 425 and 429 as permanent', () => {
    for (const status of [400, 401, 403, 404, 410, 451]) expect(statusError(status, undefined).retryable).toBe(false);
    for (const status of [408, 425, 429, 500, 502, 504]) expect(statusError(status, undefined).retryable).toBe(true);
  });
});
