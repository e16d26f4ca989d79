import { gunzipSync } from 'node:zlib';
import { canonicalizeUrl } from '../core/canonical-url.js';
import { AppError } from '../core/errors.js';
import { WaitForTurn } from '../core/job-contract.js';
import { createLinkFilter } from '../crawl/link-scope.js';
import { parseSitemap } from '../crawl/sitemap.js';
import { findCrawl, startPageUnfinished } from '../db/crawl-reads.js';
import type { CrawlProgress } from '../db/crawl-settle.js';
import { advanceCrawl, listSitemaps, recordSitemap, seedCrawl, type FoundPage } from '../db/crawl-writes.js';
import { foundPages } from './site-links.js';
import { enqueueQueued, type SiteCrawlDependencies } from './site-crawl-context.js';
import { paceOf, readRobotsByOrigin, robotsFor } from './site-robots.js';

/** Sitemaps a crawl reads in all, nested indexes included, and URLs it takes from them. */
const MAX_SITEMAPS = 20;
const MAX_SITEMAP_URLS = 50_000;
/** The sitemap protocol's own limit on a file, uncompressed. */
const SITEMAP_MAX_BYTES = 50 * 1024 * 1024;
const GZIP_MAGIC = [0x1f, 0x8b];
/** How soon the crawl's job looks again whether the start page is done, before it reads the sitemaps. */
const START_PAGE_WAIT_MS = 250;

/**
 * The crawl's own job. Its first run reads the start host's robots.txt (the crawl fails if it cannot
 * be read, or forbids the start page) and queues the start page. Once that page is fetched, it looks
 * up the sitemaps where the page landed (after redirects: the site the person meant) and reads one
 * per run, coming back for the next after the host's turn. A run after all that (the job lost with
 * Redis and added again by the requeue sweep) only moves the crawl on. Each run makes one request at
 * most, and a run that must wait goes back to the queue, so it never holds a worker slot.
 */
export async function runCrawlKickoff(deps: SiteCrawlDependencies, crawlKey: string, signal?: AbortSignal): Promise<void> {
  const crawl = await findCrawl(deps.db, crawlKey);
  if (!crawl) return;
  if (!crawl.seeded) {
    await seed(deps, crawl, signal);
    if (crawl.options.sitemap) throw new WaitForTurn(START_PAGE_WAIT_MS);
    return;
  }
  if (crawl.stopped === null && crawl.options.sitemap && !crawl.sitemapsListed) {
    // Sitemap pages are judged by the scope, which the start page's redirects may still move.
    if (await startPageUnfinished(deps.db, crawlKey)) throw new WaitForTurn(START_PAGE_WAIT_MS);
    const site = new URL(crawl.scopeUrl ?? crawl.url).origin;
    const robots = await robotsFor(deps, crawlKey, site, signal);
    const sitemaps = robots.rules.sitemaps.length > 0 ? robots.rules.sitemaps.slice(0, MAX_SITEMAPS) : [`${site}/sitemap.xml`];
    await listSitemaps(deps.db, crawlKey, sitemaps);
    throw new WaitForTurn(0);
  }
  const next = crawl.stopped === null ? crawl.sitemapQueue[0] : undefined;
  if (next === undefined) {
    await settled(deps, crawlKey, await advanceCrawl(deps.db, crawlKey, deps.settings));
    return;
  }
  const found = await readSitemap(deps, crawlKey, crawl, next, signal);
  const progress = await recordSitemap(deps.db, crawlKey, next, found, MAX_SITEMAPS, deps.settings);
  await settled(deps, crawlKey, progress);
  if (!progress.completed) throw new WaitForTurn(0);
}

async function seed(deps: SiteCrawlDependencies, crawl: CrawlState, signal?: AbortSignal): Promise<void> {
  const start = new URL(crawl.url);
  const robots = await robotsFor(deps, crawl.key, start.origin, signal);
  if (!robots.available) {
    throw new AppError('robots_unavailable', `the robots.txt of ${start.host} could not be read, which forbids crawling the site (RFC 9309); try again later`);
  }
  if (!robots.rules.isAllowed(crawl.url)) {
    throw new AppError('blocked_by_robots', `the robots.txt of ${start.host} does not allow the start page to be crawled`);
  }
  const startPage: FoundPage = { url: crawl.url, canonicalUrl: canonicalizeUrl(crawl.url), depth: 0 };
  await settled(deps, crawl.key, await seedCrawl(deps.db, crawl.key, startPage, deps.settings));
}

async function settled(deps: SiteCrawlDependencies, crawlKey: string, progress: CrawlProgress): Promise<void> {
  await enqueueQueued(deps, crawlKey, progress.enqueue);
  if (progress.completed) deps.logger.info({ crawlKey }, 'crawl completed');
}

type CrawlState = NonNullable<Awaited<ReturnType<typeof findCrawl>>>;

/** One sitemap's pages (depth 1, through the crawl's filters) and nested sitemaps; nothing if it cannot be read. */
async function readSitemap(deps: SiteCrawlDependencies, crawlKey: string, crawl: CrawlState, sitemapUrl: string, signal?: AbortSignal) {
  const { host, origin } = new URL(sitemapUrl);
  const robotsByOrigin = await readRobotsByOrigin(deps, crawlKey);
  const turn = await deps.gate.acquire(host, paceOf(deps, robotsByOrigin.get(origin)));
  if (!turn.granted) throw new WaitForTurn(turn.waitMs);
  let xml: string;
  try {
    const file = await deps.fetcher.fetchPage(sitemapUrl, signal, { accept: 'any', maxBytes: SITEMAP_MAX_BYTES });
    xml = unzipped(file.bytes).toString('utf8');
  } catch (error) {
    if (signal?.aborted) throw error;
    deps.logger.info({ crawlKey, sitemapUrl, error: (error as Error).message }, 'sitemap not read');
    return { pages: [], sitemaps: [] };
  } finally {
    await turn.release();
  }
  const sitemap = parseSitemap(xml, MAX_SITEMAP_URLS);
  if (crawl.options.maxDepth < 1) return { pages: [], sitemaps: sitemap.sitemaps };
  const filter = createLinkFilter(crawl.scopeUrl ?? crawl.url, crawl.options);
  const pages = foundPages(sitemap.pages, 1, filter, robotsByOrigin);
  return { pages, sitemaps: sitemap.sitemaps };
}

/** A sitemap served as `.xml.gz` arrives gzipped without a Content-Encoding saying so. */
function unzipped(bytes: Buffer): Buffer {
  if (bytes[0] !== GZIP_MAGIC[0] || bytes[1] !== GZIP_MAGIC[1]) return bytes;
  try {
    return gunzipSync(bytes, { maxOutputLength: SITEMAP_MAX_BYTES });
  } catch (error) {
    throw new AppError('fetch_failed', 'the sitemap is gzipped but does not unzip within 50 MB', false, { cause: error });
  }
}
