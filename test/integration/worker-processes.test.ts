import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { results } from '../../src/db/schema.js';
import { submit, waitForResult } from '../support/api-client.js';
import { startProcess, type RunningProcess } from '../support/child-process.js';
import { startFixtureServer, type FixtureHandler, type FixtureServer } from '../support/fixture-server.js';
import { gatedPage } from '../support/gate.js';
import { startTestService, type TestService } from '../support/service.js';
import { waitFor } from '../support/wait-for.js';

const PAGE_COUNT = 45;

/** Answers after a delay, as a real server would, so jobs overlap and spread across workers. */
function slowPage(words: string, delayMs: number): FixtureHandler {
  return (_req, res) => {
    setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end(`<p>${words}</p>`), delayMs);
  };
}

/** Answers only when the test opens it, so a job can be held in flight for as long as the test needs. */
const held = gatedPage('<p>held page</p>');

let site: FixtureServer;
let service: TestService;
const workers: RunningProcess[] = [];

/** A process's 'exit' can come before the last of its stdout; this waits for all of it. */
function allOutput(worker: RunningProcess): Promise<true> {
  return waitFor(() => (worker.child.stdout!.closed ? true : undefined), 5_000, 'the worker\'s stdout to close');
}

function workerEnv(): Record<string, string> {
  return {
    DATABASE_URL: service.config.DATABASE_URL!,
    REDIS_URL: service.config.REDIS_URL,
    QUEUE_PREFIX: service.config.QUEUE_PREFIX,
    FETCH_ALLOW_PRIVATE: 'true',
    WORKER_CONCURRENCY: '2',
    LOG_LEVEL: 'info',
  };
}

beforeAll(async () => {
  const routes: Record<string, FixtureHandler> = { '/held': held.handler };
  for (let i = 0; i < PAGE_COUNT; i++) routes[`/p/${i}`] = slowPage(`page number ${i}`, 20);
  site = await startFixtureServer(routes);
  service = await startTestService({}, { worker: false });
});

afterAll(async () => {
  for (const worker of workers) worker.child.kill('SIGKILL');
  await service?.stop();
  await site?.close();
});

describe('worker processes', () => {
  it('share one queue: every job is processed exactly once, spread across all three', async () => {
    const trio = [startProcess('worker.ts', workerEnv()), startProcess('worker.ts', workerEnv()), startProcess('worker.ts', workerEnv())];
    workers.push(...trio);
    await Promise.all(trio.map((worker) => worker.waitForLog('worker started')));

    const keys: string[] = [];
    for (let i = 0; i < PAGE_COUNT; i++) keys.push(await submit(service.baseUrl, `${site.origin}/p/${i}`));
    await waitFor(async () => {
      const completed = await service.db.$count(results, and(inArray(results.key, keys), eq(results.status, 'completed')));
      return completed === PAGE_COUNT ? true : undefined;
    }, 20_000, 'all pages counted');

    // Counted once the workers have exited and said all they had to say, so a late duplicate would show.
    for (const worker of trio) worker.child.kill('SIGTERM');
    expect(await Promise.all(trio.map((worker) => worker.exited))).toEqual([0, 0, 0]);
    await Promise.all(trio.map(allOutput));
    for (let i = 0; i < PAGE_COUNT; i++) expect(site.hits.get(`/p/${i}`)).toBe(1);
    const completedBy = trio.map((worker) => worker.logLines().filter((line) => line.msg === 'crawl completed').map((line) => line.key));
    expect(completedBy.flat().sort()).toEqual([...keys].sort());
    for (const keysOfOne of completedBy) expect(keysOfOne.length).toBeGreaterThan(0);
  }, 60_000); // room for the waits above (15 s to start, 20 s to count) on a busy two-core machine

  it('finishes its active job on SIGTERM, then exits 0', async () => {
    const worker = startProcess('worker.ts', workerEnv());
    workers.push(worker);
    await worker.waitForLog('worker started');
    const key = await submit(service.baseUrl, `${site.origin}/held`);
    await waitFor(() => (site.hits.get('/held') === 1 ? true : undefined), 10_000, 'the worker to fetch the page');

    // The page is still held when the worker hears SIGTERM, so the crawl can only finish after it.
    worker.child.kill('SIGTERM');
    await worker.waitForLog('shutting down');
    held.open();
    expect(await worker.exited).toBe(0);
    await allOutput(worker);
    const shutdownEvents = ['shutting down', 'crawl completed', 'crawl interrupted by shutdown, handed back', 'stopped'];
    expect(worker.logLines().map((line) => line.msg).filter((msg) => shutdownEvents.includes(msg as string)))
      .toEqual(['shutting down', 'crawl completed', 'stopped']);
    expect((await waitForResult(service.baseUrl, key)).body).toEqual([['held', 1], ['page', 1]]);
  });
});

describe('configuration errors', () => {
  it.each([
    ['src/entries/web.ts', { PORT: 'abc', DATABASE_URL: 'postgresql://x@127.0.0.1/x' }, /^wordcrawler: configuration error: PORT: must be a whole number/],
    ['src/entries/web.ts', {}, /^wordcrawler: configuration error: DATABASE_URL: required/],
    ['worker.ts', { DATABASE_URL: 'mysql://x' }, /^wordcrawler: configuration error: DATABASE_URL: must be a postgres/],
    ['worker.ts', { DATABASE_URL: 'postgresql://x@127.0.0.1/x', WORKER_CONCURRENCY: '0' }, /^wordcrawler: configuration error: WORKER_CONCURRENCY: must be at least 1/],
  ])('%s stops with one line naming the variable (%j)', async (entry, env, message) => {
    const started = startProcess(entry, env);
    expect(await started.exited).toBe(1);
    const lines = started.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });
});
