import { withDeadline } from '../core/deadline.js';
import type { Logger } from '../core/logger.js';
import type { TallyStore } from './queue-store.js';

/**
 * Job outcomes happen in worker processes, which have no port to scrape on a platform like Heroku.
 * So each worker adds its outcomes to one store per deployment (a Redis hash, or memory when the
 * deployment is one process), and the web's /metrics reads it: the figures cover every worker, and
 * survive a worker's restart.
 */
export const DURATION_BUCKETS_SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
export const SIZE_BUCKETS_BYTES = [10_000, 50_000, 100_000, 250_000, 500_000, 1_000_000, 2_500_000, 5_000_000];

export interface JobOutcome {
  status: 'completed' | 'failed';
  /** The error code of a failed job. */
  code?: string;
  seconds: number;
  /** Bytes of the fetched body, when a body was fetched. */
  bytes?: number;
}

export interface Histogram {
  buckets: Array<[le: number, count: number]>;
  count: number;
  sum: number;
}

export interface JobMetrics {
  finished: Record<string, number>;
  failures: Record<string, number>;
  duration: Histogram;
  fetchSize: Histogram;
}

/** The hash fields one outcome adds to: cumulative bucket counts, as Prometheus histograms are. */
export function outcomeIncrements(outcome: JobOutcome): Array<[field: string, by: number]> {
  const fields: Array<[string, number]> = [[`finished:${outcome.status}`, 1]];
  if (outcome.code) fields.push([`failures:${outcome.code}`, 1]);
  fields.push(...histogramIncrements('duration', DURATION_BUCKETS_SECONDS, outcome.seconds));
  if (outcome.bytes !== undefined) fields.push(...histogramIncrements('size', SIZE_BUCKETS_BYTES, outcome.bytes));
  return fields;
}

function histogramIncrements(name: string, buckets: number[], value: number): Array<[string, number]> {
  const fields: Array<[string, number]> = buckets.filter((le) => value <= le).map((le) => [`${name}:le:${le}`, 1]);
  fields.push([`${name}:count`, 1], [`${name}:sum`, value]);
  return fields;
}

/** How often a worker writes the outcomes it has added up to the shared hash. */
export const TALLY_FLUSH_MS = 1_000;
const TALLY_CLOSE_MS = 2_000;

export interface JobTally {
  record(outcome: JobOutcome): void;
  /** Writes what is left, waiting at most TALLY_CLOSE_MS (Redis may be the reason for the shutdown). */
  close(): Promise<void>;
}

/**
 * Adds outcomes up in memory and writes them in one go every TALLY_FLUSH_MS: a dozen hash
 * increments per job cost the worker and Redis more than the job's own queue traffic. A write that
 * fails keeps its increments for the next one, so an outage delays the figures without losing them.
 */
export function startJobTally(store: TallyStore, logger: Logger): JobTally {
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
      for (const [field, by] of outcomeIncrements(outcome)) pending.set(field, (pending.get(field) ?? 0) + by);
    },
    async close() {
      clearInterval(timer);
      await withDeadline(flush(), TALLY_CLOSE_MS, 'writing the last job tallies').catch((error: Error) => {
        logger.warn({ error: error.message }, 'the last job tallies were not written');
      });
    },
  };
}

/** Reads the tallies back into counters and histograms; a missing field counts as zero. */
export function parseJobMetrics(hash: Record<string, number>): JobMetrics {
  const value = (field: string) => Number(hash[field] ?? 0);
  const labelled = (group: string) => Object.fromEntries(
    Object.entries(hash).filter(([field]) => field.startsWith(`${group}:`)).map(([field, count]) => [field.slice(group.length + 1), Number(count)]),
  );
  const histogram = (name: string, buckets: number[]): Histogram => ({
    buckets: buckets.map((le) => [le, value(`${name}:le:${le}`)]),
    count: value(`${name}:count`),
    sum: value(`${name}:sum`),
  });
  return {
    finished: labelled('finished'),
    failures: labelled('failures'),
    duration: histogram('duration', DURATION_BUCKETS_SECONDS),
    fetchSize: histogram('size', SIZE_BUCKETS_BYTES),
  };
}

export async function readJobMetrics(store: TallyStore): Promise<JobMetrics> {
  return parseJobMetrics(await store.read());
}
