import { and, eq, inArray, sql } from 'drizzle-orm';
import type { CallbackDelivery, CallbackState } from '../core/callbacks.js';
import type { Database } from './database.js';
import { results, type ResultRow } from './schema.js';

const PENDING = eq(results.callbackState, 'pending');

/**
 * Callbacks still to deliver: of the given results, or (without keys) the oldest `limit` of all,
 * by the condition of the partial index results_callback_pending_idx.
 */
export async function findPendingCallbacks(db: Database, options: { keys?: readonly string[]; limit: number }): Promise<CallbackDelivery[]> {
  const where = options.keys ? and(PENDING, inArray(results.key, [...options.keys])) : PENDING;
  const rows = await db
    .select({ key: results.key, delivery: results.callbackDelivery })
    .from(results)
    .where(where)
    .orderBy(results.finishedAt)
    .limit(options.limit);
  return rows.flatMap(({ key, delivery }) => (delivery ? [{ key, delivery }] : []));
}

/** What a callback tells about its result, and where it goes. */
export type CallbackSource = Pick<
  ResultRow,
  'key' | 'kind' | 'url' | 'finalUrl' | 'status' | 'totalWords' | 'uniqueWords' | 'topNoStopWords' | 'error' | 'errorCode' | 'crawlKey' | 'finishedAt'
> & { callbackUrl: string };

/** The result behind a pending delivery; undefined once that delivery is settled or replaced by a later finish. */
export async function findCallbackSource(db: Database, { key, delivery }: CallbackDelivery): Promise<CallbackSource | undefined> {
  const [row] = await db
    .select({
      key: results.key, kind: results.kind, url: results.url, finalUrl: results.finalUrl, status: results.status,
      totalWords: results.totalWords, uniqueWords: results.uniqueWords, topNoStopWords: results.topNoStopWords,
      error: results.error, errorCode: results.errorCode, crawlKey: results.crawlKey, finishedAt: results.finishedAt,
      callbackUrl: results.callbackUrl,
    })
    .from(results)
    .where(and(eq(results.key, key), eq(results.callbackDelivery, delivery), PENDING));
  return row?.callbackUrl ? { ...row, callbackUrl: row.callbackUrl } : undefined;
}

/** Counts an attempt of a pending delivery: still `pending` (to be retried), `delivered` or `failed`. */
export async function recordCallbackAttempt(
  db: Database, { key, delivery }: CallbackDelivery, outcome: { state: CallbackState; error: string | null },
): Promise<void> {
  await db
    .update(results)
    .set({ callbackState: outcome.state, callbackLastError: outcome.error, callbackAttempts: sql`${results.callbackAttempts} + 1` })
    .where(and(eq(results.key, key), eq(results.callbackDelivery, delivery), PENDING));
}
