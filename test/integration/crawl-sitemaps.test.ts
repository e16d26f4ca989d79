import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crawlTestBed, html, pageAt, rowOf, runCrawl, text } from '../support/crawl-site.js';
import { respond } from '../support/fixture-server.js';

// Sitemaps seed a crawl (issue 13, the `sitemap` option): robots.txt's Sitemap lines, else /sitemap.xml;
// nested indexes and gzip; their pages at depth 1, within scope; none read with sitemap: false.

const bed = crawlTestBed();
const site = bed.site;

const XML = { 'content-type': 'application/xml' };
const urlset = (urls: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls.map((url) => `<url><loc>${url}</loc></url>`).join('')}</urlset>`;
const sitemapIndex = (urls: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls.map((url) => `<sitemap><loc>${url}</loc></sitemap>`).join('')}</sitemapindex>`;

describe('sitemaps', () => {
  it('finds a page that only /sitemap.xml lists, at depth 1, and leaves out its URLs out of scope', async () => {
    const other = await site({ '/abroad': html('abroad') });
    const mapped = await site((origin) => ({
      '/': html('homepage', ['/linked']),
      '/linked': html('connected'),
      '/orphan': html('lonely'),
      '/sitemap.xml': respond(urlset([`${origin}/`, `${origin}/orphan`, `${origin}/linked`, `${other.origin}/abroad`]), XML),
    }));
    const crawled = await runCrawl(bed.service, `${mapped.origin}/`, { max_depth: 2 });

    expect(crawled.counts).toEqual({ homepage: 1, connected: 1, lonely: 1 });
    const orphan = pageAt(crawled.pages, '/orphan');
    expect(orphan).toMatchObject({ depth: 1, status: 'completed' });
    expect(crawled.pages.map(rowOf).sort()).toEqual([['/', 'completed', null], ['/linked', 'completed', null], ['/orphan', 'completed', null]]);
    expect(mapped.hits('/sitemap.xml')).toBe(1);
    expect(mapped.hits('/orphan')).toBe(1);
    expect(other.requests).toEqual([]);
  });

  it('reads the gzipped sitemap index that robots.txt names, and the sitemap nested in it, instead of /sitemap.xml', async () => {
    const indexed = await site((origin) => ({
      '/robots.txt': text(`User-agent: *\nAllow: /\n\nSitemap: ${origin}/maps/index.xml.gz\n`),
      '/': html('frontpage'),
      '/deep-orphan': html('secluded'),
      '/not-in-robots': html('stray'),
      '/maps/index.xml.gz': respond(gzipSync(sitemapIndex([`${origin}/maps/nested.xml`])), { 'content-type': 'application/gzip' }),
      '/maps/nested.xml': respond(urlset([`${origin}/deep-orphan`]), XML),
      '/sitemap.xml': respond(urlset([`${origin}/not-in-robots`]), XML),
    }));
    const crawled = await runCrawl(bed.service, `${indexed.origin}/`, {});

    expect(crawled.counts).toEqual({ frontpage: 1, secluded: 1 });
    expect(crawled.pages.map((page) => [...rowOf(page), page.depth])).toEqual([['/', 'completed', null, 0], ['/deep-orphan', 'completed', null, 1]]);
    expect(indexed.hits('/maps/index.xml.gz')).toBe(1);
    expect(indexed.hits('/maps/nested.xml')).toBe(1);
    expect(indexed.hits('/sitemap.xml')).toBe(0);
    expect(indexed.pathHits('/not-in-robots')).toBe(0);
  });

  it('reads no sitemap with sitemap: false', async () => {
    const unread = await site((origin) => ({
      '/': html('welcome'),
      '/orphan': html('forgotten'),
      '/sitemap.xml': respond(urlset([`${origin}/orphan`]), XML),
    }));
    const crawled = await runCrawl(bed.service, `${unread.origin}/`, { sitemap: false });

    expect(crawled.counts).toEqual({ welcome: 1 });
    expect(crawled.pages.map(rowOf)).toEqual([['/', 'completed', null]]);
    expect(unread.requests).toEqual(['/robots.txt', '/']);
  });

  it('takes no sitemap page into a crawl of max_depth 0, sitemap pages being depth 1', async () => {
    const shallow = await site((origin) => ({
      '/': html('surface', ['/below']),
      '/below': html('beneath'),
      '/orphan': html('absent'),
      '/sitemap.xml': respond(urlset([`${origin}/orphan`, `${origin}/below`]), XML),
    }));
    const crawled = await runCrawl(bed.service, `${shallow.origin}/`, { max_depth: 0 });

    expect(crawled.counts).toEqual({ surface: 1 });
    expect(crawled.pages.map(rowOf)).toEqual([['/', 'completed', null]]);
    expect(shallow.pathHits('/orphan') + shallow.pathHits('/below')).toBe(0);
  });
});
