import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, waitForResult } from '../support/api-client.js';
import { crawlPageSummary, startCrawl } from '../support/crawl-client.js';
import type { FixtureHandler } from '../support/fixture-server.js';
import { htmlPage, robotsTxt, slowHtml, startRecordingSite, type RecordingSite } from '../support/recording-site.js';
import { startTestService, type TestService } from '../support/service.js';

const PAGE_COUNT = 10;
/** Each page is held this long, so that requests overlap whenever the crawler lets them. */
const HOLD_MS = 300;

const pagePaths = Array.from({ length: PAGE_COUNT }, (_, i) => `/p/${i}`);

let site: RecordingSite;
let first: TestService;
let second: TestService;

beforeAll(async () => {
  const routes: Record<string, FixtureHandler> = {
    '/robots.txt': robotsTxt('User-agent: *\nAllow: /\n'),
    '/': slowHtml(htmlPage('Index', 'index', pagePaths), HOLD_MS),
  };
  for (const [i, path] of pagePaths.entries()) routes[path] = slowHtml(htmlPage(`Page ${i}`, `slow page ${i}`), HOLD_MS);
  site = await startRecordingSite(routes);
  // Far more worker slots than the host allows, in two workers of one deployment (one database, one
  // queue prefix), each with its own Redis connection and so its own view of the gate.
  const settings = { CRAWL_HOST_CONCURRENCY: '2', CRAWL_HOST_DELAY_MS: '0', WORKER_CONCURRENCY: '8' };
  first = await startTestService(settings);
  second = await startTestService({
    ...settings,
    DATABASE_URL: first.config.DATABASE_URL!,
    QUEUE_PREFIX: first.config.QUEUE_PREFIX,
    // Named, so that stopping this one leaves the shared queue's keys to the first.
    REDIS_URL: first.config.REDIS_URL,
  });
});

afterAll(async () => {
  await second?.stop();
  await first?.stop();
  await site?.close();
});

describe('per-host concurrency (CRAWL_HOST_CONCURRENCY=2)', () => {
  it('keeps at most two requests in flight to the host across two crawls and two workers, and uses both', async () => {
    // Two crawls of the same host at once, one submitted through each web app.
    const keys = await Promise.all([startCrawl(first.baseUrl, `${site.origin}/`, { sitemap: false }), startCrawl(second.baseUrl, `${site.origin}/`, { sitemap: false })]);
    const results = await Promise.all(keys.map((key) => waitForResult(first.baseUrl, key, '?limit=100', 40_000)));
    for (const result of results) expect(result.status).toBe(200);
    for (const key of keys) {
      const pages = await crawlPageSummary(first.baseUrl, key);
      expect(pages).toEqual([['/', 'completed', null], ...pagePaths.map((path): [string, string, null] => [path, 'completed', null])]);
      expect((await getJson(`${first.baseUrl}/status/${key}`)).body).toMatchObject({ stopped: 'done', pages: { completed: PAGE_COUNT + 1 } });
    }
    // Two robots.txt (one per crawl) and every page once per crawl; at most two of them at a time, whichever worker took them.
    expect(site.requests).toHaveLength(2 * (PAGE_COUNT + 2));
    expect(site.maxInFlight()).toBe(2);
  });
});
