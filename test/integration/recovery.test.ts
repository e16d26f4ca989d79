import { UnrecoverableError, Worker } from 'bullmq';
import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { results } from '../../src/db/schema.js';
import { CRAWL_QUEUE_NAME } from '../../src/queue/crawl-job.js';
import { STALL_LIMIT_REASON } from '../../src/queue/crawl-queue.js';
import { submit, waitForResult } from '../support/api-client.js';
import { startWorkerBeside, type RunningProcess } from '../support/child-process.js';
import { respond, startFixtureServer, type FixtureHandler, type FixtureServer } from '../support/fixture-server.js';
import { gatedPage } from '../support/gate.js';
import { deleteQueueKeys } from '../support/redis-cleanup.js';
import { startTestService, type TestService } from '../support/service.js';
import { waitFor } from '../support/wait-for.js';

const killed = gatedPage('<p>survivor survivor page</p>');
const stopped = gatedPage('<p>handed back page</p>');
/** The page that kills the worker fetching it, as a page that blows a worker's memory would. */
const deadly: FixtureHandler = () => {
  workers.at(-1)?.child.kill('SIGKILL');
};
const routes: Record<string, FixtureHandler> = { '/killed': killed.handler, '/stopped': stopped.handler, '/deadly': deadly, '/never': respond('<p>never</p>') };
for (let i = 0; i < 3; i++) routes[`/lost/${i}`] = respond(`<p>lost page ${i}</p>`);

let site: FixtureServer;
let service: TestService;
const workers: RunningProcess[] = [];

/** A worker process with the production defaults (JOB_LOCK_MS included) unless `env` says otherwise. */
function startWorker(env: Record<string, string> = {}): RunningProcess {
  const worker = startWorkerBeside(service, env);
  workers.push(worker);
  return worker;
}

async function statusOf(key: string) {
  const [row] = await service.db.select({ status: results.status }).from(results).where(eq(results.key, key));
  return row?.status;
}

const logTime = (line: Record<string, unknown>) => line.time as number;

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

describe('a worker killed with SIGKILL mid-job, default settings', () => {
  it('leaves the job to the next worker, which completes it once, within 15 s of starting', async () => {
    const first = startWorker();
    await first.waitForLog('worker started');
    const key = await submit(service.baseUrl, `${site.origin}/killed`);
    await waitFor(() => (site.hits.get('/killed') === 1 ? true : undefined), 10_000, 'the first fetch');
    first.child.kill('SIGKILL');
    await first.exited;
    killed.open();

    const second = startWorker();
    const started = await second.waitForLog('worker started', 30_000);
    const completed = await second.waitForLog('crawl completed', 40_000);
    // What the README promises: about lock + one stalled check (8 + 2 s), the fetch on top.
    expect(logTime(completed) - logTime(started)).toBeLessThan(15_000);
    expect((await waitForResult(service.baseUrl, key)).body).toEqual([['survivor', 2], ['page', 1]]);
    expect(await service.db.$count(results, eq(results.url, `${site.origin}/killed`))).toBe(1);
    expect(second.logLines().filter((line) => line.msg === 'crawl completed' && line.key === key)).toHaveLength(1);
  }, 90_000);
});

describe('a page that kills every worker that fetches it', () => {
  it('ends failed with worker_crashed after its second victim, and is not fetched again', async () => {
    const fast = { JOB_LOCK_MS: '1500', REQUEUE_INTERVAL_MS: '1000', LOG_LEVEL: 'debug' };
    const key = await submit(service.baseUrl, `${site.origin}/deadly`);
    for (let victim = 1; victim <= 2; victim++) {
      const worker = startWorker(fast);
      // SIGKILL: what the kernel does to a worker that runs out of memory.
      expect(await worker.exited).toBe(null);
      expect(site.hits.get('/deadly')).toBe(victim);
    }
    const survivor = startWorker(fast);
    const result = await waitForResult(service.baseUrl, key, '', 30_000);
    expect(result.status).toBe(422);
    expect(result.body).toMatchObject({ status: 'failed', code: 'worker_crashed' });
    expect(result.body.error).toMatch(/stopped twice while on it/);
    // Two requeue sweeps after the failure: neither gives the job back.
    const sweepsBefore = survivor.logLines().filter((line) => line.msg === 'requeue sweep done').length;
    await waitFor(() => (survivor.logLines().filter((line) => line.msg === 'requeue sweep done').length >= sweepsBefore + 2 ? true : undefined), 10_000, 'two more sweeps');
    expect(site.hits.get('/deadly')).toBe(2);
    expect(survivor.child.exitCode).toBe(null);
    expect(await statusOf(key)).toBe('failed');
  }, 90_000);

  it('is failed by the requeue sweep too, when no worker was there to mark its row', async () => {
    const key = await submit(service.baseUrl, `${site.origin}/never`);
    // What BullMQ leaves when the job's last victim died and the stall check failed it: a failed job
    // with the stall reason, and a row still active.
    const connection = new Redis(service.config.REDIS_URL, { maxRetriesPerRequest: null });
    const failer = new Worker(CRAWL_QUEUE_NAME, async () => {
      throw new UnrecoverableError(STALL_LIMIT_REASON);
    }, { connection, prefix: service.config.QUEUE_PREFIX });
    await new Promise<void>((resolve) => failer.once('failed', () => resolve()));
    await failer.close();
    connection.disconnect();
    await service.db.update(results).set({ status: 'active' }).where(eq(results.key, key));

    startWorker({ REQUEUE_INTERVAL_MS: '1000' });
    const result = await waitForResult(service.baseUrl, key, '', 20_000);
    expect(result.body).toMatchObject({ status: 'failed', code: 'worker_crashed' });
    expect(site.hits.get('/never')).toBeUndefined();
  }, 60_000);
});

describe('SIGTERM while a job is still running', () => {
  it('hands the job back after the grace period, exits 0, and another worker completes it', async () => {
    const first = startWorker({ WORKER_SHUTDOWN_GRACE_MS: '300', JOB_LOCK_MS: '1500' });
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
