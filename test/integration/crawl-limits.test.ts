import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, postJson } from '../support/api-client.js';
import { html, rowOf, runCrawl, startCrawlSite, type CrawlSite } from '../support/crawl-site.js';
import { startTestService, type TestService } from '../support/service.js';

// max_pages is never exceeded, and the crawl options are checked field by field (issue 13, "API").

let service: TestService;
const sites: CrawlSite[] = [];

/** A word of its own for each generated page: pagea, pageb, … */
const wordFor = (n: number) => `page${String.fromCharCode(97 + n)}`;

beforeAll(async () => {
  service = await startTestService();
});

afterAll(async () => {
  await service?.stop();
  await Promise.all(sites.map((started) => started.close()));
});

describe('max_pages', () => {
  it('counts exactly max_pages pages of a larger site, fetches no more, and lists the rest as skipped max_pages', async () => {
    const paths = Array.from({ length: 20 }, (_, n) => (n === 0 ? '/' : `/p${n}`));
    const routes = Object.fromEntries(paths.map((path, n) => [path, html(`common ${wordFor(n)}`, paths)]));
    const big = await startCrawlSite(routes);
    sites.push(big);
    const crawled = await runCrawl(service, `${big.origin}/`, { sitemap: false, max_pages: 5 });

    const completed = crawled.pages.filter((page) => page.status === 'completed');
    expect(completed).toHaveLength(5);
    expect(crawled.status).toMatchObject({ stopped: 'max_pages', pages: { completed: 5, skipped: 15, failed: 0, queued: 0 } });
    expect(crawled.pages).toHaveLength(20);
    expect(crawled.pages.filter((page) => page.status !== 'completed').map((page) => [page.status, page.code])).toEqual(Array(15).fill(['skipped', 'max_pages']));
    // The combined counts are those of the five counted pages and no other.
    const expected = Object.fromEntries([['common', 5], ...completed.map((page) => [wordFor(paths.indexOf(new URL(page.url).pathname)), 1])]);
    expect(crawled.counts).toEqual(expected);
    expect(big.requests.filter((target) => target !== '/robots.txt')).toHaveLength(5);
    expect(rowOf(crawled.pages[0]!)).toEqual(['/', 'completed', null]);
  });
});

describe('crawl options', () => {
  const site = () => 'http://127.0.0.1:9/never-fetched';

  it.each([
    ['crawl.max_pages', { max_pages: 0 }],
    ['crawl.max_pages', { max_pages: 501 }],
    ['crawl.max_pages', { max_pages: '10' }],
    ['crawl.max_depth', { max_depth: 21 }],
    ['crawl.max_depth', { max_depth: -1 }],
    ['crawl.scope', { scope: 'site' }],
    ['crawl.include', { include: '/blog/**' }],
    ['crawl.exclude', { exclude: [42] }],
    ['crawl.sitemap', { sitemap: 'yes' }],
    ['"bogus"', { bogus: true }],
  ])('answers 400 invalid_request naming %s for %j', async (field, crawl) => {
    const answer = await postJson(`${service.baseUrl}/start`, { url: site(), crawl });
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.body).sort()).toEqual(['code', 'error']);
    expect(answer.body.code).toBe('invalid_request');
    expect(answer.body.error).toContain(field);
  });

  it('applies the defaults for crawl: {}', async () => {
    const tiny = await startCrawlSite({ '/': html('solitary') });
    sites.push(tiny);
    const crawled = await runCrawl(service, `${tiny.origin}/`, {});

    expect(crawled.status).toMatchObject({
      kind: 'crawl',
      crawl: { max_pages: 50, max_depth: 3, scope: 'host', include: [], exclude: [], sitemap: true },
      stopped: 'done',
    });
    expect(crawled.counts).toEqual({ solitary: 1 });
    // The default reads the sitemap (here a 404).
    expect(tiny.hits('/sitemap.xml')).toBe(1);
    const status = await getJson(`${service.baseUrl}/status/${crawled.key}`);
    expect(status.body.crawl).toEqual({ max_pages: 50, max_depth: 3, scope: 'host', include: [], exclude: [], sitemap: true });
  });
});
