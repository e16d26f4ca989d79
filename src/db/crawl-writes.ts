import { and, eq, inArray, sql } from 'drizzle-orm';
import type { AppError } from '../core/errors.js';
import type { CrawlOptions, CrawlStop, SkipCode } from '../core/crawl.js';
import type { StoredCounts } from '../core/results.js';
import { lockCrawl, rowsOf, settle, type CrawlLimits, type CrawlProgress, type Transaction } from './crawl-settle.js';
import type { RobotsVerdict } from './crawl-hosts.js';
import type { Database } from './database.js';
import type { NewResult } from './result-writes.js';
import { crawlPages, crawls, isUnfinished, results, type CrawlRow } from './schema.js';

/** A URL a crawl found, to keep: `queued` to fetch, or `skipped` already (robots.txt forbids it). */
export interface FoundPage {
  url: string;
  canonicalUrl: string;
  depth: number;
  skip?: { code: SkipCode; error: string };
}

/** How one page of a crawl ended. */
export type PageOutcome =
  | { status: 'completed'; finalUrl: string; finalCanonicalUrl: string; counts: StoredCounts; textHash: string; scopeUrl?: string }
  | { status: 'failed'; failure: AppError }
  | { status: 'skipped'; code: SkipCode; error: string };

/**
 * URLs one crawl keeps, per page it may count (at least 100 in all): enough to replace the pages
 * that fail or turn out duplicates, while links past it are not kept, so a huge site cannot fill the table.
 */
const FOUND_PER_PAGE = 10;

export function maxFound(options: CrawlOptions): number {
  return Math.max(100, options.maxPages * FOUND_PER_PAGE);
}

export interface NewCrawl extends NewResult {
  options: CrawlOptions;
  /** Whether each page calls back to `callbackUrl` too, not only the crawl. */
  callbackPages?: boolean;
}

/** Inserts a crawl's results row and its state unless the client already has `maxInFlight` crawls unfinished. */
export async function admitCrawl(db: Database, crawl: NewCrawl, maxInFlight: number): Promise<{ inserted: boolean; inFlight: number }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`crawls:${crawl.clientKey}`}))`);
    const inFlight = maxInFlight > 0
      ? await tx.$count(results, and(eq(results.clientKey, crawl.clientKey), eq(results.kind, 'crawl'), isUnfinished(results.status)))
      : 0;
    if (maxInFlight > 0 && inFlight >= maxInFlight) return { inserted: false, inFlight };
    // No canonical URL: a crawl is never handed out as an earlier result of a page submission.
    await tx.insert(results).values({
      key: crawl.key, url: crawl.url, clientKey: crawl.clientKey, kind: 'crawl', status: 'queued',
      content: crawl.content ?? 'page', requestedLanguage: crawl.requestedLanguage ?? null,
      callbackUrl: crawl.callbackUrl ?? null, callbackPages: crawl.callbackPages ?? false,
    });
    await tx.insert(crawls).values({ key: crawl.key, options: crawl.options });
    return { inserted: true, inFlight };
  });
}

/** Robots.txt allows the start page: it is kept at depth 0 and the crawl moves on. */
export async function seedCrawl(db: Database, crawlKey: string, start: FoundPage, limits: CrawlLimits): Promise<CrawlProgress> {
  return db.transaction(async (tx) => {
    const crawl = await lockCrawl(tx, crawlKey);
    if (crawl === undefined) return { enqueue: [], completed: false };
    await keepFound(tx, crawlKey, [start], maxFound(crawl.options));
    await tx.update(crawls).set({ seeded: true }).where(eq(crawls.key, crawlKey));
    return settle(tx, crawlKey, limits);
  });
}

/** The sitemaps a crawl is to read, once looked up. */
export async function listSitemaps(db: Database, crawlKey: string, sitemaps: string[]): Promise<void> {
  await db.update(crawls).set({ sitemapQueue: sitemaps, sitemapsListed: true }).where(eq(crawls.key, crawlKey));
}

/** A sitemap was read (or could not be): its pages are kept at depth 1, its nested sitemaps queued after the others. */
export async function recordSitemap(
  db: Database, crawlKey: string, sitemapUrl: string, found: { pages: FoundPage[]; sitemaps: string[] }, maxSitemaps: number, limits: CrawlLimits,
): Promise<CrawlProgress> {
  return db.transaction(async (tx) => {
    const crawl = await lockCrawl(tx, crawlKey);
    if (crawl === undefined) return { enqueue: [], completed: false };
    const rest = crawl.sitemapQueue.filter((url) => url !== sitemapUrl);
    const room = Math.max(0, maxSitemaps - crawl.sitemapsRead - 1 - rest.length);
    const nested = found.sitemaps.filter((url) => url !== sitemapUrl && !rest.includes(url)).slice(0, room);
    await tx.update(crawls)
      .set({ sitemapQueue: [...rest, ...nested], sitemapsRead: crawl.sitemapsRead + 1 })
      .where(eq(crawls.key, crawlKey));
    await keepFound(tx, crawlKey, found.pages, maxFound(crawl.options));
    return settle(tx, crawlKey, limits);
  });
}

/** A page of a crawl as the worker that claimed it sees it: where it is, its crawl, and the robots.txt the crawl has read so far. */
export interface ClaimedCrawlPage {
  depth: number;
  canonicalUrl: string;
  crawl: Pick<CrawlRow, 'options' | 'stopped' | 'scopeUrl'> & { url: string };
  /** Each origin whose robots.txt the crawl has read, with what it says (the file itself is in crawl_hosts). */
  robots: Array<[origin: string, verdict: RobotsVerdict]>;
}

/**
 * Marks a page of the crawl as being fetched and reads what its job needs, in one statement;
 * undefined when it no longer waits to be fetched (the crawl stopped) or the crawl is gone.
 */
export async function claimCrawlPage(db: Database, crawlKey: string, pageKey: string): Promise<ClaimedCrawlPage | undefined> {
  const [row] = rowsOf<Omit<ClaimedCrawlPage, 'crawl'> & ClaimedCrawlPage['crawl']>(await db.execute(sql`
    with page as (
      update crawl_pages set status = 'active'
      where crawl_key = ${crawlKey} and page_key = ${pageKey} and status in ('queued', 'active')
      returning depth, canonical_url
    )
    select page.depth, page.canonical_url as "canonicalUrl", crawl.options, crawl.stopped, crawl.scope_url as "scopeUrl", result.url,
      (select coalesce(json_agg(json_build_array(origin, robots)), '[]') from crawl_hosts where crawl_key = crawl.key and robots is not null) as robots
    from page, crawls crawl join results result on result.key = crawl.key
    where crawl.key = ${crawlKey}`));
  if (row === undefined) return undefined;
  const { depth, canonicalUrl, robots, ...crawl } = row;
  return { depth, canonicalUrl, crawl, robots };
}

/** Hands a page back to the crawl's queue while it waits for its host's turn. */
export async function markCrawlPageQueued(db: Database, pageKey: string): Promise<void> {
  await db.update(crawlPages).set({ status: 'queued' }).where(and(eq(crawlPages.pageKey, pageKey), eq(crawlPages.status, 'active')));
}

/** Stops queueing pages of an unfinished crawl; the pages being fetched finish. False if there is no such crawl. */
export async function stopCrawl(db: Database, crawlKey: string, reason: CrawlStop, limits: CrawlLimits): Promise<CrawlProgress | undefined> {
  return db.transaction(async (tx) => {
    const crawl = await lockCrawl(tx, crawlKey);
    if (crawl === undefined) return undefined;
    if (crawl.stopped === null) await tx.update(crawls).set({ stopped: reason }).where(eq(crawls.key, crawlKey));
    return settle(tx, crawlKey, limits);
  });
}

/** Moves a crawl on without any change of its own: after a Redis loss, its kickoff job runs again and calls this. */
export async function advanceCrawl(db: Database, crawlKey: string, limits: CrawlLimits): Promise<CrawlProgress> {
  return db.transaction(async (tx) => {
    if ((await lockCrawl(tx, crawlKey)) === undefined) return { enqueue: [], completed: false };
    return settle(tx, crawlKey, limits);
  });
}

/**
 * Keeps new URLs (not already kept under their canonical form, nor as another page's final URL), up
 * to the crawl's cap: of the list, as many as the cap has room for when it is read, in order.
 */
export async function keepFound(tx: Transaction, crawlKey: string, found: readonly FoundPage[], maxFound: number): Promise<void> {
  if (found.length === 0) return;
  // Never more rows than the cap, whatever the room: a sitemap lists up to 50,000 URLs, and a statement takes 65,535 parameters.
  const values = sql.join(
    found.slice(0, maxFound).map((page, ord) => sql`(${page.canonicalUrl}, ${page.url}, ${page.depth}, ${page.skip ? 'skipped' : 'queued'}, ${page.skip?.code ?? null}, ${page.skip?.error ?? null}, ${ord})`),
    sql`, `,
  );
  // A redirect's target counts as found too: a link to it later is the same page.
  await tx.execute(sql`
    insert into crawl_pages (crawl_key, canonical_url, url, depth, status, code, error)
    select ${crawlKey}, found.canonical_url, found.url, found.depth::smallint, found.status::crawl_page_status, found.code, found.error
    from (values ${values}) as found(canonical_url, url, depth, status, code, error, ord)
    where found.ord::int < ${maxFound}::int - (select count(*) from crawl_pages kept where kept.crawl_key = ${crawlKey})
      and not exists (select 1 from crawl_pages kept where kept.crawl_key = ${crawlKey} and kept.final_canonical_url = found.canonical_url)
    order by found.ord::int
    on conflict do nothing`);
}
