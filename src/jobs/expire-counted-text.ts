import type { Logger } from '../core/logger.js';
import { clearExpiredCountedText } from '../db/counted-text-retention.js';
import type { Database } from '../db/database.js';

/** Rows cleared per statement: short transactions, whatever the backlog (the first sweep after retention shrank, say). */
const BATCH = 1_000;

/**
 * Drops the counted text of results finished longer ago than COUNTED_TEXT_RETENTION_DAYS, a batch
 * at a time until none is left, and says how many. Several workers sweeping at once only share the work.
 */
export async function expireCountedText(db: Database, retentionDays: number, logger: Logger): Promise<number> {
  let cleared = 0;
  for (let batch = BATCH; batch === BATCH; cleared += batch) batch = await clearExpiredCountedText(db, retentionDays, BATCH);
  if (cleared > 0) logger.info({ cleared, retentionDays }, 'counted text past its retention removed');
  return cleared;
}
