import { desc, eq, inArray, sql, type SQLWrapper } from 'drizzle-orm';
import type { WordCount } from '../core/results.js';
import type { Database } from './database.js';
import { preparedPerDatabase } from './prepared.js';
import { isUnfinished, results, type ResultRow } from './schema.js';

/** Everything about a result except its (possibly huge) full counts. */
export const SUMMARY_COLUMNS = {
  key: results.key,
  url: results.url,
  finalUrl: results.finalUrl,
  status: results.status,
  progress: results.progress,
  error: results.error,
  errorCode: results.errorCode,
  totalWords: results.totalWords,
  uniqueWords: results.uniqueWords,
  sentenceCount: results.sentenceCount,
  createdAt: results.createdAt,
  startedAt: results.startedAt,
  finishedAt: results.finishedAt,
  content: results.content,
  requestedLanguage: results.requestedLanguage,
  language: results.language,
  stopWords: results.stopWords,
  contentUsed: results.contentUsed,
  kind: results.kind,
  crawlKey: results.crawlKey,
  callbackUrl: results.callbackUrl,
  callbackState: results.callbackState,
  callbackAttempts: results.callbackAttempts,
  callbackLastError: results.callbackLastError,
};

export type ResultSummary = Omit<
  ResultRow,
  'canonicalUrl' | 'clientKey' | 'resultAll' | 'resultNoStopWords' | 'topAll' | 'topNoStopWords' | 'twoWordPhrases' | 'threeWordPhrases' | 'countedText'
  | 'callbackPages' | 'callbackDelivery'
>;

export async function findResultSummary(db: Database, key: string): Promise<ResultSummary | undefined> {
  const [row] = await db.select(SUMMARY_COLUMNS).from(results).where(eq(results.key, key));
  return row;
}

/** Summaries of the given results, newest first; unknown keys are left out. */
export async function findResultSummaries(db: Database, keys: readonly string[]): Promise<ResultSummary[]> {
  if (keys.length === 0) return [];
  return db.select(SUMMARY_COLUMNS).from(results).where(inArray(results.key, [...keys])).orderBy(desc(results.createdAt));
}

/** Every word with its count, for downloads; undefined when the key is unknown. */
export type DownloadFormat = 'json' | 'csv';

/**
 * One full count list ready to send, built by Postgres so the web process never parses or rebuilds it
 * (that held it for half a second on a page of 200,000 words): `json` is the stored text as written
 * (the columns are `json`, so `::text` returns it unchanged); `csv` is the CSV rows of src/web/api/csv.ts
 * without its BOM and header, with its cell rules: a leading apostrophe for what a spreadsheet would
 * run as a formula, RFC 4180 quotes where needed.
 */
export async function findResultDownload(
  db: Database,
  key: string,
  includeStopWords: boolean,
  format: DownloadFormat,
): Promise<{ status: ResultSummary['status']; body: string | null } | undefined> {
  const counts = includeStopWords ? results.resultAll : results.resultNoStopWords;
  const [row] = await db
    .select({ status: results.status, body: format === 'json' ? sql<string | null>`${counts}::text` : csvRows(counts) })
    .from(results)
    .where(eq(results.key, key));
  return row;
}

function csvRows(counts: SQLWrapper) {
  const cell = sql`case when word ~ '[",\r\n]' then '"' || replace(word, '"', '""') || '"' else word end`;
  return sql<string | null>`(
    select string_agg(${cell} || ',' || count, E'\r\n' order by ord)
    from (
      select case when pair->>0 ~ '^[-=+@\t\r]' then '''' || (pair->>0) else pair->>0 end as word, pair->>1 as count, ord
      from json_array_elements(${counts}) with ordinality as entries(pair, ord)
    ) as cells
  )`;
}

/**
 * The summary plus one top list, in a single read of the row. Pollers call this many times a second,
 * so it is a prepared statement: drizzle building the query cost more than Postgres running it.
 */
export async function findResultTop(
  db: Database,
  key: string,
  includeStopWords: boolean,
): Promise<(ResultSummary & { top: WordCount[] | null }) | undefined> {
  const statements = topStatements(db);
  const [row] = await (includeStopWords ? statements.all : statements.noStopWords).execute({ key });
  return row;
}

function prepareTopStatements(db: Database) {
  const select = (top: typeof results.topAll | typeof results.topNoStopWords, name: string) =>
    db.select({ ...SUMMARY_COLUMNS, top }).from(results).where(eq(results.key, sql.placeholder('key'))).prepare(name);
  return { all: select(results.topAll, 'wordcrawler_find_top_all'), noStopWords: select(results.topNoStopWords, 'wordcrawler_find_top_no_stop_words') };
}

const topStatements = preparedPerDatabase(prepareTopStatements);

/** Keys of results not yet finished, oldest first: after a Redis loss their jobs may be gone. */
export async function findUnfinishedKeys(db: Database, limit: number): Promise<string[]> {
  const rows = await db
    .select({ key: results.key })
    .from(results)
    // The condition of the partial index results_unfinished_idx, so the planner can use it.
    .where(isUnfinished(results.status))
    .orderBy(results.createdAt)
    .limit(limit);
  return rows.map((row) => row.key);
}
