import type { Redis } from 'ioredis';

/**
 * Job outcomes happen in worker processes, which have no port to scrape on a platform like Heroku.
 * So each worker adds its outcomes to one Redis hash per deployment, and the web's /metrics reads
 * it: the figures cover every worker, and survive a worker's restart.
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

export function jobMetricsKey(prefix: string): string {
  return `${prefix}:metrics`;
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
 * Adds outcomes up in memory and writes them in one pipeline every TALLY_FLUSH_MS: a dozen hash
 * increments per job cost the worker and Redis more than the job's own queue traffic. A write that
 * fails keeps its increments for the next one, so an outage delays the figures without losing them.
 */
export function startJobTally(redis: Redis, prefix: string): JobTally {
  let pending = new Map<string, number>();
  let flushing: Promise<void> = Promise.resolve();
  const flush = () => {
    flushing = flushing.then(async () => {
      if (pending.size === 0) return;
      const batch = pending;
      pending = new Map();
      try {
        await writeIncrements(redis, jobMetricsKey(prefix), batch);
      } catch {
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
      let giveUp: NodeJS.Timeout | undefined;
      await Promise.race([flush(), new Promise((resolve) => (giveUp = setTimeout(resolve, TALLY_CLOSE_MS)))]);
      clearTimeout(giveUp);
    },
  };
}

async function writeIncrements(redis: Redis, key: string, increments: ReadonlyMap<string, number>): Promise<void> {
  const pipeline = redis.pipeline();
  for (const [field, by] of increments) {
    if (Number.isInteger(by)) pipeline.hincrby(key, field, by);
    else pipeline.hincrbyfloat(key, field, by);
  }
  // exec() resolves with a per-command error list rather than rejecting; a failed increment must be retried.
  const replies = await pipeline.exec();
  const failed = replies?.find(([error]) => error !== null);
  if (replies === null || failed) throw failed?.[0] ?? new Error('the metrics pipeline was discarded');
}

/** Reads the hash back into counters and histograms; a missing field counts as zero. */
export function parseJobMetrics(hash: Record<string, string>): JobMetrics {
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

export async function readJobMetrics(redis: Redis, prefix: string): Promise<JobMetrics> {
  return parseJobMetrics(await redis.hgetall(jobMetricsKey(prefix)));
}
