import { once } from 'node:events';
import { Router } from 'express';
import type { CrawlOptions } from '../../core/crawl.js';
import { AppError } from '../../core/errors.js';
import { findCrawlPages, findCrawlProgress } from '../../db/crawl-reads.js';
import type { CrawlLimits } from '../../db/crawl-settle.js';
import { stopCrawl } from '../../db/crawl-writes.js';
import type { Database } from '../../db/database.js';
import { findResultSummary, type ResultSummary } from '../../db/result-reads.js';
import type { CrawlQueue } from '../../queue/crawl-queue.js';
import { refuseCrossSite } from '../middleware/same-origin.js';
import { notFound, parseKey } from '../request-params.js';
import { resultsUrl } from '../urls.js';
import { csvCell } from './csv.js';

const DEFAULT_PAGES_LIMIT = 100;
const MAX_PAGES_LIMIT = 1_000;
const PAGE_COLUMNS = ['url', 'final_url', 'depth', 'status', 'code', 'error', 'total_words', 'key'] as const;

/** A crawl's options as the API names them. */
export function presentCrawlOptions(options: CrawlOptions) {
  return {
    max_pages: options.maxPages,
    max_depth: options.maxDepth,
    scope: options.scope,
    include: options.include,
    exclude: options.exclude,
    sitemap: options.sitemap,
  };
}

/** What a crawl's status adds to a page's: its options as applied, its page counters, and why it stopped. */
export async function crawlStatus(db: Database, key: string) {
  const progress = await findCrawlProgress(db, key);
  if (!progress) return {};
  return { kind: 'crawl' as const, crawl: presentCrawlOptions(progress.options), pages: progress.pages, stopped: progress.stopped };
}

/** The pages of a crawl, its cancellation. */
export function createCrawlRoutes(db: Database, queue: CrawlQueue, limits: CrawlLimits): Router {
  const router = Router();

  router.get('/results/:key/pages', async (req, res) => {
    const key = parseKey(req.params.key);
    await crawlOf(db, key);
    const offset = parseCount(req.query.offset, 'offset', 0, Number.MAX_SAFE_INTEGER, 0);
    const limit = parseCount(req.query.limit, 'limit', 1, MAX_PAGES_LIMIT, DEFAULT_PAGES_LIMIT);
    const { pages, total } = await findCrawlPages(db, key, offset, limit);
    res.json({ pages: pages.map(presentPage), total, offset, limit });
  });

  // Every URL the crawl kept, read and sent a thousand at a time: a large crawl keeps many thousands.
  router.get('/results/:key/pages.csv', async (req, res) => {
    const key = parseKey(req.params.key);
    await crawlOf(db, key);
    res.attachment(`wordcrawler-${key}-pages.csv`).type('text/csv; charset=utf-8');
    res.write(`\uFEFF${PAGE_COLUMNS.join(',')}\r\n`);
    for (let offset = 0; ; offset += MAX_PAGES_LIMIT) {
      const { pages } = await findCrawlPages(db, key, offset, MAX_PAGES_LIMIT);
      const rows = pages.map(presentPage).map((page) => `${PAGE_COLUMNS.map((column) => csvCell(page[column])).join(',')}\r\n`);
      if (rows.length > 0 && !res.write(rows.join(''))) await once(res, 'drain');
      if (pages.length < MAX_PAGES_LIMIT) break;
    }
    res.end();
  });

  // Another site's page could otherwise stop a visitor's crawl by posting to its (guessed or leaked) key.
  router.post('/results/:key/cancel', refuseCrossSite(), async (req, res) => {
    // With a middleware before the handler, Express's types no longer derive the params from the path.
    const key = parseKey((req.params as { key: string }).key);
    await crawlOf(db, key);
    const progress = await stopCrawl(db, key, 'cancelled', limits);
    if (progress === undefined) throw new AppError('invalid_request', 'the crawl has already finished; there is nothing to cancel');
    // Pages queued before the stop are skipped when their jobs run; pages it still queues (none) would need jobs.
    await queue.enqueuePages(progress.enqueue);
    res.status(202).json({ key, status: progress.completed ? 'completed' : 'active', stopped: 'cancelled', results_url: resultsUrl(key) });
  });

  return router;
}

async function crawlOf(db: Database, key: string): Promise<ResultSummary> {
  const result = await findResultSummary(db, key);
  if (!result) throw notFound(key);
  if (result.kind !== 'crawl') throw new AppError('not_found', `result ${key} is a single page, not a site crawl`);
  return result;
}

function parseCount(value: unknown, name: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  const count = typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  if (!(count >= min && count <= max)) throw new AppError('invalid_request', `${name} must be a whole number from ${min} to ${max}`);
  return count;
}

type CrawlPageEntry = Awaited<ReturnType<typeof findCrawlPages>>['pages'][number];

function presentPage(page: CrawlPageEntry): Record<(typeof PAGE_COLUMNS)[number], string | number | null> {
  return {
    url: page.url, final_url: page.finalUrl, depth: page.depth, status: page.status, code: page.code, error: page.error,
    total_words: page.totalWords, key: page.key,
  };
}
