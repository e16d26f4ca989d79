import type { HostGate, EnqueuePages } from '../core/job-contract.js';
import type { Logger } from '../core/logger.js';
import type { CountingPool } from '../counting/counting-pool.js';
import type { Database } from '../db/database.js';
import type { CrawlLimits } from '../db/crawl-settle.js';
import type { PageFetcher } from '../fetch/fetch-page.js';

/** A deployment's crawl settings (core/config.ts, CRAWL_*). */
export interface CrawlSettings extends CrawlLimits {
  hostConcurrency: number;
  hostDelayMs: number;
}

/** What the jobs of a site crawl work with. */
export interface SiteCrawlDependencies {
  db: Database;
  fetcher: PageFetcher;
  counting: CountingPool;
  gate: HostGate;
  enqueuePages: EnqueuePages;
  settings: CrawlSettings;
  logger: Logger;
}

/**
 * Adds the jobs of pages a change to the crawl queued. Their rows are committed already, so if the
 * queue is down now the requeue sweep gives them their jobs later; nothing is lost by going on.
 */
export async function enqueueQueued(deps: SiteCrawlDependencies, crawlKey: string, keys: readonly string[]): Promise<void> {
  try {
    await deps.enqueuePages(keys);
  } catch (error) {
    deps.logger.warn({ crawlKey, pages: keys.length, error: (error as Error).message }, 'could not add the jobs of queued crawl pages; the requeue sweep will');
  }
}
