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
