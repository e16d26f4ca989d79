import { afterAll, beforeAll, describe, it } from 'vitest';
import { getJson, waitForResult } from '../support/api-client.js';
import { crawlPageSummary, startCrawl } from '../support/crawl-client.js';
import type { FixtureHandler } from '../support/fixture-server.js';
import { htmlPage, robotsTxt, startRecordingSite, type RecordingSite } from '../support/recording-site.js';
import { startTestService, type TestService } from '../support/service.js';

const html = (title: string, words: string, links: readonly string[] = []): FixtureHandler =>
  (_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(htmlPage(title, words, links));

/** A robots.txt naming the site's own sitemap, whatever port the site got. */
const robotsWithSitemap = (rules: string): FixtureHandler =>
  (req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(`${rules}\nSitemap: http://${req.headers.host}/sitemap.xml\n`);

const sitemapOf = (paths: readonly string[]): FixtureHandler =>
  (req, res) => res.writeHead(200, { 'content-type': 'application/xml' }).end(
    `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${paths.map((path) => `<url><loc>http://${req.headers.host}${path}</loc></url>`).join('')}</urlset>`,
  );

/** Pages every site below has, so that a crawl that wrongly goes on has something to fetch. */
const ORDINARY_PAGES = (): Record<string, FixtureHandler> => ({
  '/': html('Home', 'harbor harbor lighthouse', ['/a', '/b']),
  '/a': html('A', 'harbor ship ship', ['/b']),
  '/b': html('B', 'lighthouse keeper'),
  '/members/home': html('Members', 'secret members page', ['/a']),
  '/sitemap.xml': sitemapOf(['/a', '/b']),
});

/** robots.txt answers that RFC 9309 (2.3.1.4) reads as "unreachable": every page is disallowed. */
const UNAVAILABLE_ROBOTS: Array<[string, FixtureHandler]> = [
  ['503', (_req, res) => res.writeHead(503, { 'content-type': 'text/plain' }).end('down for maintenance')],
  ['500', (_req, res) => res.writeHead(500, { 'content-type': 'text/plain' }).end('oops')],
  ['429', (_req, res) => res.writeHead(429, { 'content-type': 'text/plain' }).end('slow down')],
  ['a reset connection', (req) => req.socket.destroy()],
  // Never answered: the fetch times out (FETCH_TIMEOUT_MS below).
  ['a timeout', () => {}],
];

let service: TestService;
const sites: RecordingSite[] = [];

async function siteWith(robots: FixtureHandler, extra: Record<string, FixtureHandler> = {}): Promise<RecordingSite> {
  const site = await startRecordingSite({ ...ORDINARY_PAGES(), ...extra, '/robots.txt': robots });
  sites.push(site);
  return site;
}

const pathsRequested = (site: RecordingSite) => site.requests.map((request) => request.path);

beforeAll(async () => {
  service = await startTestService({ FETCH_TIMEOUT_MS: '1000' });
});

afterAll(async () => {
  await service?.stop();
  await Promise.all(sites.map((site) => site.close()));
});

describe('robots.txt of a crawl', () => {
  it.concurrent.for(UNAVAILABLE_ROBOTS)('answered with %s fails the crawl robots_unavailable, fetching nothing else', async ([, robots], { expect }) => {
    const site = await siteWith(robots);
    // The sitemap is on (the default): it must not be read either.
    const key = await startCrawl(service.baseUrl, `${site.origin}/`);
    const result = await waitForResult(service.baseUrl, key, '', 15_000);
    expect(result.status).toBe(422);
    expect(result.body).toMatchObject({ status: 'failed', code: 'robots_unavailable' });
    const status = await getJson(`${service.baseUrl}/status/${key}`);
    expect(status.body).toMatchObject({ kind: 'crawl', status: 'failed', code: 'robots_unavailable' });
    expect(pathsRequested(site)).toEqual(['/robots.txt']);
  });

  it.concurrent('answered 404 allows everything: every page is counted', async ({ expect }) => {
    const site = await siteWith((_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>no robots here</h1>'));
    const key = await startCrawl(service.baseUrl, `${site.origin}/`, { sitemap: false });
    const result = await waitForResult(service.baseUrl, key, '?limit=100', 15_000);
    expect(result.status).toBe(200);
    expect(Object.fromEntries(result.body)).toMatchObject({ harbor: 3, lighthouse: 2, ship: 2, keeper: 1 });
    expect(await crawlPageSummary(service.baseUrl, key)).toEqual([['/', 'completed', null], ['/a', 'completed', null], ['/b', 'completed', null]]);
    const status = await getJson(`${service.baseUrl}/status/${key}`);
    expect(status.body).toMatchObject({ kind: 'crawl', status: 'completed', stopped: 'done', pages: { completed: 3, failed: 0, skipped: 0 } });
    expect(site.requestsTo('/robots.txt')).toHaveLength(1);
  });

  it.concurrent('with a group for wordcrawler: that group applies, not the * group', async ({ expect }) => {
    const site = await siteWith(
      robotsTxt('User-agent: *\nDisallow: /only-star\nDisallow: /everyone\n\nUser-agent: wordcrawler\nDisallow: /only-wordcrawler\n'),
      {
        '/': html('Home', 'harbor', ['/only-star', '/only-wordcrawler', '/everyone']),
        '/only-star': html('Star', 'starfish'),
        '/only-wordcrawler': html('Ours', 'forbidden'),
        '/everyone': html('Everyone', 'anybody'),
      },
    );
    const key = await startCrawl(service.baseUrl, `${site.origin}/`, { sitemap: false });
    const result = await waitForResult(service.baseUrl, key, '?limit=100', 15_000);
    expect(result.status).toBe(200);
    // The wordcrawler group says nothing of /everyone: groups are not merged with *, so it is allowed too.
    expect(await crawlPageSummary(service.baseUrl, key)).toEqual([
      ['/', 'completed', null], ['/only-star', 'completed', null], ['/only-wordcrawler', 'skipped', 'robots'], ['/everyone', 'completed', null],
    ]);
    expect(Object.fromEntries(result.body)).toMatchObject({ starfish: 1, anybody: 1 });
    expect(Object.fromEntries(result.body).forbidden).toBeUndefined();
    expect(site.requestsTo('/only-wordcrawler')).toHaveLength(0);
    expect(site.requestsTo('/only-star')).toHaveLength(1);
  });

  it.concurrent('that disallows the start page fails the crawl blocked_by_robots, fetching nothing else', async ({ expect }) => {
    const site = await siteWith(robotsWithSitemap('User-agent: *\nDisallow: /members/'));
    const key = await startCrawl(service.baseUrl, `${site.origin}/members/home`);
    const result = await waitForResult(service.baseUrl, key, '', 15_000);
    expect(result.status).toBe(422);
    expect(result.body).toMatchObject({ status: 'failed', code: 'blocked_by_robots' });
    const status = await getJson(`${service.baseUrl}/status/${key}`);
    expect(status.body).toMatchObject({ kind: 'crawl', status: 'failed', code: 'blocked_by_robots' });
    // Neither the start page nor the sitemap that robots.txt names.
    expect(pathsRequested(site)).toEqual(['/robots.txt']);
  });

  it.concurrent('is requested, like the pages and the sitemap, with a User-Agent naming wordcrawler', async ({ expect }) => {
    const site = await siteWith(robotsWithSitemap('User-agent: *\nAllow: /'));
    const key = await startCrawl(service.baseUrl, `${site.origin}/`);
    expect((await waitForResult(service.baseUrl, key, '', 15_000)).status).toBe(200);
    expect(new Set(pathsRequested(site))).toEqual(new Set(['/robots.txt', '/sitemap.xml', '/', '/a', '/b']));
    // The product token as a word of its own, as robots.txt groups name it: not only inside a URL in a comment.
    for (const request of site.requests) expect(request.userAgent, request.path).toMatch(/(^|[\s(;])wordcrawler\b/i);
  });
});
