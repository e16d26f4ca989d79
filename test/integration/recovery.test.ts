import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { results } from '../../src/db/schema.js';
import { submit, waitForResult } from '../support/api-client.js';
import { startProcess, type RunningProcess } from '../support/child-process.js';
import { startFixtureServer, respond, type FixtureHandler, type FixtureServer } from '../support/fixture-server.js';
import { gatedPage } from '../support/gate.js';
import { deleteQueueKeys } from '../support/redis-cleanup.js';
import { startTestService, type TestService } from '../support/service.js';
import { waitFor } from '../support/wait-for.js';

const killed = gatedPage('<p>survivor survivor page</p>');
const stopped = gatedPage('<p>handed back page</p>');
const routes: Record<string, FixtureHandler> = { '/killed': killed.handler, '/stopped': stopped.handler };
for (let i = 0; i < 3; i++) routes[`/lost/${i}`] = respond(`<p>lost page ${i}</p>`);

let site: FixtureServer;
let service: TestService;
const workers: RunningProcess[] = [];

function startWorker(env: Record<string, string> = {}): RunningProcess {
  const worker = startProcess('worker.ts', {
    DATABASE_URL: service.config.DATABASE_URL!,
    REDIS_URL: service.config.REDIS_URL,
    QUEUE_PREFIX: service.config.QUEUE_PREFIX,
    FETCH_ALLOW_PRIVATE: 'true',
    LOG_LEVEL: 'info',
    JOB_LOCK_MS: '1500',
    ...env,
  });
  workers.push(worker);
  return worker;
}

async function statusOf(key: string) {
  const [row] = await service.db.select({ status: results.status }).from(results).where(eq(results.key, key));
  return row?.status;
}

beforeAll(async () => {
  site = await startFixtureServer(routes);
  service = await startTestService({}, { worker: false });
});

afterEach(async () => {
  for (const worker of workers.splice(0)) {
    worker.child.kill('SIGKILL');
    await worker.exited;
  }
});

afterAll(async () => {
  await service?.stop();
  await site?.close();
});

describe('a worker killed with SIGKILL mid-job', () => {
  it('leaves the job to the next worker, which completes it once', async () => {
    const first = startWorker();
    await first.waitForLog('worker started');
    const key = await submit(service.baseUrl, `${site.origin}/killed`);
    await waitFor(() => (site.hits.get('/killed') === 1 ? true : undefined), 10_000, 'the first fetch');
    first.child.kill('SIGKILL');
    await first.exited;
    killed.open();

    const second = startWorker();
    const result = await waitForResult(service.baseUrl, key, '', 20_000);
    expect(result.body).toEqual([['survivor', 2], ['page', 1]]);
    expect(await service.db.$count(results, eq(results.url, `${site.origin}/killed`))).toBe(1);
    expect(second.logLines().filter((line) => line.msg === 'crawl completed' && line.key === key)).toHaveLength(1);
  });
});

describe('SIGTERM while a job is still running', () => {
  it('hands the job back after the grace period, exits 0, and another worker completes it', async () => {
    const first = startWorker({ WORKER_SHUTDOWN_GRACE_MS: '300' });
    await first.waitForLog('worker started');
    const key = await submit(service.baseUrl, `${site.origin}/stopped`);
    await waitFor(() => (site.hits.get('/stopped') === 1 ? true : undefined), 10_000, 'the first fetch');

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.logLines().map((line) => line.msg)).toContain('crawl interrupted by shutdown, handed back');
    expect(await statusOf(key)).toBe('queued');

    stopped.open();
    startWorker();
    expect((await waitForResult(service.baseUrl, key, '', 20_000)).body).toEqual([['back', 1], ['handed', 1], ['page', 1]]);
  });
});

describe('Redis restarted empty', () => {
  it('re-enqueues results still queued in Postgres, each crawled once', async () => {
    const keys: string[] = [];
    for (let i = 0; i < 3; i++) keys.push(await submit(service.baseUrl, `${site.origin}/lost/${i}`));
    // What a Redis restart without persistence does to this deployment's keys.
    await deleteQueueKeys(service.config.REDIS_URL, service.config.QUEUE_PREFIX);

    const worker = startWorker({ REQUEUE_INTERVAL_MS: '1000' });
    for (const [i, key] of keys.entries()) {
      expect((await waitForResult(service.baseUrl, key, '', 20_000)).body).toEqual([['lost', 1], ['page', 1]]);
      expect(site.hits.get(`/lost/${i}`)).toBe(1);
    }
    const requeued = worker.logLines().filter((line) => line.msg === 'unfinished result had no live job; requeued');
    expect(requeued.map((line) => line.key).sort()).toEqual([...keys].sort());
  });
});
