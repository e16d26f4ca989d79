import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.js';
import { parseCrawlRequest } from '../../src/crawl/crawl-options.js';

const DEFAULTS = { maxPages: 50, maxDepth: 3, scope: 'host', include: [], exclude: [], sitemap: true };

/** The message of the invalid_request the fields are refused with. */
function refusal(fields: Record<string, unknown>, cap = 500): string {
  try {
    parseCrawlRequest(fields, cap);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalid_request');
    return (error as AppError).message;
  }
  throw new Error('expected the fields to be refused');
}

describe('parseCrawlRequest', () => {
  it.each([undefined, null, false, '', 'off', 'false', '0'])('crawl %j is a single page', (crawl) => {
    expect(parseCrawlRequest({ url: 'https://example.com/', crawl }, 500)).toBeUndefined();
  });

  it('reads every JSON option', () => {
    const crawl = { max_pages: 10, max_depth: 0, scope: 'path', include: ['/blog/**'], exclude: ['**/*.pdf'], sitemap: false };
    expect(parseCrawlRequest({ crawl }, 500)).toEqual({
      maxPages: 10, maxDepth: 0, scope: 'path', include: ['/blog/**'], exclude: ['**/*.pdf'], sitemap: false,
    });
  });

  it('defaults what JSON leaves out or sends as null', () => {
    expect(parseCrawlRequest({ crawl: {} }, 500)).toEqual(DEFAULTS);
    expect(parseCrawlRequest({ crawl: { max_pages: null, scope: null } }, 500)).toEqual(DEFAULTS);
  });

  it('never defaults above the cap', () => {
    expect(parseCrawlRequest({ crawl: {} }, 20)?.maxPages).toBe(20);
    expect(parseCrawlRequest({ crawl: 'on' }, 20)?.maxPages).toBe(20);
  });

  it('takes max_pages up to the cap and no further', () => {
    expect(parseCrawlRequest({ crawl: { max_pages: 500 } }, 500)?.maxPages).toBe(500);
    expect(refusal({ crawl: { max_pages: 501 } })).toBe(
      'crawl.max_pages must be a whole number from 1 to 500 (a JSON number, not a string), or left out for 50; got 501',
    );
    expect(refusal({ crawl: { max_pages: 0 } })).toContain('from 1 to 500');
  });

  it.each([1.5, '10', true, [10]])('refuses JSON max_depth %j: a JSON integer or nothing', (max_depth) => {
    expect(refusal({ crawl: { max_depth } })).toMatch(/^crawl\.max_depth must be a whole number from 0 to 20 \(a JSON number, not a string\)/);
  });

  it('names the scopes allowed', () => {
    expect(refusal({ crawl: { scope: 'site' } })).toMatch(/^crawl\.scope must be "host" .*"domain" .*"path" .*; got "site"$/);
  });

  it('wants sitemap a boolean', () => {
    expect(refusal({ crawl: { sitemap: 'yes' } })).toBe('crawl.sitemap must be true or false, or left out for true; got "yes"');
  });

  it('lists the options when one is unknown', () => {
    expect(refusal({ crawl: { max_page: 10 } })).toBe(
      'crawl has no option "max_page"; the options are max_pages, max_depth, scope, include, exclude, sitemap',
    );
  });

  it.each([[[]], ['yes'], [7]])('refuses crawl %j', (crawl) => {
    expect(refusal({ crawl })).toMatch(/^crawl must be an object of crawl options/);
  });

  describe('include and exclude', () => {
    it('want a list of strings', () => {
      expect(refusal({ crawl: { include: '/blog/**' } })).toMatch(/^crawl\.include must be a list of at most 20 globs/);
      expect(refusal({ crawl: { exclude: [3] } })).toMatch(/^crawl\.exclude\[0\] must be a glob of 1 to 200 characters/);
    });

    it('allow 20 globs of 200 characters', () => {
      const glob = `/${'a'.repeat(199)}`;
      expect(parseCrawlRequest({ crawl: { include: Array(20).fill(glob) } }, 500)?.include).toHaveLength(20);
      expect(refusal({ crawl: { include: Array(21).fill('/a') } })).toContain('at most 20');
      expect(refusal({ crawl: { exclude: ['/a', `${glob}a`] } })).toMatch(/^crawl\.exclude\[1\] must be a glob of 1 to 200/);
      expect(refusal({ crawl: { exclude: [''] } })).toMatch(/^crawl\.exclude\[0\] must be a glob of 1 to 200/);
    });

    it('refuse a glob picomatch cannot compile, saying why', () => {
      expect(refusal({ crawl: { include: ['/blog/[a'] } })).toMatch(/^crawl\.include\[0\] is not a glob we can use: Missing closing: "\]"/);
      expect(refusal({ crawl: { exclude: ['/[z-a]'] } })).toMatch(/^crawl\.exclude\[0\] is not a glob we can use: Invalid regular expression/);
    });

    it('refuse a glob too costly to match', () => {
      expect(refusal({ crawl: { exclude: ['/**/a/**/b/**'] } })).toMatch(/^crawl\.exclude\[0\] is not a glob we can use: it has too many wildcards to match quickly: at most 4 in all, 2 of them \*\*/);
    });
  });

  describe('from a form', () => {
    it.each([true, 'on', 'true', '1'])('crawl %j reads max_pages and max_depth beside it', (crawl) => {
      expect(parseCrawlRequest({ crawl, max_pages: '12', max_depth: '5' }, 500)).toEqual({ ...DEFAULTS, maxPages: 12, maxDepth: 5 });
    });

    it('defaults empty fields', () => {
      expect(parseCrawlRequest({ crawl: 'on', max_pages: '', max_depth: '' }, 500)).toEqual(DEFAULTS);
    });

    it.each(['1e3', '-1', '10.0', ' 10', '501'])('refuses max_pages %j: digits within range', (max_pages) => {
      expect(refusal({ crawl: 'on', max_pages })).toBe(
        `max_pages must be a whole number from 1 to 500 in digits, or empty for 50; got "${max_pages}"`,
      );
    });

    it('points a JSON number beside crawl: true to the crawl object', () => {
      expect(refusal({ crawl: true, max_depth: 2 })).toBe(
        'max_depth must be a whole number from 0 to 20 in digits, or empty for 3; got 2 (in JSON, send the options inside crawl: {"crawl": {"max_depth": 2}})',
      );
    });
  });
});
