import { randomUUID } from 'node:crypto';
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib';
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.js';
import type { Database } from '../../src/db/database.js';
import { crawlPages, results } from '../../src/db/schema.js';
import { expireCountedText } from '../../src/jobs/expire-counted-text.js';
import { postJson, submit, waitForResult } from '../support/api-client.js';
import { respond, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { startTestService, type TestService } from '../support/service.js';

const html = (body: string) => respond(`<!doctype html><html lang="en"><head><title>Ignored title</title></head><body>${body}</body></html>`);

const ARTICLE = html(`<h1>Harbor news</h1>
  <p>The Department of Justice opened an inquiry. Justice officials at the
  department of justice declined!</p>
  <ul><li>Harbor master</li><li>Harbor master</li></ul>`);

let service: TestService;
let site: FixtureServer;

beforeAll(async () => {
  site = await startFixtureServer({
    '/robots.txt': respond('User-agent: *\nAllow: /\n', { 'content-type': 'text/plain' }),
    '/article': ARTICLE,
    '/': html('<p>harbor lighthouse keeper. Harbor lighthouse keeper.</p><p><a href="/a">the</a> <a href="/b">this</a></p>'),
    '/a': html('<p>harbor lighthouse ships. Harbor pilots.</p>'),
    '/b': html('<p>harbor lighthouse cargo cranes.</p>'),
  });
  service = await startTestService();
});

afterAll(async () => {
  await service?.stop();
  await site?.close();
});

async function rowOf(db: Database, key: string) {
  const [row] = await db.select().from(results).where(eq(results.key, key));
  return row!;
}

const lines = (text: Buffer | null) => brotliDecompressSync(text!).toString('utf8').split('\n');

describe('a page\'s analysis', () => {
  it('stores its sentences, its phrases within sentences, and its counted text a sentence a line', async () => {
    const key = await submit(service.baseUrl, `${site.origin}/article`);
    expect((await waitForResult(service.baseUrl, key)).status).toBe(200);
    const row = await rowOf(service.db, key);
    expect(lines(row.countedText)).toEqual([
      'Harbor news',
      'The Department of Justice opened an inquiry',
      'Justice officials at the department of justice declined',
      'Harbor master',
      'Harbor master',
    ]);
    expect(row.sentenceCount).toBe(5);
    // Case folded, in the spelling seen first on a tie; never across a sentence (`inquiry Justice`) or a block (`master Harbor`).
    expect(row.threeWordPhrases![0]).toEqual(['Department of Justice', 2]);
    expect(row.twoWordPhrases![0]).toEqual(['Harbor master', 2]);
    const phrases = [...row.twoWordPhrases!, ...row.threeWordPhrases!].map(([phrase]) => phrase.toLowerCase());
    expect(phrases).toEqual(expect.arrayContaining(['justice opened', 'opened an inquiry', 'justice declined']));
    expect(phrases.filter((phrase) => phrase.includes('inquiry justice') || phrase.includes('master harbor'))).toEqual([]);
    const stopWords = new Set(['the', 'of', 'at', 'an']);
    expect(phrases.filter((phrase) => stopWords.has(phrase.split(' ')[0]!) || stopWords.has(phrase.split(' ').at(-1)!))).toEqual([]);
  });
});

describe('a crawl\'s analysis', () => {
  it('sums its pages\' phrases and sentences, keeps text only on its pages, and gives each page its distinctive words', async () => {
    const started = await postJson(`${service.baseUrl}/start`, { url: `${site.origin}/`, crawl: { sitemap: false } });
    expect(started.status).toBe(202);
    const crawlKey = started.body.key as string;
    expect((await waitForResult(service.baseUrl, crawlKey, '', 30_000)).status).toBe(200);

    const crawl = await rowOf(service.db, crawlKey);
    expect(crawl.sentenceCount).toBe(3 + 2 + 1);
    expect(crawl.twoWordPhrases![0]).toEqual(['harbor lighthouse', 4]);
    expect(crawl.threeWordPhrases).toEqual(expect.arrayContaining([['harbor lighthouse keeper', 2], ['harbor lighthouse ships', 1], ['lighthouse cargo cranes', 1]]));
    expect(crawl.countedText).toBeNull();

    const pages = await service.db
      .select({ url: crawlPages.url, distinctiveWords: crawlPages.distinctiveWords, countedText: results.countedText })
      .from(crawlPages)
      .innerJoin(results, eq(results.key, crawlPages.pageKey))
      .where(eq(crawlPages.crawlKey, crawlKey));
    const byPath = Object.fromEntries(pages.map((page) => [new URL(page.url).pathname, page]));
    expect(lines(byPath['/']!.countedText)).toEqual(['harbor lighthouse keeper', 'Harbor lighthouse keeper', 'the this']);
    // tf × ln(3 / df): `harbor` and `lighthouse` are on every page, so they score 0 and are left out.
    expect(byPath['/']!.distinctiveWords).toEqual([['keeper', 0.3662]]);
    expect(byPath['/a']!.distinctiveWords).toEqual([['pilots', 0.2197], ['ships', 0.2197]]);
    expect(byPath['/b']!.distinctiveWords).toEqual([['cargo', 0.2747], ['cranes', 0.2747]]);
  });

  it('gives the page of a one-page crawl no distinctive words: with nothing to compare against, every word scores 0', async () => {
    const started = await postJson(`${service.baseUrl}/start`, { url: `${site.origin}/b`, crawl: { sitemap: false } });
    const crawlKey = started.body.key as string;
    expect((await waitForResult(service.baseUrl, crawlKey, '', 30_000)).status).toBe(200);
    const pages = await service.db.select({ distinctiveWords: crawlPages.distinctiveWords }).from(crawlPages).where(eq(crawlPages.crawlKey, crawlKey));
    expect(pages).toEqual([{ distinctiveWords: [] }]);
  });
});

describe('the counted text\'s retention', () => {
  it('is swept away once older than COUNTED_TEXT_RETENTION_DAYS, and newer text is kept', async () => {
    const [old, recent] = [randomUUID(), randomUUID()];
    const text = brotliCompressSync('kept a while');
    await service.db.insert(results).values([
      { key: old, url: 'https://example.com/old', canonicalUrl: 'https://example.com/old', status: 'completed', countedText: text, finishedAt: sql`now() - interval '31 days'` },
      { key: recent, url: 'https://example.com/new', canonicalUrl: 'https://example.com/new', status: 'completed', countedText: text, finishedAt: sql`now() - interval '29 days'` },
    ]);
    expect(await expireCountedText(service.db, 30, createLogger(service.config, 'test'))).toBeGreaterThanOrEqual(1);
    const rows = await service.db.select({ key: results.key, countedText: results.countedText }).from(results).where(inArray(results.key, [old, recent]));
    expect(Object.fromEntries(rows.map((row) => [row.key, row.countedText]))).toEqual({ [old]: null, [recent]: text });
  });

  it('stores no counted text at all with a retention of 0 days, but still the sentences and phrases', async () => {
    const noText = await startTestService({ COUNTED_TEXT_RETENTION_DAYS: '0' });
    try {
      const key = await submit(noText.baseUrl, `${site.origin}/article`);
      expect((await waitForResult(noText.baseUrl, key)).status).toBe(200);
      const row = await rowOf(noText.db, key);
      expect(row.countedText).toBeNull();
      expect(row.sentenceCount).toBe(5);
      expect(row.twoWordPhrases![0]).toEqual(['Harbor master', 2]);
    } finally {
      await noText.stop();
    }
  });
});
