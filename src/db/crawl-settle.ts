import { and, eq, inArray, sql } from 'drizzle-orm';
import type { CrawlStop, SkipCode } from '../core/crawl.js';
import { PROGRESS, UNFINISHED_STATUSES } from '../core/results.js';
import { combineCrawlCounts } from './crawl-counts.js';
import type { Database } from './database.js';
import { crawlPages, crawls, isUnfinished, results } from './schema.js';

export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/** What the caller must do after a change to a crawl: add these page keys' jobs. */
export interface CrawlProgress {
  enqueue: string[];
  completed: boolean;
}

/** How long a crawl may run, as the deployment configured it. */
export interface CrawlLimits {
  maxSeconds: number;
}

export type LockedCrawl = NonNullable<Awaited<ReturnType<typeof lockCrawl>>>;

/** The crawl's state, its row locked for the transaction; undefined when the crawl is over or gone. */
export async function lockCrawl(tx: Transaction, crawlKey: string) {
  const [crawl] = await tx
    .select({
      stopped: crawls.stopped, sitemapQueue: crawls.sitemapQueue, sitemapsRead: crawls.sitemapsRead, sitemapsListed: crawls.sitemapsListed,
      seeded: crawls.seeded, options: crawls.options, status: results.status, startedAt: results.startedAt,
    })
    .from(crawls)
    .innerJoin(results, eq(results.key, crawls.key))
    .where(eq(crawls.key, crawlKey))
    .for('update', { of: crawls });
  return crawl && (UNFINISHED_STATUSES as readonly string[]).includes(crawl.status) ? crawl : undefined;
}

/**
 * The crawl's rules, applied with its row locked: it stops at its deadline or page limit; while it
 * runs, pages get results rows and jobs up to the page limit (counted plus in flight, so the limit
 * is never passed); once stopped, the pages not yet fetched are skipped with the reason. When nothing
 * is in flight and nothing is left to queue (or it stopped), the crawl completes with its pages' counts.
 */
export async function settle(tx: Transaction, crawlKey: string, limits: CrawlLimits, locked?: LockedCrawl): Promise<CrawlProgress> {
  const crawl = locked ?? (await lockCrawl(tx, crawlKey));
  if (crawl === undefined) return { enqueue: [], completed: false };
  const tally = await pageTally(tx, crawlKey, crawl.options.maxPages);
  let stopped = crawl.stopped;
  const elapsedMs = crawl.startedAt ? Date.now() - crawl.startedAt.getTime() : 0;
  if (stopped === null && elapsedMs > limits.maxSeconds * 1000) stopped = 'deadline';
  if (stopped === null && tally.completed >= crawl.options.maxPages && tally.waiting > 0) stopped = 'max_pages';
  if (stopped !== crawl.stopped) await tx.update(crawls).set({ stopped }).where(eq(crawls.key, crawlKey));

  let enqueue: string[] = [];
  let inFlight = tally.inFlight;
  if (stopped !== null) {
    inFlight -= await skipUnstarted(tx, crawlKey, stopped);
  } else {
    const room = crawl.options.maxPages - tally.completed - tally.inFlight;
    if (room > 0 && tally.waiting > 0) enqueue = await giveJobs(tx, crawlKey, room);
    inFlight += enqueue.length;
  }
  const seeding = !crawl.seeded || (crawl.options.sitemap && !crawl.sitemapsListed) || crawl.sitemapQueue.length > 0;
  if (inFlight > 0 || (stopped === null && seeding)) return { enqueue, completed: false };
  // A crawl that counted nothing did not do what was asked: it fails with its start page's reason.
  if (tally.completed === 0 && stopped !== 'cancelled') await failWithStartPage(tx, crawlKey, stopped ?? 'done');
  else await combineCrawlCounts(tx, crawlKey, stopped ?? 'done');
  return { enqueue, completed: true };
}


async function failWithStartPage(tx: Transaction, crawlKey: string, stopped: CrawlStop): Promise<void> {
  const [start] = await tx.select({ code: crawlPages.code, error: crawlPages.error }).from(crawlPages)
    .where(and(eq(crawlPages.crawlKey, crawlKey), eq(crawlPages.depth, 0)))
    .orderBy(crawlPages.id)
    .limit(1);
  // A skip code is not an error code; the two that say why a start page is not counted have one each.
  const code = start?.code === 'robots' ? 'blocked_by_robots' : start?.code ?? 'internal';
  const error = `no page could be counted: the start page ${start?.error ? `failed (${start.error})` : 'was not counted'}`;
  await tx.update(results).set({ status: 'failed', error, errorCode: code, finishedAt: sql`now()` }).where(eq(results.key, crawlKey));
  await tx.update(crawls).set({ stopped }).where(eq(crawls.key, crawlKey));
}

/**
 * How many of the crawl's pages are counted, in flight and waiting for a job; and, in the same
 * statement, the crawl's progress: its pages counted as a share of the most it may count, from the
 * fetching stage's (completing the crawl overwrites it).
 */
async function pageTally(tx: Transaction, crawlKey: string, maxPages: number) {
  const [tally] = rowsOf<{ completed: number; inFlight: number; waiting: number }>(await tx.execute(sql`
    with tally as (
      select
        count(*) filter (where status = 'completed')::int as completed,
        count(*) filter (where page_key is not null and status in ('queued', 'active'))::int as in_flight,
        count(*) filter (where page_key is null and status = 'queued')::int as waiting
      from crawl_pages where crawl_key = ${crawlKey}
    ), progress as (
      update results set progress = least(${PROGRESS.done - 1}, greatest(${PROGRESS.fetching}, tally.completed * 100 / ${maxPages}::int))
      from tally where results.key = ${crawlKey}
    )
    select completed, in_flight as "inFlight", waiting from tally`));
  return tally!;
}

/** Skips every page of a stopped crawl that no worker has started; returns how many of them had jobs. */
async function skipUnstarted(tx: Transaction, crawlKey: string, stopped: CrawlStop): Promise<number> {
  const code: SkipCode = stopped === 'done' ? 'max_pages' : stopped;
  const why = { max_pages: 'the crawl had counted as many pages as it may', cancelled: 'the crawl was cancelled', deadline: 'the crawl ran out of time', done: '' }[stopped];
  const skipped = await tx.execute(sql`
    with unstarted as (
      select canonical_url, page_key from crawl_pages where crawl_key = ${crawlKey} and status = 'queued' for update
    )
    update crawl_pages set status = 'skipped', code = ${code}, error = ${why}, page_key = null
    from unstarted
    where crawl_pages.crawl_key = ${crawlKey} and crawl_pages.canonical_url = unstarted.canonical_url
    returning unstarted.page_key`);
  const keys = rowsOf<{ page_key: string | null }>(skipped).map((row) => row.page_key).filter((key): key is string => key !== null);
  // Their jobs, when they run, find no row and do nothing.
  if (keys.length > 0) await tx.delete(results).where(and(inArray(results.key, keys), isUnfinished(results.status)));
  return keys.length;
}

/** Gives the next `room` waiting pages, in discovery order, a results row each and returns their keys for jobs. */
async function giveJobs(tx: Transaction, crawlKey: string, room: number): Promise<string[]> {
  const result = await tx.execute(sql`
    with chosen as (
      select canonical_url from crawl_pages
      where crawl_key = ${crawlKey} and status = 'queued' and page_key is null
      order by id limit ${room}
    ), assigned as (
      update crawl_pages set page_key = gen_random_uuid()
      where crawl_key = ${crawlKey} and canonical_url in (select canonical_url from chosen)
      returning page_key, url, canonical_url, id
    )
    insert into results (key, url, canonical_url, status, content, requested_language, kind, crawl_key)
    select assigned.page_key, assigned.url, assigned.canonical_url, 'queued', crawl.content, crawl.requested_language, 'page', crawl.key
    from assigned join results crawl on crawl.key = ${crawlKey}
    order by assigned.id
    returning key`);
  return rowsOf<{ key: string }>(result).map((row) => row.key);
}

/** The rows of a raw statement, as node-postgres and PGlite both return them. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
