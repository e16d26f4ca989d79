import { afterAll, beforeAll, describe, it } from 'vitest';
import { waitForResult } from '../support/api-client.js';
import { crawlPageSummary, startCrawl } from '../support/crawl-client.js';
import type { FixtureHandler } from '../support/fixture-server.js';
import { htmlPage, robotsTxt, startGaps, startRecordingSite, type RecordingSite } from '../support/recording-site.js';
import { startTestService, type TestService } from '../support/service.js';

/**
 * The gate grants a turn on Redis's clock (TIME, in whole ms); the site notes the request's arrival
 * on this process's clock. Between the two lie the fetch's set-up (the address check's lookup, a new
 * connection or a reused one) and the event loop, which differ from one request to the next, so a gap
 * measured at the site can come out shorter than the gap between grants: by up to 80 ms on a loaded
 * two-core machine. 100 ms covers that; a pace that is not kept shows gaps of a few ms to 200 ms here.
 */
const CLOCK_TOLERANCE_MS = 100;

const html = (title: string, words: string, links: readonly string[] = []): FixtureHandler =>
  (_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(htmlPage(title, words, links));

const sitemapOf = (paths: readonly string[]): FixtureHandler =>
  (req, res) => res.writeHead(200, { 'content-type': 'application/xml' }).end(
    `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${paths.map((path) => `<url><loc>http://${req.headers.host}${path}</loc></url>`).join('')}</urlset>`,
  );

/** A four-page site (a start page linking three) with this robots.txt and a sitemap listing the three. */
function fourPageSite(robots: string): Promise<RecordingSite> {
  return startRecordingSite({
    '/robots.txt': robotsTxt(robots),
    '/': html('Home', 'harbor lighthouse', ['/a', '/b', '/c']),
    '/a': html('A', 'anchor'),
    '/b': html('B', 'buoy'),
    '/c': html('C', 'compass'),
    '/sitemap.xml': sitemapOf(['/a', '/b', '/c']),
  });
}

const sites: RecordingSite[] = [];
async function site(robots: string): Promise<RecordingSite> {
  const started = await fourPageSite(robots);
  sites.push(started);
  return started;
}

afterAll(async () => {
  await Promise.all(sites.map((started) => started.close()));
});

async function crawlToTheEnd(service: TestService, start: string, options: Record<string, unknown>) {
  const key = await startCrawl(service.baseUrl, start, options);
  const result = await waitForResult(service.baseUrl, key, '?limit=100', 30_000);
  return { key, result };
}

describe('Crawl-delay, with CRAWL_HOST_DELAY_MS=0', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService({ CRAWL_HOST_DELAY_MS: '0' });
  });
  afterAll(async () => {
    await service?.stop();
  });

  it.concurrent('spaces the page requests to the host by at least the Crawl-delay', async ({ expect }) => {
    const fixture = await site('User-agent: *\nCrawl-delay: 1\n');
    const { key, result } = await crawlToTheEnd(service, `${fixture.origin}/`, { sitemap: false });
    expect(result.status).toBe(200);
    expect(await crawlPageSummary(service.baseUrl, key)).toEqual([
      ['/', 'completed', null], ['/a', 'completed', null], ['/b', 'completed', null], ['/c', 'completed', null],
    ]);
    const pages = fixture.requests.filter((request) => request.path !== '/robots.txt');
    expect(pages).toHaveLength(4);
    const gaps = startGaps(pages);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(1_000 - CLOCK_TOLERANCE_MS);
  });

  // Every request to the host counts, robots.txt included: the Crawl-delay is read from it, so the
  // request after it (the start page) waits the Crawl-delay too. Two seconds, on a one-page site: the
  // crawl's own work between the two requests can take most of a second on a loaded machine.
  it.concurrent('waits the Crawl-delay after the robots.txt request before the start page', async ({ expect }) => {
    const fixture = await startRecordingSite({ '/robots.txt': robotsTxt('User-agent: *\nCrawl-delay: 2\n'), '/': html('Home', 'harbor') });
    sites.push(fixture);
    const { result } = await crawlToTheEnd(service, `${fixture.origin}/`, { sitemap: false });
    expect(result.status).toBe(200);
    const [robots, startPage] = fixture.requests;
    expect(fixture.requests.map((request) => request.path)).toEqual(['/robots.txt', '/']);
    expect(startPage!.startedAt - robots!.startedAt).toBeGreaterThanOrEqual(2_000 - CLOCK_TOLERANCE_MS);
  });

  it.concurrent('spaces the sitemap requests like the pages', async ({ expect }) => {
    const fixture = await site('User-agent: *\nCrawl-delay: 1\n');
    const { result } = await crawlToTheEnd(service, `${fixture.origin}/`, {});
    expect(result.status).toBe(200);
    const afterRobots = fixture.requests.filter((request) => request.path !== '/robots.txt');
    expect(afterRobots.map((request) => request.path).sort()).toEqual(['/', '/a', '/b', '/c', '/sitemap.xml']);
    const gaps = startGaps(afterRobots);
    const short = gaps.flatMap((gap, i) => (gap < 1_000 - CLOCK_TOLERANCE_MS ? [`${afterRobots[i]!.path} -> ${afterRobots[i + 1]!.path}: ${Math.round(gap)} ms`] : []));
    expect(short).toEqual([]);
  });
});

describe('CRAWL_HOST_DELAY_MS=300 without a Crawl-delay', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService({ CRAWL_HOST_DELAY_MS: '300' });
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('spaces every request to the host by at least 300 ms, robots.txt and the sitemap included', async ({ expect }) => {
    const fixture = await site('User-agent: *\nDisallow: /private\n');
    const { key, result } = await crawlToTheEnd(service, `${fixture.origin}/`, {});
    expect(result.status).toBe(200);
    expect((await crawlPageSummary(service.baseUrl, key)).map(([, status]) => status)).toEqual(['completed', 'completed', 'completed', 'completed']);
    expect(fixture.requests).toHaveLength(6);
    const gaps = startGaps(fixture.requests);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(300 - CLOCK_TOLERANCE_MS);
  });
});
