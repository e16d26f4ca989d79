import type { Server } from 'node:http';
import type { Express } from 'express';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { loadConfig, type Config } from '../../src/core/config.js';
import { connectPostgres, type Database, type DatabaseHandle } from '../../src/db/database.js';
import { createLogger } from '../../src/core/logger.js';
import { createCrawlQueue } from '../../src/queue/crawl-queue.js';
import { connectRedisQueueStore } from '../../src/queue/queue-store.js';
import { startWorkerProcess } from '../../src/wiring/worker-process.js';
import { createApp } from '../../src/web/app.js';
import { createCallbackAddressCheck } from '../../src/fetch/callback-address.js';
import { deleteQueueKeys } from './redis-cleanup.js';
import { createTestDatabase } from './test-database.js';

/** The Redis the tests use, unless a test brings its own. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A test's configuration always names its Redis (production processes require one too). */
export type TestConfig = Config & { REDIS_URL: string };

/** Configuration for a test: its own queue prefix, quiet logs, local fetches allowed, no rate limit or reuse. */
export function testConfig(overrides: Record<string, string> = {}): TestConfig {
  return loadConfig({
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: `wc-test-${randomUUID()}`,
    LOG_LEVEL: 'silent',
    FETCH_ALLOW_PRIVATE: 'true',
    FETCH_TIMEOUT_MS: '5000',
    // Tests resubmit the same pages and submit many; the tests of these features turn them back on.
    RATE_LIMIT_PER_MINUTE: '0',
    REUSE_WINDOW_SECONDS: '0',
    CLIENT_MAX_IN_FLIGHT: '0',
    // Crawls of the fixture sites go at full speed; the politeness tests slow them down again.
    CRAWL_HOST_DELAY_MS: '0',
    CRAWL_CLIENT_MAX_IN_FLIGHT: '0',
    ...overrides,
  }) as TestConfig;
}

export interface TestService {
  config: TestConfig;
  db: Database;
  baseUrl: string;
  /** The Express app served, for tests that read its routes. */
  app: Express;
  stop(): Promise<void>;
}

/** The real app on an ephemeral port plus an in-process worker, against real Postgres and Redis. */
export interface TestServiceOptions {
  /** false: no in-process worker, so jobs stay queued. */
  worker?: boolean;
  /** Another database than the run's Postgres (the embedded PGlite); stopped with the service. */
  database?: DatabaseHandle;
}

export async function startTestService(overrides: Record<string, string> = {}, options: TestServiceOptions = {}): Promise<TestService> {
  // A database of the service's own unless the test brings one (a URL or an open handle).
  const testDatabase = overrides.DATABASE_URL === undefined && !options.database ? await createTestDatabase() : undefined;
  const config = testConfig(testDatabase ? { ...overrides, DATABASE_URL: testDatabase.url } : overrides);
  const logger = createLogger(config, 'test');
  const database = options.database ?? connectPostgres(config.DATABASE_URL!);
  const store = connectRedisQueueStore({ url: config.REDIS_URL, tlsVerify: config.REDIS_TLS_VERIFY, prefix: config.QUEUE_PREFIX, logger });
  const queue = createCrawlQueue(store, logger);
  await store.waitUntilReady(2_000);
  const stopWorker = options.worker === false ? async () => {} : startWorkerProcess(config, database, store, logger);
  const finished = await database.listenForFinished();
  const checkCallbackAddress = createCallbackAddressCheck({
    allowPrivate: config.FETCH_ALLOW_PRIVATE, allowNetworks: config.FETCH_ALLOW_NETWORKS, allowedPorts: config.FETCH_ALLOWED_PORTS,
  });
  const app = createApp({ db: database.db, finished, queue, store, logger, settings: config, checkCallbackAddress });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    config,
    db: database.db,
    baseUrl: `http://127.0.0.1:${port}`,
    app,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await stopWorker();
      await queue.close();
      await finished.close();
      await store.close();
      await database.close();
      await testDatabase?.drop();
      if (!overrides.REDIS_URL) await deleteQueueKeys(config.REDIS_URL, config.QUEUE_PREFIX);
    },
  };
}
