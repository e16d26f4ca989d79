import type { CheckCallbackAddress } from '../../core/callbacks.js';
import { AppError } from '../../core/errors.js';
import { MAX_URL_LENGTH } from './normalize-submitted-url.js';

/** A submission's callback (README, "Webhooks"): where to POST, and for a crawl whether its pages call back too. */
export interface CallbackRequest {
  url: string;
  pages: boolean;
}

export interface CallbackRules {
  /** False without WEBHOOK_SECRET: nothing could sign the callbacks, so none is taken. */
  enabled: boolean;
  checkAddress: CheckCallbackAddress;
}

function refused(message: string): AppError {
  return new AppError('invalid_callback_url', message);
}

/**
 * Checks `callback_url` and `callback_pages` as the body's schema read them (submission-options.ts);
 * the one place a submission's callback is validated. The URL is checked against the address policy
 * here, DNS included, and again at every delivery.
 */
export async function parseCallbackRequest(
  { url: input, pages }: { url: unknown; pages: boolean }, isCrawl: boolean, rules: CallbackRules,
): Promise<CallbackRequest | undefined> {
  if (input === undefined || input === null || input === '') {
    if (pages) throw new AppError('invalid_request', 'callback_pages needs a callback_url to call');
    return undefined;
  }
  if (pages && !isCrawl) throw new AppError('invalid_request', 'callback_pages applies to the pages of a crawl: send it with crawl');
  if (!rules.enabled) {
    throw refused('callbacks are off on this service until its operator sets WEBHOOK_SECRET; submit without callback_url');
  }
  const url = parseCallbackUrl(input);
  const problem = await rules.checkAddress(url);
  if (problem !== undefined) throw refused(`callback_url ${url.host} is not allowed: ${problem}`);
  return { url: url.href, pages };
}

/** An absolute http(s) URL, without a user name or password (they would be shown by GET /status). */
function parseCallbackUrl(input: unknown): URL {
  if (typeof input !== 'string') throw refused('callback_url must be a string');
  const trimmed = input.trim();
  if (trimmed.length > MAX_URL_LENGTH) throw refused(`callback_url is longer than ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw refused('callback_url must be an absolute http:// or https:// URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refused('callback_url must be an absolute http:// or https:// URL');
  if (url.username !== '' || url.password !== '') throw refused('callback_url may not carry a user name or password');
  url.hash = '';
  return url;
}
