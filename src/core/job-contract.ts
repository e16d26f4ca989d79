import type { AppError } from './errors.js';

/**
 * What a crawl job does, as the queue sees it: src/jobs/ implements these and src/queue/ calls them,
 * so neither imports the other. The queue hands over a job key; the job throws AppError, which the
 * queue maps to a retry, a wait or a permanent failure.
 */

export interface CrawlAttempt {
  /** Which attempt this is, from 1, of the job's `jobAttempts`: the last one's failure is the one to record. */
  number: number;
  jobAttempts: number;
  reportProgress(progress: number): Promise<void>;
  /** Fires when the worker is shutting down and wants the job back. */
  signal?: AbortSignal;
}

/**
 * Thrown by a job that cannot go on yet (its host's turn has not come): the queue puts it back,
 * delayed by `waitMs`, without counting an attempt and without holding a worker slot meanwhile.
 */
export class WaitForTurn extends Error {
  override readonly name = 'WaitForTurn';

  constructor(readonly waitMs: number) {
    super(`waiting ${waitMs} ms for a turn`);
  }
}

/** Adds the jobs of pages a crawl has just queued (their rows exist already). */
export type EnqueuePages = (keys: readonly string[]) => Promise<void>;

/** What a completed crawl reports for the job tallies; undefined when there was nothing to do. */
export interface CrawlReport {
  bytes: number;
}

export type CrawlPage = (key: string, attempt: CrawlAttempt) => Promise<CrawlReport | undefined>;

/** Records a failure decided outside the job (its worker kept dying): the row ends failed with that reason. */
export type FailCrawl = (key: string, failure: AppError) => Promise<void>;

/** Whether an unfinished result has a live job, after making sure it does (see CrawlQueue.ensureQueued). */
export type EnsureQueuedOutcome = 'present' | 'added' | 'retried' | 'crashed';

export type EnsureQueued = (key: string) => Promise<EnsureQueuedOutcome>;

/** How many requests one host may have in flight, and the least time between two of their starts. */
export interface HostPace {
  concurrency: number;
  minGapMs: number;
}

/** A request to a host may start now (release it when it ends), or the caller should come back in `waitMs`. */
export type HostTurn = { granted: true; release(): Promise<void> } | { granted: false; waitMs: number };

/**
 * Politeness across every process of a deployment: the queue implements it (in Redis, or in memory
 * for a one-process deployment), the crawl jobs ask it before each request to a host.
 */
export interface HostGate {
  /** Takes a turn for `host` (a URL's host, name and port) if its pace allows one now. */
  acquire(host: string, pace: HostPace): Promise<HostTurn>;
  /** Starts no request to `host` for `ms` (a 429 or 503 asked us to wait), whatever its pace. */
  slowDown(host: string, ms: number): Promise<void>;
}
