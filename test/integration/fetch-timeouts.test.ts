import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import zlib from 'node:zlib';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPostgres, type DatabaseHandle } from '../../src/db/database.js';
import { results } from '../../src/db/schema.js';
import { withDeadline } from '../../src/core/deadline.js';
import { createCrawlPage } from '../../src/jobs/crawl-page.js';
import { createLogger } from '../../src/core/logger.js';
import { createPageFetcher, type FetchOptions, type PageFetcher } from '../../src/fetch/fetch-page.js';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { testConfig } from '../support/service.js';
import { createTestDatabase } from '../support/test-database.js';
import { unusedSiteCrawlParts } from '../support/crawl-dependencies.js';

const DEADLINE_MS = 1_500; // so the stage timeouts are 750 ms
// Ends a fetch that no timeout of ours stopped: far enough past DEADLINE_MS that a busy machine cannot reach it.
const HANG_MS = 10_000;
const OPTIONS: FetchOptions = { timeoutMs: DEADLINE_MS, maxBytes: 1 << 20, maxRedirects: 5, allowPrivate: true, allowNetworks: [] };

/** Sends headers at once, then one piece of body every `everyMs`, for ever. */
function trickle(res: ServerResponse, everyMs: number, piece: () => Buffer | string, headers: Record<string, string> = {}) {
  res.writeHead(200, { 'content-type': 'text/html', ...headers }).flushHeaders();
  const timer = setInterval(() => res.write(piece()), everyMs);
  res.on('close', () => clearInterval(timer));
}

let site: FixtureServer;
let fetcher: PageFetcher;
let patientFetcher: PageFetcher;

beforeAll(async () => {
  site = await startFixtureServer({
    '/one-byte-a-second': (_req, res) => trickle(res, 1_000, () => 'a'),
    '/steady-trickle': (_req, res) => trickle(res, 100, () => 'word '),
    '/gzip-trickle': (_req, res) => {
      const gzip = zlib.createGzip({ flush: zlib.constants.Z_SYNC_FLUSH });
      trickle(res, 100, () => (gzip.write('word '), gzip.read() ?? Buffer.alloc(0)), { 'content-encoding': 'gzip' });
    },
    '/no-headers': () => {}, // reads the request and never answers
    '/slow-hop': (req, res) => {
      const hop = Number(new URL(req.url!, 'http://fixture').searchParams.get('hop'));
      setTimeout(() => res.writeHead(302, { location: `/slow-hop?hop=${hop + 1}` }).end(), 400);
    },
  });
  fetcher = createPageFetcher(OPTIONS);
  // The production shape: an idle timeout far longer than the gaps of a trickle, so only the deadline ends it.
  patientFetcher = createPageFetcher({ ...OPTIONS, idleTimeoutMs: 10_000 });
});

afterAll(async () => {
  await Promise.all([fetcher?.close(), patientFetcher?.close()]);
  await site?.close();
});

/**
 * Fetches a path and returns the AppError it failed with and how long that took. Which timeout ended
 * the fetch is told by the error's message, not by the time, which a busy machine stretches.
 */
async function failure(path: string, using = fetcher) {
  const startedAt = Date.now();
  const fetching = using.fetchPage(`${site.origin}${path}`).then(() => undefined, (caught: unknown) => caught);
  const error = await withDeadline(fetching, HANG_MS, `the fetch of ${path}`);
  return { error, ms: Date.now() - startedAt };
}

describe('fetch timeouts', () => {
  it.concurrent('ends a server trickling a byte a second when it falls silent for the idle timeout', async ({ expect }) => {
    const { error } = await failure('/one-byte-a-second');
    expect(error).toMatchObject({ code: 'timeout', retryable: true, message: expect.stringMatching(/stopped sending the page for 0\.75 s$/) });
  });

  it.concurrent.for<[string, string]>([
    ['/one-byte-a-second', 'with a long idle timeout'],
    ['/steady-trickle', 'faster than the idle timeout'],
    ['/gzip-trickle', 'gzipped, faster than the idle timeout'],
  ])('ends %s (%s) at the total deadline, body included', async ([path], { expect }) => {
    const { error, ms } = await failure(path, path === '/one-byte-a-second' ? patientFetcher : fetcher);
    expect(error).toMatchObject({ code: 'timeout', message: expect.stringMatching(/did not send the whole page within 1\.5 s$/) });
    expect(ms).toBeGreaterThanOrEqual(DEADLINE_MS - 50);
  });

  it.concurrent('ends a server that never sends headers at the headers timeout', async ({ expect }) => {
    const { error } = await failure('/no-headers');
    expect(error).toMatchObject({ code: 'timeout', message: expect.stringMatching(/did not start answering within 0\.75 s$/) });
  });

  it.concurrent('counts every redirect hop against the one deadline', async ({ expect }) => {
    // A deadline per hop would let the chain run to the redirect limit (six hops of 0.4 s) instead.
    const { error } = await failure('/slow-hop?hop=0');
    expect(error).toMatchObject({ code: 'timeout', message: expect.stringMatching(/did not send the whole page within 1\.5 s$/) });
  });
});

describe('a crawl that times out on its final attempt', () => {
  it('marks the row failed with timeout', async () => {
    const config = testConfig();
    const testDatabase = await createTestDatabase();
    const database: DatabaseHandle = connectPostgres(testDatabase.url);
    try {
      // The fetch times out before anything is counted, so no counting thread is ever asked for.
      const nothing = () => Promise.reject(new Error('nothing should be counted'));
      const counting = { countPage: nothing, countSitePage: nothing, ready: async () => {}, close: async () => {} };
      const crawlPage = createCrawlPage({ db: database.db, fetcher: patientFetcher, counting, logger: createLogger(config, 'test'), ...unusedSiteCrawlParts() });
      const key = randomUUID();
      // Inserted directly: only the columns every version of the repository agrees on.
      await database.db.insert(results).values({ key, url: `${site.origin}/one-byte-a-second`, status: 'queued' });
      await expect(crawlPage(key, { number: 4, jobAttempts: 4, reportProgress: async () => {} })).rejects.toMatchObject({ code: 'timeout' });
      const [row] = await database.db.select().from(results).where(eq(results.key, key));
      expect(row).toMatchObject({ status: 'failed', errorCode: 'timeout', error: expect.stringContaining('did not send the whole page within 1.5 s') });
    } finally {
      await database.close();
      await testDatabase.drop();
    }
  });
});
