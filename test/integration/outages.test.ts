import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertQueuedResult, saveResultCounts } from '../../src/db/result-writes.js';
import { withDeadline } from '../../src/core/deadline.js';
import { toStoredCounts } from '../../src/text/stored-counts.js';
import { CRAWL_JOB_OPTIONS, CRAWL_QUEUE_NAME } from '../../src/queue/crawl-job.js';
import { getJson, submit, waitForResult } from '../support/api-client.js';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { gatedPage } from '../support/gate.js';
import { startTestService, type TestService } from '../support/service.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';

const ENGLISH_PAGE = { language: 'en', stopWords: 'en', contentUsed: 'page' } as const;

const page = gatedPage('<p>patient patient writer</p>');
let site: FixtureServer;
let proxy: TcpProxy;
let service: TestService;
let testDatabase: TestDatabase;

beforeAll(async () => {
  site = await startFixtureServer({ '/patient': page.handler });
  testDatabase = await createTestDatabase();
  const databaseUrl = new URL(testDatabase.url);
  proxy = await startTcpProxy(Number(databaseUrl.port || 5432), databaseUrl.hostname);
  databaseUrl.port = String(proxy.port);
  service = await startTestService({ DATABASE_URL: databaseUrl.href });
});

afterAll(async () => {
  await service?.stop();
  await proxy?.close();
  await site?.close();
  await testDatabase?.drop();
});

describe('Postgres unavailable for a while', () => {
  it('the web answers 503 at once while it is down and recovers by itself', async () => {
    proxy.cut();
    // Far past the pool's 2 s connection timeout, for a busy machine; a web that waited out the outage fails it.
    const down = await withDeadline(getJson(`${service.baseUrl}/status/${randomUUID()}`), 15_000, 'the answer while Postgres is down');
    expect(down.status).toBe(503);
    expect(down.body).toEqual({ code: 'database_unavailable', error: 'the database is unavailable; please try again shortly' });
    proxy.restore();
    expect((await getJson(`${service.baseUrl}/status/${randomUUID()}`)).status).toBe(404);
  });

  it('the worker retries its write and completes the job when Postgres returns', async () => {
    const key = await submit(service.baseUrl, `${site.origin}/patient`);
    await waitFor(() => (site.hits.get('/patient') === 1 ? true : undefined), 10_000, 'the fetch to start');
    proxy.cut();
    const refusedBefore = proxy.refusedWhileCut();
    page.open();
    await waitFor(() => (proxy.refusedWhileCut() >= refusedBefore + 2 ? true : undefined), 15_000, 'the worker to retry its write');
    proxy.restore();
    expect((await waitForResult(service.baseUrl, key, '', 20_000)).body).toEqual([['patient', 2], ['writer', 1]]);
  });
});

describe('Redis unavailable', () => {
  it('still serves completed results from Postgres', async () => {
    const offline = await startTestService({ REDIS_URL: 'redis://127.0.0.1:1' }, { worker: false });
    try {
      const key = randomUUID();
      await insertQueuedResult(offline.db, { key, url: 'https://example.com/kept', canonicalUrl: 'https://example.com/kept', clientKey: 'test' });
      await saveResultCounts(offline.db, key, 'https://example.com/kept', toStoredCounts({
        all: [['kept', 2], ['the', 1]], noStopWords: [['kept', 2]], totalWords: 3, uniqueWords: 2,
      }, ENGLISH_PAGE));
      expect(await getJson(`${offline.baseUrl}/results/${key}`)).toMatchObject({ status: 200, body: [['kept', 2]] });
      expect((await fetch(`${offline.baseUrl}/r/${key}`)).status).toBe(200);
    } finally {
      await offline.stop();
    }
  });
});

describe('Redis memory', () => {
  it('stores every job with removal after completion or failure, since results live in Postgres', async () => {
    const idle = await startTestService({}, { worker: false });
    const redis = new Redis(idle.config.REDIS_URL);
    try {
      const key = await submit(idle.baseUrl, 'https://example.com/retention');
      const opts = JSON.parse((await redis.hget(`${idle.config.QUEUE_PREFIX}:${CRAWL_QUEUE_NAME}:${key}`, 'opts'))!);
      expect(opts.removeOnComplete).toEqual(CRAWL_JOB_OPTIONS.removeOnComplete);
      expect(opts.removeOnFail).toEqual(CRAWL_JOB_OPTIONS.removeOnFail);
      expect(CRAWL_JOB_OPTIONS.removeOnComplete.age).toBeLessThanOrEqual(24 * 3600);
    } finally {
      redis.disconnect();
      await idle.stop();
    }
  });
});
