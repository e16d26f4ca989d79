// What issue 15's analysis adds to storage and to completing a crawl, on the bench corpus:
// (1) each page saved as a completed result twice, in two fresh databases, without and with the
// sentence count, phrases and counted text: pg_total_relation_size('results') per page, after
// VACUUM FULL, and octet_length(counted_text); (2) the 300 pages as one crawl: completing it
// (combineCrawlCounts, in a transaction rolled back) timed with another copy of src/'s summing (the
// commit before: `git archive <commit> src | tar -x -C /tmp/base`, node_modules linked beside it),
// with this one's, and this one's distinctive words alone, alternating, median of `rounds`.
//   node --import tsx bench/analysis-cost.ts <corpus dir> <other src dir> <postgres admin url> [rounds, default 7]
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { StoredCounts } from '../src/core/results.js';
import { admitCrawl, seedCrawl, type FoundPage } from '../src/db/crawl-writes.js';
import { combineCrawlCounts } from '../src/db/crawl-counts.js';
import { connectPostgres, type DatabaseHandle } from '../src/db/database.js';
import { writeDistinctiveWords } from '../src/db/distinctive-words.js';
import { saveResultCounts } from '../src/db/result-writes.js';
import { results } from '../src/db/schema.js';
import { finishTogether } from '../src/jobs/site-finish.js';
import { countPage } from '../src/text/count-page.js';
import { toStoredCounts } from '../src/text/stored-counts.js';

const [dir = '', otherSrc = '', adminUrl = '', roundsArg = '7'] = process.argv.slice(2);
const rounds = Number(roundsArg);
const files = readdirSync(dir).filter((name) => name.endsWith('.html')).sort();
const pages = files.map((name) => {
  const { counts, ...choices } = countPage({ bytes: readFileSync(join(dir, name)), mimeType: 'text/html', charset: 'utf-8' });
  return { url: `http://127.0.0.1:8089/library/${name}`, counts: toStoredCounts(counts, choices) };
});
const without = (counts: StoredCounts): StoredCounts => ({ ...counts, sentenceCount: null, twoWordPhrasesJson: null, threeWordPhrasesJson: null, countedText: null });

async function withDatabase<T>(use: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  const name = `analysis_cost_${randomUUID().slice(0, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = connectPostgres(url.href);
  try {
    await database.migrate();
    return await use(database);
  } finally {
    await database.close();
    await admin.query(`drop database ${name}`);
    await admin.end();
  }
}

async function storedBytes(withAnalysis: boolean) {
  return withDatabase(async ({ db }) => {
    for (const page of pages) {
      const key = randomUUID();
      await db.insert(results).values({ key, url: page.url, canonicalUrl: page.url, status: 'active' });
      await saveResultCounts(db, key, page.url, withAnalysis ? page.counts : without(page.counts));
    }
    await db.execute(sql`vacuum full results`);
    const { rows } = (await db.execute(sql`select pg_total_relation_size('results') as bytes,
      avg(octet_length(counted_text))::int as text_mean, percentile_disc(0.9) within group (order by octet_length(counted_text)) as text_p90 from results`)) as unknown as { rows: Array<{ bytes: string; text_mean: number | null; text_p90: number | null }> };
    return { bytesPerPage: Number(rows[0]!.bytes) / pages.length, textMean: rows[0]!.text_mean, textP90: rows[0]!.text_p90 };
  });
}

const before = await storedBytes(false);
const after = await storedBytes(true);

type Combine = typeof combineCrawlCounts;
const otherCombine = ((await import(pathToFileURL(join(resolve(otherSrc), 'db/crawl-counts.ts')).href)) as { combineCrawlCounts: Combine }).combineCrawlCounts;

const completion = await withDatabase(async ({ db }) => {
  const limits = { maxSeconds: 3600 };
  const crawlKey = randomUUID();
  const options = { maxPages: pages.length, maxDepth: 1, scope: 'host' as const, include: [], exclude: [], sitemap: false };
  await admitCrawl(db, { key: crawlKey, url: pages[0]!.url, canonicalUrl: pages[0]!.url, clientKey: 'bench', options }, 0);
  const [startKey] = (await seedCrawl(db, crawlKey, { url: pages[0]!.url, canonicalUrl: pages[0]!.url, depth: 0 }, limits)).enqueue;
  const found: FoundPage[] = pages.slice(1).map((page) => ({ url: page.url, canonicalUrl: page.url, depth: 1 }));
  const outcome = (i: number) => ({ status: 'completed' as const, finalUrl: pages[i]!.url, finalCanonicalUrl: pages[i]!.url, counts: pages[i]!.counts, textHash: `hash${i}` });
  const { enqueue } = await finishTogether(db, crawlKey, { pageKey: startKey!, outcome: outcome(0), found }, limits);
  const keys = new Map((await db.execute(sql`select url, page_key from crawl_pages where crawl_key = ${crawlKey}`) as unknown as { rows: Array<{ url: string; page_key: string }> }).rows.map((row) => [row.url, row.page_key]));
  if (enqueue.length !== pages.length - 1) throw new Error(`expected ${pages.length - 1} pages enqueued, got ${enqueue.length}`);
  for (let i = 1; i < pages.length; i++) await finishTogether(db, crawlKey, { pageKey: keys.get(pages[i]!.url)!, outcome: outcome(i), found: [] }, limits);
  const timed = async (run: (tx: Parameters<Combine>[0]) => Promise<void>) => {
    const started = process.hrtime.bigint();
    await db.transaction(async (tx) => {
      await run(tx);
      tx.rollback();
    }).catch((error: Error) => {
      if (!/rollback/i.test(error.message)) throw error;
    });
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  const ms = { other: [] as number[], current: [] as number[], distinctive: [] as number[] };
  for (let i = 0; i < rounds + 1; i++) {
    const other = await timed((tx) => otherCombine(tx, crawlKey, 'done'));
    const current = await timed((tx) => combineCrawlCounts(tx, crawlKey, 'done'));
    const distinctive = await timed((tx) => writeDistinctiveWords(tx, crawlKey));
    if (i === 0) continue;
    ms.other.push(other);
    ms.current.push(current);
    ms.distinctive.push(distinctive);
  }
  const median = (values: number[]) => Math.round([...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!);
  return { other_ms: median(ms.other), current_ms: median(ms.current), distinctive_words_ms: median(ms.distinctive) };
});

console.log(JSON.stringify({
  pages: pages.length,
  results_bytes_per_page: { before: Math.round(before.bytesPerPage), after: Math.round(after.bytesPerPage), added: Math.round(after.bytesPerPage - before.bytesPerPage) },
  counted_text_bytes: { mean: after.textMean, p90: after.textP90 },
  crawl_completion: completion,
}));
process.exit(0);
