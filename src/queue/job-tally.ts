import type { TallyStore } from './queue-store.js';

/**
 * The job tally: every worker's job outcomes added up in one store per deployment, as counters and
 * histograms that /metrics turns into Prometheus figures. Job outcomes happen in worker processes, which have no port to scrape on a platform like Heroku.
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

/** The tally as read back: finished jobs by status, failures by code, and two histograms. */
export interface JobTally {
  finished: Record<string, number>;
  failures: Record<string, number>;
  duration: Histogram;
  fetchSize: Histogram;
}

/** The hash fields one outcome adds to: cumulative bucket counts, as Prometheus histograms are. */
export function tallyIncrements(outcome: JobOutcome): Array<[field: string, by: number]> {
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

/** Reads the tallies back into counters and histograms; a missing field counts as zero. */
export function parseJobTally(hash: Record<string, number>): JobTally {
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

export async function readJobTally(store: TallyStore): Promise<JobTally> {
  return parseJobTally(await store.read());
}
