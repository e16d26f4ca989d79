import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.js';
import { MAX_URL_LENGTH, normalizeSubmittedUrl, SUBMITTED_URL } from '../../src/web/submission/normalize-submitted-url.js';

/**
 * The refusal of `url` by its request schema (a type check, then normalizeSubmittedUrl); for a string,
 * normalizeSubmittedUrl's own `invalid_url` says the same.
 */
function rejection(input: unknown): { message: string } {
  const parsed = SUBMITTED_URL.safeParse(input);
  if (parsed.success) throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
  const message = parsed.error.issues[0]!.message;
  if (typeof input === 'string') {
    expect(() => normalizeSubmittedUrl(input)).toThrow(expect.objectContaining({ code: 'invalid_url', message }));
    expect(() => normalizeSubmittedUrl(input)).toThrow(AppError);
  }
  return { message };
}

describe('normalizeSubmittedUrl: accepted input', () => {
  it('trims surrounding whitespace', () => {
    expect(normalizeSubmittedUrl('  \thttps://example.com/page \n')).toBe('https://example.com/page');
  });

  it('adds http:// when the scheme is missing', () => {
    expect(normalizeSubmittedUrl('example.com')).toBe('http://example.com/');
  });

  it('reads host:port without a scheme as http with that port', () => {
    expect(normalizeSubmittedUrl('example.com:8080/x')).toBe('http://example.com:8080/x');
  });

  it('keeps https and lower-cases the scheme and host', () => {
    expect(normalizeSubmittedUrl('HTTPS://Example.COM')).toBe('https://example.com/');
  });

  it('keeps path and query but drops the fragment', () => {
    expect(normalizeSubmittedUrl('http://example.com/a/b?q=1#section')).toBe('http://example.com/a/b?q=1');
    expect(normalizeSubmittedUrl('example.com/path#top')).toBe('http://example.com/path');
  });

  it('accepts a URL of exactly the maximum length', () => {
    const url = `http://x.com/${'a'.repeat(MAX_URL_LENGTH - 'http://x.com/'.length)}`;
    expect(url).toHaveLength(MAX_URL_LENGTH);
    expect(normalizeSubmittedUrl(url)).toBe(url);
  });
});

describe('normalizeSubmittedUrl: rejected input', () => {
  it.each([
    ['ftp://x', 'ftp'],
    ['javascript:alert(1)', 'javascript'],
    ['mailto:a@b', 'mailto'],
    ['file:///etc/passwd', 'file'],
  ])('rejects %s naming the scheme', (input, scheme) => {
    const error = rejection(input);
    expect(error.message).toContain('only http and https');
    expect(error.message).toMatch(new RegExp(`\\b${scheme}\\b`));
  });

  it.each([[undefined], [null], ['']])('rejects %j as missing', (input) => {
    expect(rejection(input).message).toMatch(/^url is required/);
  });

  it('rejects whitespace-only input as missing', () => {
    expect(rejection('   \n ').message).toMatch(/^url is required/);
  });

  it.each([[42], [{ url: 'http://example.com' }], [['http://example.com']], [true]])('rejects the non-string %j', (input) => {
    expect(rejection(input).message).toBe('url must be a string');
  });

  it('rejects input longer than the maximum length', () => {
    const url = `http://x.com/${'a'.repeat(MAX_URL_LENGTH - 'http://x.com/'.length + 1)}`;
    expect(rejection(url).message).toContain(`longer than ${MAX_URL_LENGTH}`);
  });

  it('rejects a URL that only exceeds the maximum length once percent-encoded', () => {
    const url = `http://x.com/${'é'.repeat(1000)}`;
    expect(url.length).toBeLessThan(MAX_URL_LENGTH);
    expect(rejection(url).message).toContain(`longer than ${MAX_URL_LENGTH}`);
  });

  it.each(['http://user:pw@x.com', 'http://user@x.com/'])('rejects credentials in %s', (input) => {
    expect(rejection(input).message).toMatch(/user name or password/);
  });

  it('rejects http:// with no host', () => {
    rejection('http://');
  });

  it('rejects text that is not a URL', () => {
    expect(rejection('exa mple.com').message).toContain('is not a valid URL');
  });
});
