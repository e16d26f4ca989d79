import { workerCrashed } from '../core/errors.js';
import type { EnsureQueued, FailCrawl } from '../core/job-contract.js';
import type { Logger } from '../core/logger.js';
import type { Database } from '../db/database.js';
import { findUnfinishedKeys } from '../db/result-reads.js';

const BATCH = 500;

/**
 * Postgres is the record; Redis only carries work in flight. After Redis restarts empty (or fails
 * over), results still queued or active have no job: this gives them one. Job ids are the keys, so
 * a job that still exists is left alone and several workers sweeping at once add nothing twice. A
 * job that failed by killing its workers is not given another: its row is failed with the reason.
 */
export async function requeueUnfinished(db: Database, jobs: { ensureQueued: EnsureQueued; failCrawl: FailCrawl }, logger: Logger): Promise<number> {
  let changed = 0;
  for (const key of await findUnfinishedKeys(db, BATCH)) {
    const outcome = await jobs.ensureQueued(key);
    if (outcome === 'present') continue;
    changed += 1;
    if (outcome === 'crashed') {
      await jobs.failCrawl(key, workerCrashed());
    } else {
      logger.warn({ key, outcome }, 'unfinished result had no live job; requeued');
    }
  }
  logger.debug({ changed }, 'requeue sweep done');
  return changed;
}
