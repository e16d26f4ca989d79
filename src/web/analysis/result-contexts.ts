import { AppError } from '../../core/errors.js';
import { wordKey } from '../../core/word-key.js';
import { findCrawlTexts, hasCompletedPagesAfter } from '../../db/analysis-reads.js';
import type { Database } from '../../db/database.js';
import type { ResultSummary } from '../../db/result-reads.js';
import { readCountedText } from './counted-text.js';
import { findContexts, type WordContext } from './word-contexts.js';

// A crawl's texts are read this many pages at a time, until enough contexts are found.
const PAGES_PER_READ = 20;

export interface PageContext extends WordContext {
  page_url?: string;
  page_key?: string;
}

export interface Contexts {
  total: number;
  contexts: PageContext[];
  /** Whether pages of a crawl were left unread once `limit` contexts were found, so `total` counts only those read. */
  truncated: boolean;
}

/** What to look for: a word as typed, how many words either side, how many occurrences. */
export interface ContextSearch {
  word: string;
  width: number;
  limit: number;
}

/**
 * A word's occurrences in a completed result's counted text, for the API and the result page alike:
 * a page's own text, or a crawl's pages' in the crawl's order. Throws `text_unavailable` when the
 * text is no longer kept.
 */
export async function findResultContexts(
  db: Database, result: ResultSummary & { countedText: Buffer | null }, search: ContextSearch, retentionDays: number,
): Promise<Contexts> {
  const keyed = { key: wordKey(search.word), width: search.width, limit: search.limit };
  const gone = () => textUnavailable(result.key, result.kind, retentionDays);
  return result.kind === 'crawl' ? crawlContexts(db, result.key, keyed, gone) : pageContexts(result, keyed, gone);
}

interface Search {
  key: string;
  width: number;
  limit: number;
}

async function pageContexts(result: ResultSummary & { countedText: Buffer | null }, search: Search, gone: () => AppError): Promise<Contexts> {
  if (!result.countedText) throw gone();
  const found = findContexts(await readCountedText(result.countedText), search.key, search.width, search.limit);
  return { ...found, truncated: false };
}

/** Reads the crawl's pages in its order, each whole, and stops after the page where `limit` contexts are reached. */
async function crawlContexts(db: Database, crawlKey: string, search: Search, gone: () => AppError): Promise<Contexts> {
  const answer: Contexts = { total: 0, contexts: [], truncated: false };
  let lastId = 0;
  for (;;) {
    const pages = await findCrawlTexts(db, crawlKey, lastId, PAGES_PER_READ);
    for (const page of pages) {
      if (!page.countedText) throw gone();
      const found = findContexts(await readCountedText(page.countedText), search.key, search.width, search.limit - answer.contexts.length);
      answer.total += found.total;
      for (const context of found.contexts) answer.contexts.push({ ...context, page_url: page.url, page_key: page.key });
      lastId = page.id;
      if (answer.contexts.length >= search.limit) {
        answer.truncated = await hasCompletedPagesAfter(db, crawlKey, lastId);
        return answer;
      }
    }
    if (pages.length < PAGES_PER_READ) return answer;
  }
}

function textUnavailable(key: string, kind: ResultSummary['kind'], retentionDays: number): AppError {
  const which = kind === 'page' ? `this page (${key})` : `the pages of this crawl (${key})`;
  const why = retentionDays === 0
    ? 'this server keeps no counted texts (COUNTED_TEXT_RETENTION_DAYS=0); its operator can set it to a number of days to keep them'
    : `this server keeps them ${retentionDays} days after counting (COUNTED_TEXT_RETENTION_DAYS)`;
  return new AppError(
    'text_unavailable',
    `the counted text of ${which} is no longer kept, so its words cannot be shown in context: ${why}. `
      + 'Submit the URL again with "fresh": true to count it anew.',
  );
}
