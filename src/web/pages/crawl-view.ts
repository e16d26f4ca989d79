import * as z from 'zod';
import type { CrawlPageStatus, CrawlStop } from '../../core/crawl.js';
import type { Database } from '../../db/database.js';
import { findCrawlPages, findCrawlProgress } from '../../db/crawl-reads.js';
import { DEFAULT_TOP_LIMIT } from '../request-params.js';
import { resultPageUrl, resultsUrl } from '../urls.js';

/** Rows of a crawl's page list shown at once; `?pages_offset=` moves through the rest. */
export const PAGES_PER_VIEW = 50;

/** A page's status in the list's words. */
const STATUS_NAMES: Record<CrawlPageStatus, string> = {
  queued: 'Waiting',
  active: 'Fetching',
  completed: 'Counted',
  failed: 'Failed',
  skipped: 'Skipped',
};

/** Why a finished crawl stopped, as a sentence; `maxPages` and `maxDepth` are its options. */
function stoppedText(stopped: CrawlStop | null, maxPages: number, maxDepth: number): string | undefined {
  switch (stopped) {
    case 'done': return `It stopped when no more links were left to follow within ${maxDepth} ${maxDepth === 1 ? 'link' : 'links'} of the start page.`;
    case 'max_pages': return `It stopped at its limit of ${maxPages} ${maxPages === 1 ? 'page' : 'pages'}.`;
    case 'cancelled': return 'It was cancelled; the pages counted before then are included.';
    case 'deadline': return 'It reached the time limit for a crawl; the pages counted before then are included.';
    default: return undefined;
  }
}

/** Where a crawl's page list starts on its result page. */
export const PAGES_OFFSET = z.coerce.number().int().min(0).max(999_999_999).meta({
  description: `A crawl’s list of pages from this one, ${PAGES_PER_VIEW} at a time.`,
});

/** Offsets come from links people may edit: anything but a whole number is the first page of the list. */
function parsePagesOffset(value: unknown): number {
  const offset = PAGES_OFFSET.safeParse(value).data ?? 0;
  return offset - (offset % PAGES_PER_VIEW);
}

/** What a crawl's result page shows besides the counts: its progress, why it stopped, and one page of its URLs. */
export async function presentCrawl(db: Database, key: string, query: Record<string, unknown>, top: { limit: number; includeStopWords: boolean }) {
  const progress = await findCrawlProgress(db, key);
  if (!progress) return undefined;
  const offset = parsePagesOffset(query.pages_offset);
  const { pages, total } = await findCrawlPages(db, key, offset, PAGES_PER_VIEW);
  const { maxPages, maxDepth } = progress.options;
  const listUrl = (at: number) => {
    const params = new URLSearchParams();
    if (top.limit !== DEFAULT_TOP_LIMIT) params.set('limit', String(top.limit));
    if (top.includeStopWords) params.set('stopwords', 'include');
    if (at > 0) params.set('pages_offset', String(at));
    const search = params.toString();
    return `${resultPageUrl(key)}${search ? `?${search}` : ''}#crawl-pages`;
  };
  return {
    maxPages,
    maxDepth,
    counters: progress.pages,
    stopped: progress.stopped,
    stoppedText: stoppedText(progress.stopped, maxPages, maxDepth),
    pages: pages.map((page, index) => ({
      ...page,
      number: offset + index + 1,
      statusName: STATUS_NAMES[page.status],
      pageUrl: page.key ? resultPageUrl(page.key) : undefined,
      redirected: page.finalUrl !== null && page.finalUrl !== page.url,
    })),
    total,
    offset,
    previousUrl: offset > 0 ? listUrl(Math.max(offset - PAGES_PER_VIEW, 0)) : undefined,
    nextUrl: offset + PAGES_PER_VIEW < total ? listUrl(offset + PAGES_PER_VIEW) : undefined,
    perView: PAGES_PER_VIEW,
    csvUrl: `${resultsUrl(key)}/pages.csv`,
    cancelUrl: `${resultsUrl(key)}/cancel`,
  };
}

export type CrawlView = NonNullable<Awaited<ReturnType<typeof presentCrawl>>>;
