import { and, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { results } from './schema.js';

/**
 * Sets to null the counted text of up to `batch` results that finished more than `retentionDays`
 * ago (0: any that finished), and says how many. The partial index results_counted_text_idx holds
 * exactly the rows that still have text, by when they finished, so each batch is an index range.
 */
export async function clearExpiredCountedText(db: Database, retentionDays: number, batch: number): Promise<number> {
  const expired = db
    .select({ key: results.key })
    .from(results)
    .where(and(isNotNull(results.countedText), lt(results.finishedAt, sql`now() - make_interval(days => ${retentionDays}::int)`)))
    .limit(batch);
  const cleared = await db.update(results).set({ countedText: null }).where(inArray(results.key, expired)).returning({ key: results.key });
  return cleared.length;
}
