import { finishCrawlPages, type FinishedPage } from '../db/crawl-finish.js';
import type { CrawlLimits, CrawlProgress } from '../db/crawl-settle.js';
import type { Database } from '../db/database.js';

/** The most pages one transaction records; more wait for the next. */
const MAX_PAGES_A_TRANSACTION = 64;

const NOTHING_TO_DO: CrawlProgress = { enqueue: [], completed: false };

interface Waiting {
  page: FinishedPage;
  recorded: (progress: CrawlProgress) => void;
  failed: (error: unknown) => void;
}

/** Pages waiting to be recorded, by crawl, per database (so per worker process, or per test service). */
const WAITING = new WeakMap<Database, Map<string, Waiting[]>>();

/**
 * Records how a page of a crawl ended, in one transaction with the other pages of the same crawl that
 * end in this process meanwhile (db/crawl-finish.ts). Each transaction holds the crawl's row through
 * its statements and its commit (a disk flush), and the crawl's other pages wait for it: with one
 * page a transaction the bench crawl held it 20 to 30 ms a page, which capped the crawl whatever the
 * workers could fetch and count. The first page to end starts a transaction at once; the pages that
 * end while it runs go together in the next. Resolves once the page's outcome is committed: to what
 * the caller must do next for the first page of a transaction (add the jobs, say that the crawl
 * completed), to nothing for the others. If a transaction of several pages fails, each is tried
 * alone, so that one page's failure is its own job's only.
 */
export function finishTogether(db: Database, crawlKey: string, page: FinishedPage, limits: CrawlLimits): Promise<CrawlProgress> {
  let byCrawl = WAITING.get(db);
  if (byCrawl === undefined) WAITING.set(db, (byCrawl = new Map()));
  const crawls = byCrawl;
  return new Promise((recorded, failed) => {
    const waiting = crawls.get(crawlKey);
    if (waiting !== undefined) {
      waiting.push({ page, recorded, failed });
      return;
    }
    const queue = [{ page, recorded, failed }];
    crawls.set(crawlKey, queue);
    void recordAll(db, crawlKey, queue, limits, () => crawls.delete(crawlKey));
  });
}

/** Records the queue's pages until it is empty, then forgets it in the same tick, so that no page joins a queue nobody records. */
async function recordAll(db: Database, crawlKey: string, queue: Waiting[], limits: CrawlLimits, forget: () => void): Promise<void> {
  while (queue.length > 0) await record(db, crawlKey, queue.splice(0, MAX_PAGES_A_TRANSACTION), limits);
  forget();
}

/** Never throws: each page's caller hears how its own page went. */
async function record(db: Database, crawlKey: string, pages: Waiting[], limits: CrawlLimits): Promise<void> {
  try {
    const progress = await finishCrawlPages(db, crawlKey, pages.map((waiting) => waiting.page), limits);
    pages.forEach((waiting, i) => waiting.recorded(i === 0 ? progress : NOTHING_TO_DO));
  } catch (error) {
    if (pages.length === 1) pages[0]!.failed(error);
    else for (const waiting of pages) await record(db, crawlKey, [waiting], limits);
  }
}
