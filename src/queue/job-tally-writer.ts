import { withDeadline } from '../core/deadline.js';
import type { Logger } from '../core/logger.js';
import { tallyIncrements, type JobOutcome } from './job-tally.js';
import type { TallyStore } from './queue-store.js';

/** How often a worker writes the outcomes it has added up to the shared hash. */
export const TALLY_FLUSH_MS = 1_000;
const TALLY_CLOSE_MS = 2_000;

export interface JobTallyWriter {
  record(outcome: JobOutcome): void;
  /** Writes what is left, waiting at most TALLY_CLOSE_MS (Redis may be the reason for the shutdown). */
  close(): Promise<void>;
}

/**
 * Adds outcomes up in memory and writes them in one go every TALLY_FLUSH_MS: a dozen hash
 * increments per job cost the worker and Redis more than the job's own queue traffic. A write that
 * fails keeps its increments for the next one, so an outage delays the figures without losing them.
 */
export function startJobTallyWriter(store: TallyStore, logger: Logger): JobTallyWriter {
  let pending = new Map<string, number>();
  let flushing: Promise<void> = Promise.resolve();
  const flush = () => {
    flushing = flushing.then(async () => {
      if (pending.size === 0) return;
      const batch = pending;
      pending = new Map();
      try {
        await store.add(batch);
      } catch (error) {
        logger.debug({ error: (error as Error).message }, 'job tallies not written; kept for the next write');
        for (const [field, by] of batch) pending.set(field, (pending.get(field) ?? 0) + by);
      }
    });
    return flushing;
  };
  const timer = setInterval(flush, TALLY_FLUSH_MS).unref();
  return {
    record(outcome) {
      for (const [field, by] of tallyIncrements(outcome)) pending.set(field, (pending.get(field) ?? 0) + by);
    },
    async close() {
      clearInterval(timer);
      await withDeadline(flush(), TALLY_CLOSE_MS, 'writing the last job tallies').catch((error: Error) => {
        logger.warn({ error: error.message }, 'the last job tallies were not written');
      });
    },
  };
}
