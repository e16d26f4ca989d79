import { AppError } from '../../core/errors.js';

export const MAX_URL_LENGTH = 2048;

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
export function normalizeSubmittedUrl(input: unknown): string {
  if (input === undefined || input === null) {
    throw invalid('url is required: send JSON {"url": "..."} with Content-Type application/json, or a form field named url');
  }
  if (typeof input !== 'string') throw invalid('url must be a string');
  const trimmed = input.trim();
  if (trimmed === '') throw invalid('url is required');
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
