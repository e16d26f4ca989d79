import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, type DatabaseHandle } from '../../src/db/database.js';
import { createLogger } from '../../src/logger.js';
import { createCrawlQueue, type CrawlQueue } from '../../src/queue/crawl-queue.js';
import { startWorker, type Stop } from '../../src/runtime.js';
import { createApp } from '../../src/web/app.js';
import { getJson, submit, waitForResult } from '../support/api-client.js';
import { respond, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { deleteQueueKeys } from '../support/redis-cleanup.js';
import { testConfig } from '../support/service.js';

// The `npm start` path without DATABASE_URL: the same migrations and queries on PGlite.
const config = testConfig({ DATABASE_URL: '' });
let dataDir: string;
let database: DatabaseHandle;
let queue: CrawlQueue;
let stopWorker: Stop;
let server: Server;
let site: FixtureServer;
let baseUrl: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'wordcrawler-pglite-'));
  database = await openPglite(join(dataDir, 'db'));
  await database.migrate();
  const logger = createLogger(config, 'test');
  queue = createCrawlQueue(config.REDIS_URL, config.QUEUE_PREFIX, logger);
  stopWorker = startWorker(config, database.db, logger);
  server = await new Promise((resolve) => {
    const listening = createApp({ db: database.db, queue, logger }).listen(0, '127.0.0.1', () => resolve(listening));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  site = await startFixtureServer({ '/page': respond('<h1>Embedded</h1><p>embedded postgres works</p>') });
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await stopWorker?.();
  await queue?.close();
  await database?.close();
  await site?.close();
  await deleteQueueKeys(config.REDIS_URL, config.QUEUE_PREFIX);
  await rm(dataDir, { recursive: true, force: true });
});

describe('the embedded database (PGlite)', () => {
  it('runs the whole flow: submit, crawl, read', async () => {
    expect(config.DATABASE_URL).toBeUndefined();
    const key = await submit(baseUrl, `${site.origin}/page`);
    expect((await waitForResult(baseUrl, key)).body).toEqual([['Embedded', 2], ['postgres', 1], ['works', 1]]);
    expect((await getJson(`${baseUrl}/status/${key}`)).body).toMatchObject({ status: 'completed', total_words: 4 });
  });
});
