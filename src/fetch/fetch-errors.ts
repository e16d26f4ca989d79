import { STATUS_CODES } from 'node:http';
import { AppError } from '../core/errors.js';
import { MAX_RETRY_AFTER_MS, parseRetryAfter } from './retry-after.js';

const RETRYABLE_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);
/** The statuses whose Retry-After we honour (RFC 9110 §10.2.3 names 503 and 3xx; RFC 6585 adds 429). */
const RETRY_AFTER_STATUSES = new Set([429, 503]);

/** The time limits of one fetch, so a timeout message can name the stage that stalled. */
export interface FetchTimeouts {
  /** The whole fetch: every hop, from the first connection to the last body byte. */
  totalMs: number;
  connectMs: number;
  /** Longest silence: waiting for the response headers, or between two pieces of the body. */
  idleMs: number;
}

/** An HTTP error status; 429 and 503 carry their bounded Retry-After for the queue to honour. */
export function statusError(statusCode: number, retryAfter: string | string[] | undefined): AppError {
  const answered = `the server answered ${statusCode} ${STATUS_CODES[statusCode] ?? 'error'}`;
  const retryable = RETRYABLE_STATUSES.has(statusCode);
  const retryAfterMs = RETRY_AFTER_STATUSES.has(statusCode) ? parseRetryAfter(retryAfter) : undefined;
  const httpStatus = statusCode;
  if (retryAfterMs === undefined) return new AppError('http_status', answered, retryable, { httpStatus });
  if (retryAfterMs > MAX_RETRY_AFTER_MS) {
    const asked = Math.ceil(retryAfterMs / 1000);
    return new AppError('http_status', `${answered} and asked to retry after ${asked} s, longer than the ${MAX_RETRY_AFTER_MS / 1000} s we wait`, false, { httpStatus });
  }
  return new AppError('http_status', answered, true, { retryAfterMs, httpStatus });
}

// Controls (C0, C1), format characters (bidi overrides among them), unassigned and private-use code
// points: none of them shows as itself on a page or in a log line. Whitespace is folded before.
const UNPRINTABLE = /\p{C}/gu;

/**
 * Text the crawled server chose (a Location, a Content-Type, an encoding label), fit to quote in a
 * message that ends up on our result page: printable characters only, whitespace runs as one space,
 * at most `max` characters with an ellipsis, in double quotes so a reader sees where the server's
 * words begin and end. Callers phrase the message around it as the server's ("the server redirected to …").
 */
export function quoteServerText(text: string, max = 80): string {
  const printable = text.replace(/\s+/g, ' ').replace(UNPRINTABLE, '?').trim();
  const chars = Array.from(printable);
  const shown = chars.length > max ? `${chars.slice(0, max).join('').trimEnd()}…` : printable;
  // JSON.stringify only adds the quotes and escapes " and \ here: nothing unprintable is left.
  return JSON.stringify(shown);
}

export function tooLarge(maxBytes: number): AppError {
  const mb = maxBytes / (1024 * 1024);
  const shown = mb >= 1 ? `${Number(mb.toFixed(1))} MB` : `${Math.round(maxBytes / 1024)} KB`;
  return new AppError('too_large', `page is larger than ${shown}`);
}

/** OpenSSL's verification failures, as Node names them, in words that do not depend on the Node version. */
const CERTIFICATE_PROBLEMS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'it is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'its chain ends in a self-signed certificate that is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its issuer is not known (the server may not send its intermediate certificates)',
  UNABLE_TO_GET_ISSUER_CERT: 'its issuer is not known',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its issuer is not known',
  CERT_HAS_EXPIRED: 'it has expired',
  CERT_NOT_YET_VALID: 'it is not valid yet',
  CERT_REVOKED: 'it has been revoked',
  CERT_UNTRUSTED: 'it is not trusted',
  CERT_REJECTED: 'it was rejected',
  CERT_SIGNATURE_FAILURE: 'its signature does not verify',
  ERR_TLS_CERT_ALTNAME_INVALID: 'it was issued for another host name',
};

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(2))} s`;

/** Maps what undici, zlib and the OS throw to an AppError a person can read. */
export function fetchError(error: unknown, url: string, timeouts: FetchTimeouts): AppError {
  if (error instanceof AppError) return error;
  // The connector's AppError (blocked_address) arrives as is, or as the cause of undici's wrapper.
  if (error instanceof Error && error.cause instanceof AppError) return error.cause;
  const err = error as { name?: string; code?: string; message?: string };
  const host = new URL(url).host;
  const timeout = (message: string) => new AppError('timeout', message, true, { cause: error });
  switch (err.code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return timeout(`${host} did not accept a connection within ${seconds(timeouts.connectMs)}`);
    case 'UND_ERR_HEADERS_TIMEOUT':
      return timeout(`${host} did not start answering within ${seconds(timeouts.idleMs)}`);
    case 'UND_ERR_BODY_TIMEOUT':
      return timeout(`${host} stopped sending the page for ${seconds(timeouts.idleMs)}`);
    case 'ETIMEDOUT':
      return timeout(`${host} did not accept a connection (timed out)`);
    case 'ENOTFOUND':
      return new AppError('dns_not_found', `could not find the server ${host}`, false, { cause: error });
    case 'ECONNREFUSED':
      return new AppError('fetch_failed', `${host} refused the connection`, true, { cause: error });
  }
  // The total deadline is an AbortSignal.timeout; undici rejects with its reason, also mid-body.
  if (err.name === 'TimeoutError' || err.name === 'AbortError') {
    // A server that kept sending, only too slowly, gets one more try, not three: each try holds a
    // worker slot for the whole deadline, which is what a trickling server is after.
    const message = `${host} did not send the whole page within ${seconds(timeouts.totalMs)}`;
    return new AppError('timeout', message, true, { cause: error, attemptsAllowed: 2 });
  }
  // Certificate and TLS protocol problems will not fix themselves by the next attempt, so they are permanent.
  // Node's own wording of them changes between versions, so users read ours.
  const code = err.code ?? '';
  if (/CERT|SIGNATURE|ISSUER/.test(code)) {
    const why = CERTIFICATE_PROBLEMS[code] ?? 'it could not be verified';
    return new AppError('fetch_failed', `the TLS certificate of ${host} is not valid: ${why} (${code})`, false, { cause: error });
  }
  if (/SSL|TLS/.test(code)) {
    return new AppError('fetch_failed', `could not set up a secure connection to ${host} (${code})`, false, { cause: error });
  }
  return new AppError('fetch_failed', `could not fetch ${host}: ${err.code ?? err.message ?? 'network error'}`, true, { cause: error });
}
