import * as z from 'zod';
import { AppError } from '../../core/errors.js';

export const MAX_URL_LENGTH = 2048;

export const URL_REQUIRED = 'url is required: send JSON {"url": "..."} with Content-Type application/json, or a form field named url';

const HAS_AUTHORITY_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
// "example.com:8080/x" has no scheme, but "mailto:x" and "javascript:x" do.
const HAS_OPAQUE_SCHEME = /^[a-z][a-z0-9+.-]*:(?!\d)/i;

function invalid(message: string): AppError {
  return new AppError('invalid_url', message);
}

/**
 * Turns what a person typed into the absolute http(s) URL to crawl, or throws `invalid_url`.
 * A missing scheme means http://, as in the original; the fragment is dropped since it never reaches the server.
 */
export function normalizeSubmittedUrl(input: string): string {
  const trimmed = input.trim();
  if (trimmed === '') throw invalid(URL_REQUIRED);
  if (trimmed.length > MAX_URL_LENGTH) throw invalid(`url is longer than ${MAX_URL_LENGTH} characters`);

  const hasScheme = HAS_AUTHORITY_SCHEME.test(trimmed) || HAS_OPAQUE_SCHEME.test(trimmed);
  let url: URL;
  try {
    url = new URL(hasScheme ? trimmed : `http://${trimmed}`);
  } catch {
    throw invalid(`"${trimmed}" is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalid(`only http and https URLs can be crawled, not ${url.protocol.slice(0, -1)}`);
  }
  if (url.hostname === '') throw invalid('url has no host');
  if (url.username !== '' || url.password !== '') throw invalid('URLs with a user name or password are not accepted');
  url.hash = '';
  if (url.href.length > MAX_URL_LENGTH) throw invalid(`url is longer than ${MAX_URL_LENGTH} characters`);
  return url.href;
}

/**
 * `url` as a request sends it: a string (missing or null is "required", anything else "must be a
 * string"), made into the URL to crawl by normalizeSubmittedUrl, whose refusal is the issue's message.
 */
export const SUBMITTED_URL = z.string({
  error: (issue) => (issue.input === undefined || issue.input === null ? URL_REQUIRED : 'url must be a string'),
}).transform((input, ctx) => {
  try {
    return normalizeSubmittedUrl(input);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    ctx.addIssue({ code: 'custom', message: error.message });
    return z.NEVER;
  }
}).meta({
  description: `The page to count, with or without \`http://\`; http and https only, at most ${MAX_URL_LENGTH} characters.`,
  example: 'https://example.com/article',
});
