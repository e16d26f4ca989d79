import { and, asc, desc, eq, gt, isNotNull, sql } from 'drizzle-orm';
import type { WordCount } from '../core/results.js';
import type { Database } from './database.js';
import { SUMMARY_COLUMNS, type ResultSummary } from './result-reads.js';
import { crawlPages, results } from './schema.js';

/** A result's summary with its kept phrases of two or three words. */
export async function findResultPhrases(db: Database, key: string, length: 2 | 3): Promise<(ResultSummary & { phrases: WordCount[] | null }) | undefined> {
  const phrases = length === 2 ? results.twoWordPhrases : results.threeWordPhrases;
  const [row] = await db.select({ ...SUMMARY_COLUMNS, phrases }).from(results).where(eq(results.key, key));
  return row;
}

/** A result's summary with its full count list, stop words included or not. */
export async function findResultCounts(db: Database, key: string, includeStopWords: boolean): Promise<(ResultSummary & { counts: WordCount[] | null }) | undefined> {
  const counts = includeStopWords ? results.resultAll : results.resultNoStopWords;
  const [row] = await db.select({ ...SUMMARY_COLUMNS, counts }).from(results).where(eq(results.key, key));
  return row;
}

/** A result's summary with its compressed counted text (null for a crawl, and once retention removed it). */
export async function findResultText(db: Database, key: string): Promise<(ResultSummary & { countedText: Buffer | null }) | undefined> {
  const [row] = await db.select({ ...SUMMARY_COLUMNS, countedText: results.countedText }).from(results).where(eq(results.key, key));
  return row;
}

export interface CrawlPageText {
  /** The page's place in the crawl's order, to read on after it. */
  id: number;
  url: string;
  key: string;
  countedText: Buffer | null;
}

/** The counted texts of a crawl's completed pages after the page `afterId`, in the crawl's order. */
export async function findCrawlTexts(db: Database, crawlKey: string, afterId: number, limit: number): Promise<CrawlPageText[]> {
  return db
    .select({ id: crawlPages.id, url: crawlPages.url, key: sql<string>`${crawlPages.pageKey}`, countedText: results.countedText })
    .from(crawlPages)
    .innerJoin(results, eq(results.key, crawlPages.pageKey))
    .where(and(eq(crawlPages.crawlKey, crawlKey), eq(crawlPages.status, 'completed'), gt(crawlPages.id, afterId)))
    .orderBy(asc(crawlPages.id))
    .limit(limit);
}

export interface PageLength {
  url: string;
  key: string;
  words: number;
}

/** How many of a crawl's pages were counted, and the `count` longest and shortest of them (ties in the crawl's order). */
export async function findCrawlPageLengths(db: Database, crawlKey: string, count: number): Promise<{ counted: number; longest: PageLength[]; shortest: PageLength[] }> {
  const counted = and(eq(crawlPages.crawlKey, crawlKey), eq(crawlPages.status, 'completed'), isNotNull(crawlPages.totalWords));
  const columns = { url: crawlPages.url, key: sql<string>`${crawlPages.pageKey}`, words: sql<number>`${crawlPages.totalWords}` };
  const [total, longest, shortest] = await Promise.all([
    db.$count(crawlPages, counted),
    db.select(columns).from(crawlPages).where(counted).orderBy(desc(crawlPages.totalWords), asc(crawlPages.id)).limit(count),
    db.select(columns).from(crawlPages).where(counted).orderBy(asc(crawlPages.totalWords), asc(crawlPages.id)).limit(count),
  ]);
  return { counted: total, longest, shortest };
}

export interface PageDistinctiveWords {
  url: string;
  key: string;
  words: Array<[word: string, score: number]>;
}

/**
 * One page of a crawl's counted pages with their distinctive words (none for a crawl completed before
 * they were stored), in the crawl's order, and how many counted pages there are.
 */
export async function findDistinctiveWords(db: Database, crawlKey: string, offset: number, limit: number): Promise<{ pages: PageDistinctiveWords[]; total: number }> {
  const scored = and(eq(crawlPages.crawlKey, crawlKey), eq(crawlPages.status, 'completed'));
  const [rows, total] = await Promise.all([
    db
      .select({ url: crawlPages.url, key: sql<string>`${crawlPages.pageKey}`, words: crawlPages.distinctiveWords })
      .from(crawlPages)
      .where(scored)
      .orderBy(asc(crawlPages.id))
      .offset(offset)
      .limit(limit),
    db.$count(crawlPages, scored),
  ]);
  return { pages: rows.map((row) => ({ ...row, words: row.words ?? [] })), total };
}

/** Whether the crawl has completed pages after the page `afterId`. */
export async function hasCompletedPagesAfter(db: Database, crawlKey: string, afterId: number): Promise<boolean> {
  const [row] = await db
    .select({ id: crawlPages.id })
    .from(crawlPages)
    .where(and(eq(crawlPages.crawlKey, crawlKey), eq(crawlPages.status, 'completed'), gt(crawlPages.id, afterId)))
    .limit(1);
  return row !== undefined;
}
