import { and, desc, eq, gt, inArray, ne, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { AppError } from '../core/errors.js';
import { PROGRESS, type ContentMode, type CountingRequest, type ResultKind, type StoredCounts } from '../core/results.js';
import type { Database } from './database.js';
import { preparedPerDatabase } from './prepared.js';
import { SUMMARY_COLUMNS, type ResultSummary } from './result-reads.js';
import { isUnfinished, results } from './schema.js';

/** Null equals null here, as the reuse of a result asks: `=` would never match two submissions without a language. */
function isNotDistinctFrom(column: SQLWrapper, value: string | null): SQL {
  return sql`${column} is not distinct from ${value}`;
}

/** A submission to record. `clientKey` is who sent it (src/web/middleware/client-key.ts). */
export interface NewResult {
  key: string;
  url: string;
  canonicalUrl: string;
  clientKey: string;
  /** Whole page unless asked otherwise. */
  content?: ContentMode;
  /** The language named at submission; absent lets the page's text decide. */
  requestedLanguage?: string | null;
  /** Where to POST a summary when it finishes. */
  callbackUrl?: string | null;
}

function withDefaults(row: NewResult): Required<NewResult> {
  return { ...row, content: row.content ?? 'page', requestedLanguage: row.requestedLanguage ?? null, callbackUrl: row.callbackUrl ?? null };
}

/** What a worker needs to crawl a claimed row. */
export interface ClaimedResult extends CountingRequest {
  url: string;
  kind: ResultKind;
  /** The crawl a page belongs to, if any. */
  crawlKey: string | null;
}

/** Both 0 means off: every submission is inserted, in one prepared statement. */
export interface AdmissionRules {
  /** A repeat of the same canonical URL within this many seconds gets the earlier result. */
  reuseWindowSeconds: number;
  /** How many unfinished results one client may have; past it nothing is inserted. */
  maxInFlight: number;
}

/** What became of a submission; `inFlight` is how many unfinished results the client had before it. */
export type Admission =
  | { outcome: 'reused'; earlier: ResultSummary }
  | { outcome: 'inserted'; inFlight: number }
  | { outcome: 'full'; inFlight: number };

export async function insertQueuedResult(db: Database, row: NewResult): Promise<void> {
  await preparedStatements(db).insertQueued.execute(withDefaults(row));
}

/**
 * Inserts a queued row for the submission unless the same canonical URL, asked for the same way
 * (content mode and language), has a result from the last
 * `reuseWindowSeconds` (that one is returned, unless it failed) or the client already has
 * `maxInFlight` unfinished results. Transaction-scoped advisory locks on the canonical URL and on the
 * client make simultaneous submissions agree: on one row for the same page, and on the count (the
 * URL's lock is always taken first, so two submissions never wait on each other in a circle).
 */
export async function admitResult(db: Database, submitted: NewResult, rules: AdmissionRules): Promise<Admission> {
  const row = withDefaults(submitted);
  if (rules.reuseWindowSeconds === 0 && rules.maxInFlight === 0) {
    await insertQueuedResult(db, row);
    return { outcome: 'inserted', inFlight: 0 };
  }
  return db.transaction(async (tx) => {
    if (rules.reuseWindowSeconds > 0) {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${row.canonicalUrl}))`);
      const [earlier] = await tx
        .select(SUMMARY_COLUMNS)
        .from(results)
        .where(and(
          eq(results.canonicalUrl, row.canonicalUrl),
          eq(results.content, row.content),
          isNotDistinctFrom(results.requestedLanguage, row.requestedLanguage),
          ne(results.status, 'failed'),
          gt(results.createdAt, sql`now() - make_interval(secs => ${rules.reuseWindowSeconds})`),
        ))
        .orderBy(desc(results.createdAt))
        .limit(1);
      if (earlier) return { outcome: 'reused', earlier };
    }
    let inFlight = 0;
    if (rules.maxInFlight > 0) {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`client:${row.clientKey}`}))`);
      // The condition of the partial index results_unfinished_by_client_idx, so the planner can use it.
      inFlight = await tx.$count(results, and(eq(results.clientKey, row.clientKey), isUnfinished(results.status)));
      if (inFlight >= rules.maxInFlight) return { outcome: 'full', inFlight };
    }
    await tx.insert(results).values({ ...row, status: 'queued' });
    return { outcome: 'inserted', inFlight };
  });
}

/**
 * Admits several submissions of one client, in order. Without rules every one is inserted in a single
 * multi-row statement; with them each is admitted as admitResult does, so the reuse and the in-flight
 * count see the earlier ones.
 */
export async function admitResults(db: Database, submitted: readonly NewResult[], rules: AdmissionRules): Promise<Admission[]> {
  if (submitted.length === 0) return [];
  if (rules.reuseWindowSeconds === 0 && rules.maxInFlight === 0) {
    await db.insert(results).values(submitted.map((row) => ({ ...withDefaults(row), status: 'queued' as const })));
    return submitted.map(() => ({ outcome: 'inserted', inFlight: 0 }));
  }
  const admissions: Admission[] = [];
  for (const row of submitted) admissions.push(await admitResult(db, row, rules));
  return admissions;
}

export async function deleteResult(db: Database, key: string): Promise<void> {
  await db.delete(results).where(eq(results.key, key));
}

export async function deleteResults(db: Database, keys: readonly string[]): Promise<void> {
  if (keys.length > 0) await db.delete(results).where(inArray(results.key, [...keys]));
}

/**
 * Claims a row for crawling. Returns its URL and what to count, or undefined when there is nothing
 * to do: the row is gone (its enqueue failed) or already completed (a duplicate or retried job).
 */
export async function markResultActive(db: Database, key: string): Promise<ClaimedResult | undefined> {
  const [row] = await preparedStatements(db).markActive.execute({ key });
  if (!row) return undefined;
  return {
    url: row.url, content: row.content, kind: row.kind, crawlKey: row.crawlKey, ...(row.requestedLanguage ? { language: row.requestedLanguage } : {}),
  };
}

/** Hands an interrupted crawl back: the row waits for the next worker again. */
export async function markResultQueued(db: Database, key: string): Promise<void> {
  await db
    .update(results)
    .set({ status: 'queued', progress: PROGRESS.queued })
    .where(and(eq(results.key, key), eq(results.status, 'active')));
}

export async function setResultProgress(db: Database, key: string, progress: number): Promise<void> {
  await preparedStatements(db).setProgress.execute({ key, progress });
}

/** Writes counts, totals and final URL and marks the row completed, in one statement. */
export async function saveResultCounts(db: Database, key: string, finalUrl: string, counts: StoredCounts): Promise<void> {
  await preparedStatements(db).saveCounts.execute({
    key,
    finalUrl,
    all: counts.allJson,
    noStopWords: counts.noStopWordsJson,
    topAll: counts.topAllJson,
    topNoStopWords: counts.topNoStopWordsJson,
    totalWords: counts.totalWords,
    uniqueWords: counts.uniqueWords,
    language: counts.language,
    stopWords: counts.stopWords,
    contentUsed: counts.contentUsed,
    sentenceCount: counts.sentenceCount,
    twoWordPhrases: counts.twoWordPhrasesJson,
    threeWordPhrases: counts.threeWordPhrasesJson,
    countedText: countedTextParam(counts.countedText),
  });
}

/** The counted text as the driver writes bytea: a Buffer (counting-pool.ts gives one; a Uint8Array is wrapped, not copied). */
export function countedTextParam(text: Uint8Array | null): Buffer | null {
  if (text === null || Buffer.isBuffer(text)) return text;
  return Buffer.from(text.buffer, text.byteOffset, text.byteLength);
}

export async function markResultFailed(db: Database, key: string, error: AppError): Promise<void> {
  await db
    .update(results)
    .set({ status: 'failed', error: error.message, errorCode: error.code, finishedAt: sql`now()` })
    .where(and(eq(results.key, key), ne(results.status, 'completed')));
}

type CompletedValues = Record<
  | 'finalUrl' | 'all' | 'noStopWords' | 'topAll' | 'topNoStopWords' | 'totalWords' | 'uniqueWords' | 'language' | 'stopWords' | 'contentUsed'
  | 'sentenceCount' | 'twoWordPhrases' | 'threeWordPhrases' | 'countedText',
  SQL
>;

/** What a completed row is set to, as placeholders (db/crawl-finish.ts sets the same columns for a crawl's pages). */
export function completedColumns(values: CompletedValues) {
  return {
    status: 'completed' as const,
    progress: PROGRESS.done,
    finalUrl: values.finalUrl,
    resultAll: values.all,
    resultNoStopWords: values.noStopWords,
    topAll: values.topAll,
    topNoStopWords: values.topNoStopWords,
    totalWords: values.totalWords,
    uniqueWords: values.uniqueWords,
    language: values.language,
    stopWords: values.stopWords,
    contentUsed: values.contentUsed,
    sentenceCount: values.sentenceCount,
    twoWordPhrases: values.twoWordPhrases,
    threeWordPhrases: values.threeWordPhrases,
    countedText: values.countedText,
    error: null,
    errorCode: null,
    finishedAt: sql`now()`,
  };
}

/** The statements every submission and crawl runs (prepared.ts says why they are prepared). */
function prepareStatements(db: Database) {
  // Placeholders go in as SQL: the column encoders are not applied to them, so JSON arrives as text.
  const param = (name: string) => sql`${sql.placeholder(name)}`;
  const json = (name: string) => sql`${sql.placeholder(name)}::json`;
  const key = sql.placeholder('key');
  const notCompleted = and(eq(results.key, key), ne(results.status, 'completed'));
  return {
    insertQueued: db
      .insert(results)
      .values({
        key,
        url: sql.placeholder('url'),
        canonicalUrl: sql.placeholder('canonicalUrl'),
        clientKey: sql.placeholder('clientKey'),
        content: sql.placeholder('content'),
        requestedLanguage: sql.placeholder('requestedLanguage'),
        callbackUrl: sql.placeholder('callbackUrl'),
        status: 'queued',
      })
      .prepare('wordcrawler_insert_queued_result'),
    markActive: db
      .update(results)
      // A crawl's deadline runs from its first start, however often its job runs again.
      .set({ status: 'active', progress: PROGRESS.fetching, startedAt: sql`case when ${results.kind} = 'crawl' then coalesce(${results.startedAt}, now()) else now() end`, error: null, errorCode: null })
      .where(notCompleted)
      .returning({ url: results.url, content: results.content, requestedLanguage: results.requestedLanguage, kind: results.kind, crawlKey: results.crawlKey })
      .prepare('wordcrawler_mark_result_active'),
    setProgress: db
      .update(results)
      .set({ progress: param('progress') })
      .where(and(eq(results.key, key), eq(results.status, 'active')))
      .prepare('wordcrawler_set_result_progress'),
    saveCounts: db
      .update(results)
      .set(completedColumns({
        finalUrl: param('finalUrl'),
        all: json('all'),
        noStopWords: json('noStopWords'),
        topAll: json('topAll'),
        topNoStopWords: json('topNoStopWords'),
        totalWords: param('totalWords'),
        uniqueWords: param('uniqueWords'),
        language: param('language'),
        stopWords: param('stopWords'),
        contentUsed: param('contentUsed'),
        sentenceCount: param('sentenceCount'),
        twoWordPhrases: json('twoWordPhrases'),
        threeWordPhrases: json('threeWordPhrases'),
        countedText: param('countedText'),
      }))
      .where(notCompleted)
      .prepare('wordcrawler_save_result_counts'),
  };
}

const preparedStatements = preparedPerDatabase(prepareStatements);
