import { describe, expect, it } from 'vitest';
import { compileGlob } from '../../src/crawl/glob.js';
import { createLinkFilter, hostOf } from '../../src/crawl/link-scope.js';

const NO_FILTERS = { include: [], exclude: [] };

describe('createLinkFilter', () => {
  describe('scope host', () => {
    const filter = createLinkFilter('https://Example.com/docs/intro', { scope: 'host', ...NO_FILTERS });

    it('follows the same host, whatever the scheme or path', () => {
      expect(filter.verdict('https://example.com/other')).toBe('follow');
      expect(filter.verdict('http://example.com/')).toBe('follow');
      expect(filter.verdict('https://example.com:443/a')).toBe('follow');
    });

    it('counts the port and the subdomain', () => {
      expect(filter.verdict('https://example.com:8443/')).toBe('out_of_scope');
      expect(filter.verdict('https://www.example.com/')).toBe('out_of_scope');
      expect(filter.inScope('https://example.org/')).toBe(false);
    });
  });

  describe('scope domain', () => {
    it('follows subdomains and other ports of the registrable domain', () => {
      const filter = createLinkFilter('https://www.example.co.uk/', { scope: 'domain', ...NO_FILTERS });
      expect(filter.verdict('https://blog.example.co.uk:8443/post')).toBe('follow');
      expect(filter.verdict('https://example.co.uk/')).toBe('follow');
      expect(filter.verdict('https://other.co.uk/')).toBe('out_of_scope');
    });

    it('keeps apart sites under a private suffix', () => {
      const filter = createLinkFilter('https://alice.github.io/', { scope: 'domain', ...NO_FILTERS });
      expect(filter.verdict('https://docs.alice.github.io/')).toBe('follow');
      expect(filter.verdict('https://bob.github.io/')).toBe('out_of_scope');
    });

    it.each([
      ['http://127.0.0.1:8080/', 'http://127.0.0.1:9090/a', 'http://127.0.0.2/'],
      ['http://localhost/', 'http://localhost:3000/', 'http://a.localhost/'],
      ['http://a.intranet.corp/', 'http://a.intranet.corp:81/', 'http://b.intranet.corp/'],
    ])('falls back to the host name for %s', (start, same, other) => {
      const filter = createLinkFilter(start, { scope: 'domain', ...NO_FILTERS });
      expect(filter.verdict(same)).toBe('follow');
      expect(filter.verdict(other)).toBe('out_of_scope');
    });
  });

  describe('scope path', () => {
    const filter = createLinkFilter('https://example.com/docs/v2/intro.html', { scope: 'path', ...NO_FILTERS });

    it("follows the start page's directory and below", () => {
      expect(filter.verdict('https://example.com/docs/v2/')).toBe('follow');
      expect(filter.verdict('https://example.com/docs/v2/api/x')).toBe('follow');
    });

    it('leaves out the directories above and beside, and other hosts', () => {
      expect(filter.verdict('https://example.com/docs/v2')).toBe('out_of_scope');
      expect(filter.verdict('https://example.com/docs/v20/')).toBe('out_of_scope');
      expect(filter.verdict('https://example.com/docs/')).toBe('out_of_scope');
      expect(filter.verdict('https://www.example.com/docs/v2/')).toBe('out_of_scope');
    });
  });

  describe('include and exclude', () => {
    it('match the path and query', () => {
      const filter = createLinkFilter('https://example.com/', { scope: 'host', include: ['/blog/**'], exclude: ['**/*\\?print=*'] });
      expect(filter.verdict('https://example.com/blog/post?id=3')).toBe('follow');
      expect(filter.verdict('https://example.com/about')).toBe('filtered');
      expect(filter.verdict('https://example.com/blog/post?print=1')).toBe('filtered');
    });

    it('follow what matches one include of several and no exclude', () => {
      const filter = createLinkFilter('https://example.com/', { scope: 'host', include: ['/a/**', '/b/**'], exclude: ['**/*.pdf'] });
      expect(filter.verdict('https://example.com/b/x')).toBe('follow');
      expect(filter.verdict('https://example.com/b/x.pdf')).toBe('filtered');
      expect(filter.verdict('https://example.com/c/x')).toBe('filtered');
    });

    it('never let a link out of scope in', () => {
      const filter = createLinkFilter('https://example.com/', { scope: 'host', include: ['/**'], exclude: [] });
      expect(filter.verdict('https://example.org/a')).toBe('out_of_scope');
      expect(filter.inScope('https://example.com/x')).toBe(true);
    });
  });

  describe('traps', () => {
    const filter = createLinkFilter('https://example.com/', { scope: 'host', ...NO_FILTERS });

    it('a segment more than twice in a row', () => {
      expect(filter.verdict('https://example.com/a/b/b/')).toBe('follow');
      expect(filter.verdict('https://example.com/a/b/b/b/')).toBe('trap');
      expect(filter.verdict('https://example.com/a/b/b/b')).toBe('trap');
      expect(filter.verdict('https://example.com/b/a/b/a/b/a')).toBe('follow');
    });

    it('a link over 2,048 characters', () => {
      const base = 'https://example.com/?q=';
      expect(filter.verdict(base + 'x'.repeat(2048 - base.length))).toBe('follow');
      expect(filter.verdict(base + 'x'.repeat(2049 - base.length))).toBe('trap');
    });

    it('come before scope', () => {
      expect(filter.verdict('https://example.org/a/a/a/')).toBe('trap');
    });
  });
});

describe('compileGlob', () => {
  it('takes wildcards within limits, a whole-segment * aside', () => {
    expect(compileGlob('/*/*/*/*/x/**/*.html')('/a/b/c/d/x/e/f.html')).toBe(true);
    expect(compileGlob('/**/*print*/**')('/a/b-print-c/d')).toBe(true);
  });

  it.each(['/*a*b*', '/**/a/**/b/**', '/**/*a*/x/*a*b'])('refuses %s: too many wildcards to match quickly', (glob) => {
    expect(() => compileGlob(glob)).toThrow('too many wildcards to match quickly');
  });

  it('matches within the limits quickly on a long link that fails', () => {
    const matches = compileGlob('/**/*a*/**/b');
    const start = performance.now();
    expect(matches(`/${'a'.repeat(30)}`.repeat(66))).toBe(false);
    expect(performance.now() - start).toBeLessThan(500);
  });

  it('reads extglobs as literal characters', () => {
    expect(compileGlob('/+(a|b)')('/a')).toBe(false);
  });
});

describe('hostOf', () => {
  it('is the host name with a port that is not the default', () => {
    expect(hostOf('https://Example.COM:443/a')).toBe('example.com');
    expect(hostOf('http://example.com:8080/a')).toBe('example.com:8080');
  });
});
