import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, submit, waitForResult } from '../support/api-client.js';
import { crawlPageSummary, crawlPages, startCrawl } from '../support/crawl-client.js';
import type { FixtureHandler } from '../support/fixture-server.js';
import { htmlPage, robotsTxt, startRecordingSite, type RecordingSite } from '../support/recording-site.js';
import { startTestService, type TestService } from '../support/service.js';
import { waitFor } from '../support/wait-for.js';

/**
 * The slow-down starts when the worker has read the 429, after the site answered it, so the gap measured
 * from the answer can only come out longer than the one kept; this covers the two clocks' rounding
 * (Redis's TIME in whole ms, and this process's).
 */
const CLOCK_TOLERANCE_MS = 50;

const html = (title: string, words: string, links: readonly string[] = []): FixtureHandler =>
  (_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(htmlPage(title, words, links));

let service: TestService;
const sites: RecordingSite[] = [];
async function site(routes: Record<string, FixtureHandler>): Promise<RecordingSite> {
  const started = await startRecordingSite(routes);
  sites.push(started);
  return started;
}

beforeAll(async () => {
  // One worker slot: jobs run one at a time, in queue order, so what runs next is known, and a wait
  // that held the slot would hold up everything else.
  service = await startTestService({ WORKER_CONCURRENCY: '1', CRAWL_HOST_DELAY_MS: '0' });
});

afterAll(async () => {
  await service?.stop();
  await Promise.all(sites.map((started) => started.close()));
});

describe('waiting for a host', () => {
  it('after a 429 with Retry-After: 1, starts no request to the host for a second, then counts the page', async () => {
    let busyAnswers = 0;
    const fixture = await site({
      '/robots.txt': robotsTxt('User-agent: *\nAllow: /\n'),
      '/': html('Home', 'harbor', ['/busy', '/next', '/last']),
      '/busy': (_req, res) => {
        busyAnswers += 1;
        if (busyAnswers === 1) return res.writeHead(429, { 'retry-after': '1', 'content-type': 'text/plain' }).end('slow down');
        res.writeHead(200, { 'content-type': 'text/html' }).end(htmlPage('Busy', 'patience'));
      },
      '/next': html('Next', 'anchor'),
      '/last': html('Last', 'buoy'),
    });
    const key = await startCrawl(service.baseUrl, `${fixture.origin}/`, { sitemap: false });
    const result = await waitForResult(service.baseUrl, key, '?limit=100', 20_000);
    expect(result.status).toBe(200);
    expect(Object.fromEntries(result.body)).toMatchObject({ patience: 1, anchor: 1, buoy: 1 });
    expect(await crawlPageSummary(service.baseUrl, key)).toEqual([
      ['/', 'completed', null], ['/busy', 'completed', null], ['/next', 'completed', null], ['/last', 'completed', null],
    ]);
    const tooMany = fixture.requests.find((request) => request.status === 429)!;
    const after = fixture.requests.filter((request) => request.startedAt > tooMany.startedAt);
    // /next's job runs right after /busy's went back to the queue: only the host's slow-down holds it.
    expect(after.map((request) => request.path).sort()).toEqual(['/busy', '/last', '/next']);
    expect(after[0]!.startedAt - tooMany.endedAt!).toBeGreaterThanOrEqual(1_000 - CLOCK_TOLERANCE_MS);
  });

  it('never holds a worker slot: a single page elsewhere is counted while a slow host\'s crawl waits', async () => {
    const slow = await site({
      '/robots.txt': robotsTxt('User-agent: *\nCrawl-delay: 3\n'),
      '/': html('Home', 'harbor', ['/a']),
      '/a': html('A', 'anchor'),
    });
    const other = await site({ '/solo': html('Solo', 'solitary solitary page') });
    // Counted once first, so that the service's counting threads have started and the start page is quick.
    expect((await waitForResult(service.baseUrl, await submit(service.baseUrl, `${other.origin}/solo`))).status).toBe(200);
    const crawlKey = await startCrawl(service.baseUrl, `${slow.origin}/`, { sitemap: false });
    // The start page is counted and /a waits for the host's turn, three seconds after it.
    await waitFor(async () => {
      const pages = await crawlPages(service.baseUrl, crawlKey);
      return pages.length === 2 && pages[0]!.status === 'completed' ? true : undefined;
    }, 10_000, 'the start page counted');
    const submittedAt = performance.now();
    const soloKey = await submit(service.baseUrl, `${other.origin}/solo`);
    const solo = await waitForResult(service.baseUrl, soloKey, '', 10_000);
    const soloMs = performance.now() - submittedAt;
    expect(solo.status).toBe(200);
    expect(solo.body).toContainEqual(['solitary', 2]);
    // With the one slot held by /a's wait it would take most of the three seconds.
    expect(soloMs).toBeLessThan(1_000);
    expect(slow.requestsTo('/a')).toHaveLength(0);
    expect((await getJson(`${service.baseUrl}/status/${crawlKey}`)).body.status).not.toBe('completed');
    // And the crawl still ends, with /a counted.
    expect((await waitForResult(service.baseUrl, crawlKey, '', 15_000)).status).toBe(200);
    expect(await crawlPageSummary(service.baseUrl, crawlKey)).toEqual([['/', 'completed', null], ['/a', 'completed', null]]);
  });
});
