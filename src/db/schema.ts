import { sql, type SQL } from 'drizzle-orm';
import { bigserial, boolean, customType, index, type AnyPgColumn, integer, json, pgEnum, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { CALLBACK_STATES } from '../core/callbacks.js';
import { CRAWL_PAGE_STATUSES, CRAWL_STOPS, type CrawlOptions } from '../core/crawl.js';
import { CONTENT_MODES, RESULT_KINDS, RESULT_STATUSES, UNFINISHED_STATUSES, type WordCount } from '../core/results.js';

const UNFINISHED_LIST = sql.raw(UNFINISHED_STATUSES.map((status) => `'${status}'`).join(', '));

/**
 * `status in ('queued', 'active')`, spelled one way for the partial indexes and the queries that
 * repeat their condition, which is what lets the planner use them.
 */
export function isUnfinished(status: AnyPgColumn): SQL {
  return sql`${status} in (${UNFINISHED_LIST})`;
}

/** Binary data, as Postgres keeps it; drizzle has no built-in column for it. */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

export const resultStatus = pgEnum('result_status', RESULT_STATUSES);

/**
 * One row per submission, keyed by the job key. The full counts can be 50,000 entries, so the
 * read path serves the short `top_*` lists and never touches the full ones.
 */
export const results = pgTable(
  'results',
  {
    key: uuid().primaryKey(),
    url: text().notNull(),
    /** `url` in canonical form, to answer a repeat submission with the existing result. */
    canonicalUrl: text(),
    finalUrl: text(),
    status: resultStatus().notNull().default('queued'),
    progress: smallint().notNull().default(0),
    error: text(),
    errorCode: text(),
    /** Every word with its count, most frequent first (the original's `result_all`). */
    resultAll: json().$type<WordCount[]>(),
    /** The same without stop words (the original's `result_no_stop_words`). */
    resultNoStopWords: json().$type<WordCount[]>(),
    topAll: json().$type<WordCount[]>(),
    topNoStopWords: json().$type<WordCount[]>(),
    totalWords: integer(),
    uniqueWords: integer(),
    /** How many sentences the counted text has (a crawl: its pages' summed), for words per sentence. */
    sentenceCount: integer(),
    /**
     * The most frequent sequences of two and of three words (`[phrase, count]`, the words joined by one
     * space), none starting or ending with a stop word or crossing a sentence: at most MAX_PHRASES_KEPT.
     */
    twoWordPhrases: json().$type<WordCount[]>(),
    threeWordPhrases: json().$type<WordCount[]>(),
    /**
     * A page's counted text, Brotli-compressed: its words as counted, one space between them, one
     * sentence a line. Kept for COUNTED_TEXT_RETENTION_DAYS after it finishes, then set to null.
     */
    countedText: bytea(),
    /** Who submitted it (src/web/middleware/client-key.ts), for the limit on pages one client may have in flight. */
    clientKey: text(),
    /** What the submission asked for (core/results.ts, CountingRequest). */
    content: text({ enum: CONTENT_MODES }).notNull().default('page'),
    requestedLanguage: text(),
    /** How the page was counted (CountingChoices), written with the counts. */
    language: text(),
    stopWords: text(),
    contentUsed: text({ enum: CONTENT_MODES }),
    /** A page, or a site crawl whose counts are its pages' summed (its state is in `crawls`). */
    kind: text({ enum: RESULT_KINDS }).notNull().default('page'),
    /** For a page counted as part of a crawl: that crawl's key. */
    crawlKey: uuid(),
    /** Where to POST a summary when the result finishes (README, "Webhooks"). */
    callbackUrl: text(),
    /** For a crawl: whether each of its pages calls back too (migration 0008's trigger gives them the crawl's URL). */
    callbackPages: boolean().notNull().default(false),
    /** Its latest finish's callback; the finishing transaction sets it pending (migration 0008's trigger). */
    callbackState: text({ enum: CALLBACK_STATES }),
    /** New with each finish, sent as Wordcrawler-Delivery so a receiver can drop repeats. */
    callbackDelivery: uuid(),
    callbackAttempts: smallint().notNull().default(0),
    callbackLastError: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (table) => [
    index('results_created_at_idx').on(table.createdAt.desc()),
    index('results_canonical_url_idx').on(table.canonicalUrl, table.createdAt.desc()),
    // Recovery after a Redis loss looks for unfinished rows; they are few, so a partial index stays tiny.
    index('results_unfinished_idx').on(table.createdAt).where(isUnfinished(table.status)),
    // Each submission counts its client's unfinished rows; the same partial condition keeps it small.
    index('results_unfinished_by_client_idx').on(table.clientKey).where(isUnfinished(table.status)),
    // The retention sweep looks for finished rows that still keep their text.
    index('results_counted_text_idx').on(table.finishedAt).where(sql`${table.countedText} is not null`),
    // The callback dispatcher's sweep looks for callbacks not yet delivered or given up on.
    index('results_callback_pending_idx').on(table.finishedAt).where(sql`${table.callbackState} = 'pending'`),
  ],
);

export type ResultRow = typeof results.$inferSelect;

export const crawlPageStatus = pgEnum('crawl_page_status', CRAWL_PAGE_STATUSES);

/** A crawl's own state beside its results row (kind `crawl`), which carries its status and combined counts. */
export const crawls = pgTable('crawls', {
  key: uuid().primaryKey().references(() => results.key, { onDelete: 'cascade' }),
  options: json().$type<CrawlOptions>().notNull(),
  /** Why it stops, once it does: no page is queued after this is set. */
  stopped: text({ enum: CRAWL_STOPS }),
  /** Sitemaps still to read; the crawl cannot be complete while any are left. */
  sitemapQueue: json().$type<string[]>().notNull().default([]),
  /** Whether the sitemaps to read have been looked up (in the robots.txt of where the start page landed). */
  sitemapsListed: boolean().notNull().default(false),
  sitemapsRead: integer().notNull().default(0),
  /** False until robots.txt is read and the start page queued. */
  seeded: boolean().notNull().default(false),
  /** Where the start page was fetched from, after redirects: the scope is drawn around it, not the URL as submitted. */
  scopeUrl: text(),
});

/**
 * Every URL a crawl found and kept, in discovery order (`id`), once per canonical URL. A row gets a
 * `page_key` (a results row and a job) when the crawl has room for it, and keeps it if the page is
 * counted or fails; a skipped page has none.
 */
export const crawlPages = pgTable(
  'crawl_pages',
  {
    id: bigserial({ mode: 'number' }).notNull(),
    crawlKey: uuid().notNull().references(() => results.key, { onDelete: 'cascade' }),
    url: text().notNull(),
    canonicalUrl: text().notNull(),
    depth: smallint().notNull(),
    status: crawlPageStatus().notNull().default('queued'),
    code: text(),
    error: text(),
    pageKey: uuid(),
    finalUrl: text(),
    finalCanonicalUrl: text(),
    totalWords: integer(),
    /** A digest of the counted text, to skip a page whose text another page already gave. */
    textHash: text(),
    /** The page's most distinctive words across its crawl (TF-IDF), `[word, score]`, written when the crawl completes. */
    distinctiveWords: json().$type<Array<[word: string, score: number]>>(),
  },
  (table) => [
    primaryKey({ columns: [table.crawlKey, table.canonicalUrl] }),
    uniqueIndex('crawl_pages_order_idx').on(table.crawlKey, table.id),
    uniqueIndex('crawl_pages_page_key_idx').on(table.pageKey),
    index('crawl_pages_final_idx').on(table.crawlKey, table.finalCanonicalUrl),
    index('crawl_pages_text_hash_idx').on(table.crawlKey, table.textHash),
  ],
);

/** What each origin's robots.txt (scheme, host name and port: RFC 9309, 2.3) says, read once per crawl; `robots` is null while one worker reads it. */
export const crawlHosts = pgTable(
  'crawl_hosts',
  {
    crawlKey: uuid().notNull().references(() => results.key, { onDelete: 'cascade' }),
    origin: text().notNull(),
    /** `rules` (in `robots_txt`), `allow_all` (it answered 4xx) or `disallow_all` (unavailable). */
    robots: text({ enum: ['rules', 'allow_all', 'disallow_all'] }),
    robotsTxt: text(),
    readingSince: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.crawlKey, table.origin] })],
);

export type CrawlRow = typeof crawls.$inferSelect;
export type CrawlPageRow = typeof crawlPages.$inferSelect;
