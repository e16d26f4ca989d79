import { describe, expect, it } from 'vitest';
import { ALLOW_ALL, DISALLOW_ALL, MAX_CRAWL_DELAY_MS, parseRobots } from '../../src/crawl/robots.js';

const ROBOTS_URL = 'https://example.com/robots.txt';

/** Whether the robots.txt text allows each path of example.com, in order. */
function allowed(text: string, ...paths: string[]): boolean[] {
  const rules = parseRobots(ROBOTS_URL, text);
  return paths.map((path) => rules.isAllowed(`https://example.com${path}`));
}

describe('parseRobots', () => {
  describe('group selection', () => {
    it('follows the wordcrawler group over *', () => {
      const text = 'User-agent: *\nDisallow: /\n\nUser-agent: wordcrawler\nDisallow: /private\n';
      expect(allowed(text, '/page', '/private/a')).toEqual([true, false]);
    });

    it('matches the group name in any case, and without its version', () => {
      expect(allowed('User-agent: *\nDisallow: /\n\nUser-agent: WordCrawler\nAllow: /\n', '/page')).toEqual([true]);
      expect(allowed('User-agent: *\nDisallow: /\n\nuser-agent: wordcrawler/2.1\nallow: /\n', '/page')).toEqual([true]);
    });

    it('follows * when no group names wordcrawler', () => {
      expect(allowed('User-agent: googlebot\nAllow: /\n\nUser-agent: *\nDisallow: /\n', '/page')).toEqual([false]);
    });

    it('merges the groups of one name, and a group of several names', () => {
      const text = 'User-agent: wordcrawler\nDisallow: /a\n\nUser-agent: *\nDisallow: /\n\nUser-agent: other\nUser-agent: wordcrawler\nDisallow: /b\n';
      expect(allowed(text, '/a', '/b', '/c')).toEqual([false, false, true]);
    });

    it('takes a wordcrawler group without rules as allowing everything', () => {
      expect(allowed('User-agent: *\nDisallow: /\n\nUser-agent: wordcrawler\nDisallow:\n', '/page')).toEqual([true]);
    });
  });

  describe('matching', () => {
    it('applies the longest match', () => {
      const text = 'User-agent: *\nDisallow: /docs/\nAllow: /docs/public/\nDisallow: /docs/public/drafts\n';
      expect(allowed(text, '/docs/x', '/docs/public/x', '/docs/public/drafts/1', '/other')).toEqual([false, true, false, true]);
    });

    it('lets Allow win a tie of equal length', () => {
      expect(allowed('User-agent: *\nDisallow: /page\nAllow: /page\n', '/page')).toEqual([true]);
      expect(allowed('User-agent: *\nAllow: /page\nDisallow: /page\n', '/page')).toEqual([true]);
    });

    it('reads * as any characters and a final $ as the end', () => {
      const text = 'User-agent: *\nDisallow: /*.php$\nDisallow: /tmp*/cache\n';
      expect(allowed(text, '/a/b.php', '/a/b.php?x=1', '/a/b.phps', '/tmp-1/cache/x', '/tmp/other')).toEqual([false, true, true, false, true]);
    });

    it('matches the query too', () => {
      expect(allowed('User-agent: *\nDisallow: /*?session=\n', '/a?session=1', '/a?page=1')).toEqual([false, true]);
    });

    it('allows everything for an empty Disallow', () => {
      expect(allowed('User-agent: *\nDisallow:\n', '/', '/anything')).toEqual([true, true]);
    });

    it('allows everything for a file of garbage', () => {
      expect(allowed('<html><body>Not found: we moved!</body></html>\n\u0000\u00ff{}', '/page')).toEqual([true]);
      expect(allowed('', '/page')).toEqual([true]);
    });

    it('reads a file that starts with a byte order mark', () => {
      expect(allowed('\uFEFFUser-agent: *\nDisallow: /\n', '/page')).toEqual([false]);
    });

    it('ignores comments', () => {
      expect(allowed('User-agent: * # everyone\nDisallow: /a # not /b\n', '/a', '/b')).toEqual([false, true]);
    });
  });

  describe('percent-encoding (RFC 9309 section 2.2.2)', () => {
    it('matches UTF-8 characters written raw or escaped, in either case', () => {
      expect(allowed('User-agent: *\nDisallow: /foo/bar/ツ\n', '/foo/bar/%E3%83%84', '/foo/bar/ツ')).toEqual([false, false]);
      expect(allowed('User-agent: *\nDisallow: /foo/bar/%e3%83%84\n', '/foo/bar/ツ')).toEqual([false]);
    });

    // robots-parser deviates here, and parseRobots compensates: it leaves escaped unreserved characters escaped.
    it('decodes escaped unreserved characters, in the rule and in the URL', () => {
      expect(allowed('User-agent: *\nDisallow: /foo/bar/%62%61%7A\n', '/foo/bar/baz')).toEqual([false]);
      expect(allowed('User-agent: *\nDisallow: /foo/bar/baz\n', '/foo/bar/%62%61%7A')).toEqual([false]);
    });

    // robots-parser deviates here, and parseRobots compensates: it escapes rules with encodeURI, which
    // escapes | ^ [ ] that the URL parser keeps in a path, and keeps ' that it escapes in a query.
    it('matches characters the URL parser and encodeURI escape differently', () => {
      expect(allowed('User-agent: *\nDisallow: /a|b\nDisallow: /c[1]\nDisallow: /d^e\n', '/a|b', '/c[1]', '/d^e')).toEqual([false, false, false]);
      expect(allowed("User-agent: *\nDisallow: /q?name='x'\n", "/q?name='x'")).toEqual([false]);
    });

    it('keeps an escaped reserved character apart from the character', () => {
      expect(allowed('User-agent: *\nDisallow: /a%2Fb\n', '/a/b', '/a%2fb')).toEqual([true, false]);
      expect(allowed('User-agent: *\nDisallow: /a%2A\n', '/abc', '/a%2A')).toEqual([true, false]);
    });
  });

  it('refuses to judge a URL of another origin', () => {
    const rules = parseRobots(ROBOTS_URL, 'User-agent: *\nDisallow:\n');
    expect(() => rules.isAllowed('http://example.com/')).toThrow('the robots.txt of https://example.com says nothing about http://example.com');
    expect(() => rules.isAllowed('https://www.example.com/')).toThrow();
    expect(rules.isAllowed('https://example.com:443/')).toBe(true);
  });

  describe('Crawl-delay', () => {
    it("is the chosen group's, in milliseconds", () => {
      const text = 'User-agent: *\nCrawl-delay: 10\n\nUser-agent: wordcrawler\nCrawl-delay: 1.5\n';
      expect(parseRobots(ROBOTS_URL, text).crawlDelayMs).toBe(1500);
      expect(parseRobots(ROBOTS_URL, 'User-agent: *\nCrawl-delay: 2\n').crawlDelayMs).toBe(2000);
    });

    it('is capped', () => {
      expect(parseRobots(ROBOTS_URL, 'User-agent: *\nCrawl-delay: 3600\n').crawlDelayMs).toBe(MAX_CRAWL_DELAY_MS);
    });

    it.each(['', 'soon', '-5', '0', 'Infinity'])('is absent for %j', (value) => {
      expect(parseRobots(ROBOTS_URL, `User-agent: *\nCrawl-delay: ${value}\n`)).not.toHaveProperty('crawlDelayMs');
    });

    it('is absent when the chosen group has none', () => {
      const text = 'User-agent: *\nCrawl-delay: 10\n\nUser-agent: wordcrawler\nDisallow: /a\n';
      expect(parseRobots(ROBOTS_URL, text)).not.toHaveProperty('crawlDelayMs');
    });
  });

  it('lists absolute http(s) sitemaps once, from anywhere in the file', () => {
    const text = [
      'Sitemap: https://example.com/sitemap.xml',
      'User-agent: *',
      'Disallow: /a',
      'Sitemap: /relative.xml',
      'Sitemap: ftp://example.com/s.xml',
      'sitemap: http://cdn.example.net/s2.xml',
      'Sitemap: https://example.com/sitemap.xml',
    ].join('\n');
    expect(parseRobots(ROBOTS_URL, text).sitemaps).toEqual(['https://example.com/sitemap.xml', 'http://cdn.example.net/s2.xml']);
  });
});

describe('ALLOW_ALL and DISALLOW_ALL', () => {
  it('allow everything and nothing, without delay or sitemaps', () => {
    expect(ALLOW_ALL.isAllowed('https://example.com/')).toBe(true);
    expect(DISALLOW_ALL.isAllowed('https://example.com/')).toBe(false);
    expect(ALLOW_ALL.sitemaps).toEqual([]);
    expect(DISALLOW_ALL).not.toHaveProperty('crawlDelayMs');
  });
});
