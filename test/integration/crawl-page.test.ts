import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.js';
import type { CrawlAttempt, CrawlPage } from '../../src/core/job-contract.js';
import { createLogger } from '../../src/core/logger.js';
import { createCountingPool, type CountingPool } from '../../src/counting/counting-pool.js';
import { connectPostgres, type DatabaseHandle } from '../../src/db/database.js';
import { insertQueuedResult } from '../../src/db/result-writes.js';
import { results } from '../../src/db/schema.js';
import { createPageFetcher, type PageFetcher } from '../../src/fetch/fetch-page.js';
import { createCrawlPage } from '../../src/jobs/crawl-page.js';
import { respond, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { testConfig } from '../support/service.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { unusedSiteCrawlParts } from '../support/crawl-dependencies.js';

const config = testConfig();
let database: DatabaseHandle;
let testDatabase: TestDatabase;
let fetcher: PageFetcher;
let counting: CountingPool;
let site: FixtureServer;
let crawlPage: CrawlPage;
const progressReports: number[] = [];
const attempt = (isFinalAttempt: boolean): CrawlAttempt => ({
  number: isFinalAttempt ? 4 : 1,
  jobAttempts: 4,
  reportProgress: async (progress) => void progressReports.push(progress),
});

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  database = connectPostgres(testDatabase.url);
  fetcher = createPageFetcher({ timeoutMs: 5_000, maxBytes: 1 << 20, maxRedirects: 5, allowPrivate: true, allowNetworks: [] });
  site = await startFixtureServer({
    '/once': respond('<p>counted once</p>'),
    // Exactly COUNTING_STAGE_MIN_BYTES (1 MiB), which is also the fetcher's limit below.
    '/megabyte': respond(`<p>${'word '.repeat(209_713)}</p>`.padEnd(1024 * 1024, ' ')),
    '/busy': respond('busy', { 'content-type': 'text/plain' }, 503),
  });
  counting = createCountingPool({ threads: 1, heapMb: 256, timeoutMs: 30_000 });
  crawlPage = createCrawlPage({ db: database.db, fetcher, counting, logger: createLogger(config, 'test'), ...unusedSiteCrawlParts() });
});

afterAll(async () => {
  await fetcher?.close();
  await counting?.close();
  await database?.close();
  await site?.close();
  await testDatabase?.drop();
});

async function rowOf(key: string) {
  const [row] = await database.db.select().from(results).where(eq(results.key, key));
  return row!;
}

describe('the crawl job', () => {
  it('claims the row as fetching, saves the counts, and is idempotent once completed', async () => {
    const key = randomUUID();
    await insertQueuedResult(database.db, { key, url: `${site.origin}/once`, canonicalUrl: `${site.origin}/once`, clientKey: 'test' });
    progressReports.length = 0;
    await crawlPage(key, attempt(false));
    // A small page is counted in milliseconds: no counting stage is reported for it.
    expect(progressReports).toEqual([]);
    const first = await rowOf(key);
    expect(first).toMatchObject({ status: 'completed', progress: 100, topNoStopWords: [['counted', 1]] });

    await crawlPage(key, attempt(false));
    expect(site.hits.get('/once')).toBe(1);
    expect(await rowOf(key)).toEqual(first);
  });

  it('reports the counting stage for a page of a megabyte or more', async () => {
    const key = randomUUID();
    await insertQueuedResult(database.db, { key, url: `${site.origin}/megabyte`, canonicalUrl: `${site.origin}/megabyte`, clientKey: 'test' });
    progressReports.length = 0;
    await crawlPage(key, attempt(false));
    expect(progressReports).toEqual([60]);
    expect(await rowOf(key)).toMatchObject({ status: 'completed', progress: 100, totalWords: 209_713 });
  });

  it('does nothing for a key whose row was withdrawn', async () => {
    await expect(crawlPage(randomUUID(), attempt(true))).resolves.toBeUndefined();
  });

  it('leaves the row active on a retryable failure and marks it failed on the final attempt', async () => {
    const key = randomUUID();
    await insertQueuedResult(database.db, { key, url: `${site.origin}/busy`, canonicalUrl: `${site.origin}/busy`, clientKey: 'test' });

    const retryable = await crawlPage(key, attempt(false)).catch((error: unknown) => error);
    expect(retryable).toBeInstanceOf(AppError);
    expect(retryable).toMatchObject({ code: 'http_status', retryable: true });
    expect(await rowOf(key)).toMatchObject({ status: 'active', error: null });

    await expect(crawlPage(key, attempt(true))).rejects.toThrow('the server answered 503 Service Unavailable');
    expect(await rowOf(key)).toMatchObject({ status: 'failed', errorCode: 'http_status', error: 'the server answered 503 Service Unavailable' });
  });
});
