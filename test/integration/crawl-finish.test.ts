import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrawlOptions } from '../../src/core/crawl.js';
import type { StoredCounts } from '../../src/core/results.js';
import { admitCrawl, seedCrawl, type FoundPage } from '../../src/db/crawl-writes.js';
import { connectPostgres, type DatabaseHandle } from '../../src/db/database.js';
import { crawlPages, results } from '../../src/db/schema.js';
import { finishTogether } from '../../src/jobs/site-finish.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const LIMITS = { maxSeconds: 600 };
const OPTIONS: CrawlOptions = { maxPages: 50, maxDepth: 3, scope: 'host', include: [], exclude: [], sitemap: false };
const SITE = 'http://site.test';
let testDatabase: TestDatabase;
let database: DatabaseHandle;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  database = connectPostgres(testDatabase.url);
});

afterAll(async () => {
  await database?.close();
  await testDatabase?.drop();
});

function counts(totalWords: number): StoredCounts {
  return { allJson: '[["word",1]]', noStopWordsJson: '[["word",1]]', topAllJson: '[["word",1]]', topNoStopWordsJson: '[["word",1]]', totalWords, uniqueWords: 1, language: 'en', stopWords: 'en', contentUsed: 'page', sentenceCount: 1, twoWordPhrasesJson: '[]', threeWordPhrasesJson: '[]', countedText: null };
}

function counted(path: string, textHash: string, totalWords = 1) {
  return { status: 'completed' as const, finalUrl: `${SITE}${path}`, finalCanonicalUrl: `${SITE}${path}`, counts: counts(totalWords), textHash };
}

/** A crawl whose start page is counted and whose pages at `paths` have jobs; their keys by path. */
async function crawlWithPages(paths: string[]): Promise<{ crawlKey: string; keys: Map<string, string> }> {
  const { db } = database;
  const crawlKey = randomUUID();
  await admitCrawl(db, { key: crawlKey, url: `${SITE}/`, canonicalUrl: `${SITE}/`, clientKey: 'test', options: OPTIONS }, 0);
  const [startKey] = (await seedCrawl(db, crawlKey, { url: `${SITE}/`, canonicalUrl: `${SITE}/`, depth: 0 }, LIMITS)).enqueue;
  const found: FoundPage[] = paths.map((path) => ({ url: `${SITE}${path}`, canonicalUrl: `${SITE}${path}`, depth: 1 }));
  const progress = await finishTogether(db, crawlKey, { pageKey: startKey!, outcome: counted('/', 'start'), found }, LIMITS);
  expect(progress.enqueue).toHaveLength(paths.length);
  const rows = await db.select({ url: crawlPages.url, key: crawlPages.pageKey }).from(crawlPages).where(eq(crawlPages.crawlKey, crawlKey));
  return { crawlKey, keys: new Map(rows.map((row) => [row.url.slice(SITE.length), row.key!])) };
}

async function pageStates(crawlKey: string) {
  const rows = await database.db.select({ url: crawlPages.url, status: crawlPages.status, code: crawlPages.code, error: crawlPages.error, result: results.status })
    .from(crawlPages).leftJoin(results, eq(results.key, crawlPages.pageKey)).where(eq(crawlPages.crawlKey, crawlKey));
  return Object.fromEntries(rows.map(({ url, ...row }) => [url.slice(SITE.length), row]));
}

describe('finishing pages of a crawl together', () => {
  it('records the pages that end meanwhile in one go, in order: the second of two same texts is a duplicate, a page finished twice counts once', async () => {
    const { crawlKey, keys } = await crawlWithPages(['/a', '/b', '/c']);
    const { db } = database;
    const finish = (path: string, textHash: string) => finishTogether(db, crawlKey, { pageKey: keys.get(path)!, outcome: counted(path, textHash), found: [] }, LIMITS);
    // The first starts a transaction at once; the next three wait for it and go together.
    const ended = await Promise.all([finish('/a', 'a'), finish('/b', 'same'), finish('/c', 'same'), finish('/a', 'a')]);
    expect(ended.filter((progress) => progress.completed)).toHaveLength(1);
    expect(await pageStates(crawlKey)).toMatchObject({
      '/': { status: 'completed', result: 'completed' },
      '/a': { status: 'completed', result: 'completed' },
      '/b': { status: 'completed', result: 'completed' },
      '/c': { status: 'skipped', code: 'duplicate', error: `the same text as ${SITE}/b`, result: null },
    });
    const [crawl] = await db.select({ status: results.status, totalWords: results.totalWords }).from(results).where(eq(results.key, crawlKey));
    expect(crawl).toEqual({ status: 'completed', totalWords: 3 });
  });

  it('fails only the page whose outcome cannot be written when pages go together', async () => {
    const { crawlKey, keys } = await crawlWithPages(['/a', '/b', '/c']);
    const { db } = database;
    const finish = (path: string, totalWords: number) => finishTogether(db, crawlKey, { pageKey: keys.get(path)!, outcome: counted(path, path, totalWords), found: [] }, LIMITS);
    // 2^40 words overflow the integer column, so the transaction of /b and /c fails; each is then tried alone.
    const ended = await Promise.allSettled([finish('/a', 1), finish('/b', 2 ** 40), finish('/c', 1)]);
    expect(ended.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await pageStates(crawlKey)).toMatchObject({
      '/a': { status: 'completed', result: 'completed' },
      '/b': { status: 'queued', result: 'queued' },
      '/c': { status: 'completed', result: 'completed' },
    });
  });
});
