import { and, asc, eq, sql } from 'drizzle-orm';
import type { CrawlPageStatus } from '../core/crawl.js';
import type { Database } from './database.js';
import { crawlPages, crawls, results, type CrawlRow } from './schema.js';

/** A crawl's state as the jobs read it. */
export async function findCrawl(db: Database, crawlKey: string): Promise<(CrawlRow & { url: string; startedAt: Date | null }) | undefined> {
  const [row] = await db
    .select({ key: crawls.key, options: crawls.options, stopped: crawls.stopped, sitemapQueue: crawls.sitemapQueue, sitemapsRead: crawls.sitemapsRead, seeded: crawls.seeded, sitemapsListed: crawls.sitemapsListed, scopeUrl: crawls.scopeUrl, url: results.url, startedAt: results.startedAt })
    .from(crawls)
    .innerJoin(results, eq(results.key, crawls.key))
    .where(eq(crawls.key, crawlKey));
  return row;
}

export type PageTally = Record<CrawlPageStatus, number>;

/** A crawl's options, why it stopped, and how many of its pages are in each state. */
export async function findCrawlProgress(db: Database, crawlKey: string): Promise<(Pick<CrawlRow, 'options' | 'stopped'> & { pages: PageTally }) | undefined> {
  const [row] = await db
    .select({
      options: crawls.options,
      stopped: crawls.stopped,
      pages: sql<PageTally>`(
        select json_build_object(
          'queued', count(*) filter (where status = 'queued'),
          'active', count(*) filter (where status = 'active'),
          'completed', count(*) filter (where status = 'completed'),
          'failed', count(*) filter (where status = 'failed'),
          'skipped', count(*) filter (where status = 'skipped'))
        from crawl_pages where crawl_key = ${crawls.key})`,
    })
    .from(crawls)
    .where(eq(crawls.key, crawlKey));
  return row;
}

const CRAWL_PAGE_COLUMNS = {
  url: crawlPages.url,
  finalUrl: crawlPages.finalUrl,
  depth: crawlPages.depth,
  status: crawlPages.status,
  code: crawlPages.code,
  error: crawlPages.error,
  totalWords: crawlPages.totalWords,
  key: crawlPages.pageKey,
};

/** One page of a crawl's list of URLs, in discovery order, and how many there are in all. */
export async function findCrawlPages(db: Database, crawlKey: string, offset: number, limit: number) {
  const [pages, total] = await Promise.all([
    db.select(CRAWL_PAGE_COLUMNS).from(crawlPages).where(eq(crawlPages.crawlKey, crawlKey)).orderBy(asc(crawlPages.id)).offset(offset).limit(limit),
    db.$count(crawlPages, eq(crawlPages.crawlKey, crawlKey)),
  ]);
  return { pages, total };
}

/** Whether a URL (canonical form) is already another page of the crawl, and which. */
export async function findKeptPage(db: Database, crawlKey: string, canonicalUrl: string): Promise<string | undefined> {
  const [row] = await db.select({ url: crawlPages.url }).from(crawlPages)
    .where(and(eq(crawlPages.crawlKey, crawlKey), sql`(${crawlPages.canonicalUrl} = ${canonicalUrl} or ${crawlPages.finalCanonicalUrl} = ${canonicalUrl})`))
    .limit(1);
  return row?.url;
}

/** Whether the crawl's start page is still to be fetched (queued or active). */
export async function startPageUnfinished(db: Database, crawlKey: string): Promise<boolean> {
  const unfinished = await db.$count(crawlPages, and(eq(crawlPages.crawlKey, crawlKey), eq(crawlPages.depth, 0), sql`${crawlPages.status} in ('queued', 'active')`));
  return unfinished > 0;
}
