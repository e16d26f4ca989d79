/**
 * The longest `Retry-After` the worker waits out. A server asking for longer gets a permanent failure
 * instead: waiting less than asked would only spend an attempt on another refusal, and holding a job
 * for hours would leave the reader polling a result that looks stuck.
 */
export const MAX_RETRY_AFTER_MS = 60_000;

// All three HTTP-date forms (IMF-fixdate, RFC 850, asctime) start with a day name; without this check
// Date.parse would read junk such as "1.5" as a date.
const HTTP_DATE_START = /^(mon|tue|wed|thu|fri|sat|sun)[a-z]*,? /i;

/**
 * How many milliseconds after `now` a `Retry-After` header asks for: delay-seconds (`120`) or an
 * HTTP-date (`Wed, 21 Oct 2015 07:28:00 GMT`). A date in the past means 0; a missing or unreadable
 * value means undefined, so the usual backoff applies.
 */
export function parseRetryAfter(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  if (!HTTP_DATE_START.test(value)) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
