import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getJson, postJson, waitForResult } from '../support/api-client.js';
import { startWorkerBeside, type RunningProcess } from '../support/child-process.js';
import { respond, startFixtureServer, type FixtureHandler, type FixtureServer } from '../support/fixture-server.js';
import { gatedPage } from '../support/gate.js';
import { deleteQueueKeys } from '../support/redis-cleanup.js';
import { startTestService, type TestService } from '../support/service.js';
import { waitFor } from '../support/wait-for.js';

const PAGES = 6;

/** A site of an index and PAGES pages, page 3 held until the test opens its gate; page i says "page" once and "wordN" i times. */
function siteRoutes(held: FixtureHandler): Record<string, FixtureHandler> {
  const routes: Record<string, FixtureHandler> = {
    '/robots.txt': respond('User-agent: *\nAllow: /\n', { 'content-type': 'text/plain' }),
    '/': respond(`<p>index</p>${Array.from({ length: PAGES }, (_, i) => `<a href="/p${i + 1}"></a>`).join('')}`),
  };
  for (let i = 1; i <= PAGES; i++) routes[`/p${i}`] = respond(`<p>page ${`word${i} `.repeat(i)}</p>`);
  routes['/p3'] = held;
  return routes;
}

/** The combined counts a complete crawl of the site must have, each page once. */
const EXPECTED = Object.fromEntries([['page', PAGES], ['index', 1], ...Array.from({ length: PAGES }, (_, i) => [`word${i + 1}`, i + 1])]);

let service: TestService;
const workers: RunningProcess[] = [];
const sites: FixtureServer[] = [];

function startWorker(env: Record<string, string> = {}): RunningProcess {
  const worker = startWorkerBeside(service, {
    CRAWL_HOST_DELAY_MS: '0',
    // A killed worker's host turns lapse after the fetch timeout plus 5 s; the fixture pages answer at once.
    FETCH_TIMEOUT_MS: '3000',
    ...env,
  });
  workers.push(worker);
  return worker;
}

async function startCrawl(origin: string): Promise<string> {
  const answer = await postJson(`${service.baseUrl}/start`, { url: `${origin}/`, crawl: { sitemap: false } });
  expect(answer.status).toBe(202);
  return answer.body.key as string;
}

async function expectExactCrawl(key: string): Promise<void> {
  const result = await waitForResult(service.baseUrl, key, '?limit=100', 40_000);
  expect(result.status).toBe(200);
  expect(Object.fromEntries(result.body)).toEqual(EXPECTED);
  const status = await getJson(`${service.baseUrl}/status/${key}`);
  expect(status.body).toMatchObject({ status: 'completed', stopped: 'done', pages: { completed: PAGES + 1, queued: 0, active: 0, failed: 0, skipped: 0 } });
}

beforeAll(async () => {
  service = await startTestService({}, { worker: false });
});

afterEach(async () => {
  for (const worker of workers.splice(0)) {
    worker.child.kill('SIGKILL');
    await worker.exited;
  }
  for (const site of sites.splice(0)) await site.close();
});

afterAll(async () => {
  await service?.stop();
});

describe('a crawl whose worker is killed mid-crawl', () => {
  it('completes on the next worker with every page counted exactly once', async () => {
    const held = gatedPage('<p>page word3 word3 word3</p>');
    const site = await startFixtureServer(siteRoutes(held.handler));
    sites.push(site);
    const first = startWorker({ JOB_LOCK_MS: '1500' });
    await first.waitForLog('worker started');
    const key = await startCrawl(site.origin);
    await waitFor(() => (site.hits.get('/p3') === 1 ? true : undefined), 15_000, 'page 3 being fetched');
    first.child.kill('SIGKILL');
    await first.exited;
    held.open();
    startWorker({ JOB_LOCK_MS: '1500' });
    await expectExactCrawl(key);
    // Fetched again after the kill, counted once all the same.
    expect(site.hits.get('/p3')).toBe(2);
  }, 90_000);
});

describe('a crawl whose Redis is emptied mid-crawl', () => {
  it('gets its jobs back from the requeue sweep and completes with exact counts', async () => {
    const held = gatedPage('<p>page word3 word3 word3</p>');
    const site = await startFixtureServer(siteRoutes(held.handler));
    sites.push(site);
    // One job at a time, so the other pages' jobs are still waiting in Redis when it is emptied.
    const worker = startWorker({ REQUEUE_INTERVAL_MS: '1000', JOB_LOCK_MS: '1500', WORKER_CONCURRENCY: '1' });
    await worker.waitForLog('worker started');
    const key = await startCrawl(site.origin);
    await waitFor(() => (site.hits.get('/p3') === 1 ? true : undefined), 15_000, 'page 3 being fetched');
    // What a Redis restart without persistence does to this deployment's keys, jobs and host turns alike.
    await deleteQueueKeys(service.config.REDIS_URL, service.config.QUEUE_PREFIX);
    held.open();
    await expectExactCrawl(key);
    expect(worker.logLines().some((line) => line.msg === 'unfinished result had no live job; requeued')).toBe(true);
  }, 90_000);
});
