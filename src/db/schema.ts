import { sql, type SQL } from 'drizzle-orm';
import { index, type AnyPgColumn, integer, json, pgEnum, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { CONTENT_MODES, RESULT_STATUSES, UNFINISHED_STATUSES, type WordCount } from '../core/results.js';

const UNFINISHED_LIST = sql.raw(UNFINISHED_STATUSES.map((status) => `'${status}'`).join(', '));

/**
 * `status in ('queued', 'active')`, spelled one way for the partial indexes and the queries that
 * repeat their condition, which is what lets the planner use them.
 */
export function isUnfinished(status: AnyPgColumn): SQL {
  return sql`${status} in (${UNFINISHED_LIST})`;
}

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
    /** Who submitted it (src/web/middleware/client-key.ts), for the limit on pages one client may have in flight. */
    clientKey: text(),
    /** What the submission asked for (core/results.ts, CountingRequest). */
    content: text({ enum: CONTENT_MODES }).notNull().default('page'),
    requestedLanguage: text(),
    /** How the page was counted (CountingChoices), written with the counts. */
    language: text(),
    stopWords: text(),
    contentUsed: text({ enum: CONTENT_MODES }),
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
  ],
);

export type ResultRow = typeof results.$inferSelect;
