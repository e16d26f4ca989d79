import { once } from 'node:events';
import { Router } from 'express';
import * as z from 'zod';
import { CRAWL_STOPS, type CrawlOptions } from '../../core/crawl.js';
import { AppError } from '../../core/errors.js';
import { parseRequest } from '../../core/parse-request.js';
import { findCrawlPages, findCrawlProgress } from '../../db/crawl-reads.js';
import type { CrawlLimits } from '../../db/crawl-settle.js';
import { stopCrawl } from '../../db/crawl-writes.js';
import type { Database } from '../../db/database.js';
import { findResultSummary, type ResultSummary } from '../../db/result-reads.js';
import type { CrawlQueue } from '../../queue/crawl-queue.js';
import { refuseCrossSite } from '../middleware/same-origin.js';
import { errorResponses } from '../openapi/error-responses.js';
import type { Operation, ServedOperations } from '../openapi/operation.js';
import { KEY_PATH, notFound, parsePath, wholeNumber } from '../request-params.js';
import { resultsUrl } from '../urls.js';
import { CRAWL_PAGE } from './answers.js';
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

const PAGES_QUERY = z.object({
  offset: wholeNumber('offset', 0, Number.MAX_SAFE_INTEGER).default(0).meta({ description: 'Pages to pass over, in the order they were found.' }),
  limit: wholeNumber('limit', 1, MAX_PAGES_LIMIT).default(DEFAULT_PAGES_LIMIT).meta({ description: 'Pages to answer with.' }),
});

const CRAWL_PAGES: Operation = {
  method: 'get',
  path: '/results/{key}/pages',
  operationId: 'listCrawlPages',
  summary: 'The pages a crawl found, a slice at a time',
  tags: ['Site crawls'],
  requestParams: { path: KEY_PATH, query: PAGES_QUERY },
  responses: {
    200: {
      description: 'A slice of the crawl’s pages, in the order they were found.',
      content: { 'application/json': { schema: z.object({ pages: z.array(CRAWL_PAGE), total: z.int().min(0), offset: z.int().min(0), limit: z.int().min(1) }) } },
    },
    ...errorResponses(['invalid_request', 'not_found', 'database_unavailable']),
  },
};

const CRAWL_PAGES_CSV: Operation = {
  method: 'get',
  path: '/results/{key}/pages.csv',
  operationId: 'downloadCrawlPages',
  summary: 'Every page a crawl found, as a CSV download',
  tags: ['Site crawls'],
  requestParams: { path: KEY_PATH },
  responses: {
    200: { description: 'All of the crawl’s pages, as an attachment.', content: { 'text/csv': { schema: z.string().meta({ description: `A header \`${PAGE_COLUMNS.join(',')}\`, then one row per page.` }) } } },
    ...errorResponses(['not_found', 'database_unavailable']),
  },
};

const CANCEL_CRAWL: Operation = {
  method: 'post',
  path: '/results/{key}/cancel',
  operationId: 'cancelCrawl',
  summary: 'Stop a running crawl; what it counted so far is kept',
  description: 'Refused (`cross_site`) when a browser says the request came from another site.',
  tags: ['Site crawls'],
  requestParams: { path: KEY_PATH },
  responses: {
    202: {
      description: 'The crawl is stopping (or has stopped): its counts are those of the pages counted before.',
      content: { 'application/json': { schema: z.object({ key: z.uuid(), status: z.enum(['active', 'completed']), stopped: z.enum(CRAWL_STOPS), results_url: z.string() }) } },
    },
    ...errorResponses(['invalid_request', 'cross_site', 'not_found', 'queue_unavailable', 'database_unavailable']),
  },
};

/** The pages of a crawl, its cancellation. */
export function createCrawlRoutes(served: ServedOperations, db: Database, queue: CrawlQueue, limits: CrawlLimits): Router {
  const router = Router();

  served.serve(router, CRAWL_PAGES, async (req, res) => {
    const { key } = parsePath(KEY_PATH, req.params);
    await crawlOf(db, key);
    const { offset, limit } = parseRequest(PAGES_QUERY, req.query);
    const { pages, total } = await findCrawlPages(db, key, offset, limit);
    res.json({ pages: pages.map(presentPage), total, offset, limit });
  });

  // Every URL the crawl kept, read and sent a thousand at a time: a large crawl keeps many thousands.
  served.serve(router, CRAWL_PAGES_CSV, async (req, res) => {
    const { key } = parsePath(KEY_PATH, req.params);
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
  served.serve(router, CANCEL_CRAWL, refuseCrossSite(), async (req, res) => {
    const { key } = parsePath(KEY_PATH, req.params);
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

type CrawlPageEntry = Awaited<ReturnType<typeof findCrawlPages>>['pages'][number];

function presentPage(page: CrawlPageEntry): Record<(typeof PAGE_COLUMNS)[number], string | number | null> {
  return {
    url: page.url, final_url: page.finalUrl, depth: page.depth, status: page.status, code: page.code, error: page.error,
    total_words: page.totalWords, key: page.key,
  };
}
