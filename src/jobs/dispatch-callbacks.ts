import type { EnqueueCallbacks } from '../core/callbacks.js';
import type { Stop } from '../core/lifecycle.js';
import type { Logger } from '../core/logger.js';
import { findPendingCallbacks } from '../db/callback-deliveries.js';
import type { Database } from '../db/database.js';
import type { FinishedResults } from '../db/finished-results.js';

/** Pending callbacks one sweep queues; a backlog past it is taken by the next sweeps. */
const SWEEP_LIMIT = 1_000;

export interface CallbackDispatcherOptions {
  finished: FinishedResults;
  enqueue: EnqueueCallbacks;
  sweepIntervalMs: number;
  logger: Logger;
}

/**
 * Queues the callbacks that results' finishing transactions marked pending (the outbox of migration
 * 0008): at once for the results a finish notice names, and by a sweep of every pending one at start,
 * after a gap in the notices and every `sweepIntervalMs`. So a result that finished while Redis was
 * down, or whose worker died before anything was queued, still calls back. Queueing one twice adds it
 * once (its job id is its delivery's), so the notice and the sweep may overlap freely.
 */
export function startCallbackDispatcher(db: Database, options: CallbackDispatcherOptions): Stop {
  const { enqueue, logger } = options;
  const heard = new Set<string>();
  const running = new Set<Promise<void>>();
  let closed = false;
  const dispatch = (what: string, find: () => ReturnType<typeof findPendingCallbacks>) => {
    if (closed) return;
    const run = find()
      .then(enqueue)
      .catch((error: Error) => logger.warn({ error: error.message }, `could not queue ${what}; the next sweep will`))
      .finally(() => running.delete(run));
    running.add(run);
  };
  const sweep = () => dispatch('pending callbacks', () => findPendingCallbacks(db, { limit: SWEEP_LIMIT }));
  const flushHeard = () => {
    const keys = [...heard];
    heard.clear();
    dispatch('callbacks of finished results', () => findPendingCallbacks(db, { keys, limit: keys.length }));
  };
  options.finished.subscribe({
    finished(key) {
      // The notices of one moment (a crawl's pages finishing together) are looked up in one query.
      if (heard.size === 0) setImmediate(flushHeard);
      heard.add(key);
    },
    gap: sweep,
  });
  sweep();
  const timer = setInterval(sweep, options.sweepIntervalMs).unref();
  return async () => {
    closed = true;
    clearInterval(timer);
    await Promise.all(running);
  };
}
