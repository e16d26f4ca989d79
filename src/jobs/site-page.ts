import { canonicalizeUrl } from '../core/canonical-url.js';
import type { SkipCode } from '../core/crawl.js';
import { AppError, type ErrorCode } from '../core/errors.js';
import { WaitForTurn } from '../core/job-contract.js';
import type { CountingRequest } from '../core/results.js';
import { createLinkFilter, type LinkFilter } from '../crawl/link-scope.js';
import { findKeptPage } from '../db/crawl-reads.js';
import { claimCrawlPage, markCrawlPageQueued, type FoundPage, type PageOutcome } from '../db/crawl-writes.js';
import { markResultQueued } from '../db/result-writes.js';
import { quoteServerText } from '../fetch/fetch-errors.js';
import type { FetchedPage, FetchRequest } from '../fetch/fetch-page.js';
import { enqueueQueued, type SiteCrawlDependencies } from './site-crawl-context.js';
import { finishTogether } from './site-finish.js';
import { foundPages, robotsSkip } from './site-links.js';
import { knownRobots, paceOf, robotsFor, type HostRobots } from './site-robots.js';

/** Fetch failures that say the URL is not a page to count here, rather than that the page failed: their skip codes. */
const SKIP_CODE_OF: Partial<Record<ErrorCode, SkipCode>> = {
  blocked_address: 'blocked_address',
  not_html: 'not_html',
  out_of_scope: 'out_of_scope',
  blocked_by_robots: 'robots',
};

export interface SitePageJob {
  pageKey: string;
  crawlKey: string;
  url: string;
  request: CountingRequest;
  signal?: AbortSignal;
}

/**
 * One page of a site crawl: robots.txt first, then the host's turn, then the same guarded fetch and
 * counting as a single page, with its links. How it ends (counted, failed, skipped) is recorded with
 * the links it found in one transaction (db/crawl-writes.ts), which also queues the next pages.
 * Returns the bytes fetched, or undefined when nothing was fetched.
 */
export async function runSitePage(deps: SiteCrawlDependencies, job: SitePageJob): Promise<number | undefined> {
  const claimed = await claimCrawlPage(deps.db, job.crawlKey, job.pageKey);
  if (!claimed) return undefined;
  const { crawl } = claimed;
  if (crawl.stopped !== null) {
    await finishPage(deps, job, { status: 'skipped', code: crawl.stopped === 'done' ? 'max_pages' : crawl.stopped, error: 'the crawl had stopped' }, []);
    return undefined;
  }
  const isStart = claimed.depth === 0;
  let filter = createLinkFilter(crawl.scopeUrl ?? crawl.url, crawl.options);
  // The start page may redirect anywhere the address policy allows (http to https, a www host):
  // where it lands is what the person meant, and the crawl's scope is drawn around that.
  // Read once for the page: they judge its redirects and the links it offers.
  const robotsByOrigin = await knownRobots(deps, job.crawlKey, claimed.robots);
  const refuseRedirect = isStart ? undefined : redirectRefusal(filter, robotsByOrigin);
  const fetched = await fetchInTurn(deps, job, robotsByOrigin, refuseRedirect);
  if ('status' in fetched) {
    await finishPage(deps, job, fetched, []);
    return undefined;
  }
  if (isStart && fetched.finalUrl !== job.url) filter = createLinkFilter(fetched.finalUrl, crawl.options);
  const where = { depth: claimed.depth, canonicalUrl: claimed.canonicalUrl, ...(isStart ? { scopeUrl: fetched.finalUrl } : {}) };
  await countAndFinish(deps, job, fetched, where, crawl.options.maxDepth, filter, robotsByOrigin);
  return fetched.bytes.length;
}

/**
 * The page, fetched once robots.txt allows it and its host gives a turn; or how it is skipped. A page
 * that must wait for either goes back to the queue (WaitForTurn). Its host's robots.txt joins
 * `robotsByOrigin` if it was not there (this page may be the one that read it).
 */
async function fetchInTurn(
  deps: SiteCrawlDependencies, job: SitePageJob, robotsByOrigin: Map<string, HostRobots>, refuseRedirect: FetchRequest['refuseRedirect'],
): Promise<FetchedPage | Extract<PageOutcome, { status: 'skipped' }>> {
  const target = new URL(job.url);
  let robots: HostRobots;
  try {
    robots = await robotsFor(deps, job.crawlKey, target.origin, job.signal);
  } catch (error) {
    const skip = skipFor(error);
    if (skip) return skip;
    throw await requeued(deps, job, error);
  }
  if (!robotsByOrigin.has(target.origin)) robotsByOrigin.set(target.origin, robots);
  if (!robots.rules.isAllowed(job.url)) return { status: 'skipped', ...robotsSkip(robots) };
  const turn = await deps.gate.acquire(target.host, paceOf(deps, robots));
  if (!turn.granted) throw await requeued(deps, job, new WaitForTurn(turn.waitMs));
  try {
    return await deps.fetcher.fetchPage(job.url, job.signal, refuseRedirect ? { refuseRedirect } : {});
  } catch (error) {
    const skip = skipFor(error);
    if (skip) return skip;
    // A 429 or 503 asking us to wait slows the whole host down, not only this page.
    if (error instanceof AppError && error.retryAfterMs !== undefined) await deps.gate.slowDown(target.host, error.retryAfterMs);
    throw error;
  } finally {
    await turn.release();
  }
}

function skipFor(error: unknown): Extract<PageOutcome, { status: 'skipped' }> | undefined {
  const code = error instanceof AppError ? SKIP_CODE_OF[error.code] : undefined;
  return code === undefined ? undefined : { status: 'skipped', code, error: (error as AppError).message };
}

/** A redirect is followed only within the scope, and not to a page the robots.txt already read forbids. */
function redirectRefusal(filter: LinkFilter, robotsByOrigin: ReadonlyMap<string, HostRobots>) {
  return (url: string): AppError | undefined => {
    if (!filter.inScope(url)) {
      return new AppError('out_of_scope', `the server redirected to ${quoteServerText(url)}, outside the crawl's scope, which is not followed`);
    }
    const robots = robotsByOrigin.get(new URL(url).origin);
    if (robots && !robots.rules.isAllowed(url)) {
      return new AppError('blocked_by_robots', `the server redirected to ${quoteServerText(url)}, which robots.txt does not allow`);
    }
    return undefined;
  };
}

async function countAndFinish(
  deps: SiteCrawlDependencies, job: SitePageJob, page: FetchedPage, claimed: { depth: number; canonicalUrl: string; scopeUrl?: string }, maxDepth: number, filter: LinkFilter,
  robotsByOrigin: ReadonlyMap<string, HostRobots>,
): Promise<void> {
  const finalCanonicalUrl = canonicalizeUrl(page.finalUrl);
  if (finalCanonicalUrl !== claimed.canonicalUrl) {
    const other = await findKeptPage(deps.db, job.crawlKey, finalCanonicalUrl);
    if (other !== undefined) {
      await finishPage(deps, job, { status: 'skipped', code: 'duplicate', error: `it redirects to ${page.finalUrl}, another page of this crawl` }, []);
      return;
    }
  }
  const { site, ...counts } = await deps.counting.countSitePage(page, job.request, page.finalUrl, job.signal);
  const canonical = site.links.canonical;
  // A page naming another URL of its host as canonical is a copy of that one: that one is counted instead.
  if (canonical !== undefined && new URL(canonical).host === new URL(page.finalUrl).host) {
    const canonicalForm = canonicalizeUrl(canonical);
    if (canonicalForm !== finalCanonicalUrl && canonicalForm !== claimed.canonicalUrl) {
      const found = foundPages([canonical], claimed.depth, filter, robotsByOrigin);
      await finishPage(deps, job, { status: 'skipped', code: 'duplicate', error: `its canonical URL is ${canonical}` }, found);
      return;
    }
  }
  const follows = !site.links.nofollow && claimed.depth < maxDepth;
  const found = follows ? foundPages(site.links.links, claimed.depth + 1, filter, robotsByOrigin) : [];
  const scope = claimed.scopeUrl === undefined ? {} : { scopeUrl: claimed.scopeUrl };
  await finishPage(deps, job, { status: 'completed', finalUrl: page.finalUrl, finalCanonicalUrl, counts, textHash: site.textHash, ...scope }, found);
}

async function finishPage(deps: SiteCrawlDependencies, job: Pick<SitePageJob, 'pageKey' | 'crawlKey'>, outcome: PageOutcome, found: FoundPage[]): Promise<void> {
  const progress = await finishTogether(deps.db, job.crawlKey, { pageKey: job.pageKey, outcome, found }, deps.settings);
  await enqueueQueued(deps, job.crawlKey, progress.enqueue);
  if (progress.completed) deps.logger.info({ crawlKey: job.crawlKey }, 'crawl completed');
}

/** Records a failure of the page on its last attempt: the page is listed failed and the crawl moves on. */
export async function failSitePage(deps: SiteCrawlDependencies, job: Pick<SitePageJob, 'pageKey' | 'crawlKey'>, failure: AppError): Promise<void> {
  await finishPage(deps, job, { status: 'failed', failure }, []);
}

/** A page waiting for its turn, or handed back at shutdown, shows as queued again, in the crawl's list and on its own result. */
export async function requeued(deps: Pick<SiteCrawlDependencies, 'db'>, job: Pick<SitePageJob, 'pageKey'>, error: unknown): Promise<unknown> {
  if (error instanceof WaitForTurn) {
    await markCrawlPageQueued(deps.db, job.pageKey);
    await markResultQueued(deps.db, job.pageKey);
  }
  return error;
}
