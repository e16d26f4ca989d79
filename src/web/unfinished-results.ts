import { LRUCache } from 'lru-cache';
import { PROGRESS, type ResultStatus } from '../core/results.js';
import type { FinishedResults } from '../db/finished-results.js';
import type { Submission, SubmitUrl } from './submission/submit-url.js';
import { isRefused, type SubmitUrls } from './submission/submit-urls.js';

/** What a poll of an unfinished single page answers (202): its status and progress as last read. */
export interface UnfinishedAnswer {
  status: ResultStatus;
  progress: number;
}

// How long an answer read from Postgres is repeated from memory. A page's progress (queued, fetching,
// counting) may be this stale; its finish never is, since the finish notice drops the answer. It
// matches the Retry-After of a 202, so a client polling as asked reads Postgres every time.
const REMEMBER_MS = 1_000;
// Keys whose finish was heard lately: an answer read before the notice must not be remembered after it.
const HEARD_MS = 10_000;
// Memory is bounded whatever the traffic: a forgotten answer only costs a query.
const MAX_KEYS = 10_000;
// Requests waiting for a finish at once; past it a request with `wait` answers at once, as without.
const MAX_WAITING = 10_000;

export interface UnfinishedResults {
  /** The answer remembered for a key, unless it is stale, its finish was heard, or notices may have been missed. */
  recall(key: string): UnfinishedAnswer | undefined;
  /** Remembers an answer read from Postgres at `readAt` (performance.now()), unless the key finished since. */
  remember(key: string, answer: UnfinishedAnswer, readAt: number): void;
  /** Resolves when the key's finish is heard (or notices may have been missed), after `ms`, or on abort. */
  waitForFinish(key: string, ms: number, signal: AbortSignal): Promise<void>;
}

/**
 * Polls of unfinished pages answered without a query, and requests that wait for a finish woken by
 * it: fed by the database's finish notices. While those are not heard (the listening connection is
 * down) nothing is remembered and waiters wake up to read Postgres themselves.
 */
export function createUnfinishedResults(finished: FinishedResults): UnfinishedResults {
  const answers = new LRUCache<string, UnfinishedAnswer & { readAt: number }>({ max: MAX_KEYS });
  const heardAt = new LRUCache<string, number>({ max: MAX_KEYS, ttl: HEARD_MS, ttlAutopurge: false });
  const waiters = new Map<string, Set<() => void>>();
  let waiting = 0;
  let lastGapAt = -Infinity;
  const wake = (key: string) => {
    for (const resolve of waiters.get(key) ?? []) resolve();
  };
  finished.subscribe({
    finished(key) {
      heardAt.set(key, performance.now());
      answers.delete(key);
      wake(key);
    },
    gap() {
      lastGapAt = performance.now();
      answers.clear();
      for (const key of [...waiters.keys()]) wake(key);
    },
  });
  return {
    recall(key) {
      const answer = answers.get(key);
      if (!answer || !finished.isListening() || performance.now() - answer.readAt > REMEMBER_MS) return undefined;
      return { status: answer.status, progress: answer.progress };
    },
    remember(key, answer, readAt) {
      if (!finished.isListening() || lastGapAt >= readAt || (heardAt.get(key) ?? -Infinity) >= readAt) return;
      answers.set(key, { ...answer, readAt });
    },
    waitForFinish(key, ms, signal) {
      if (waiting >= MAX_WAITING || signal.aborted) return Promise.resolve();
      return new Promise((resolve) => {
        let settled = false;
        const done = () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          const set = waiters.get(key)!;
          set.delete(done);
          if (set.size === 0) waiters.delete(key);
          waiting -= 1;
          resolve();
        };
        const timer = setTimeout(done, ms);
        signal.addEventListener('abort', done, { once: true });
        if (!waiters.has(key)) waiters.set(key, new Set());
        waiters.get(key)!.add(done);
        waiting += 1;
      });
    },
  };
}

function rememberQueued(unfinished: UnfinishedResults, submission: Submission, readAt: number): void {
  if (submission.kind === 'page' && !submission.reused) unfinished.remember(submission.key, { status: 'queued', progress: PROGRESS.queued }, readAt);
}

/** A single page just submitted is queued: remembering that spares its first polls a query each. */
export function rememberSubmissions(submitUrl: SubmitUrl, unfinished: UnfinishedResults): SubmitUrl {
  return async (url, options) => {
    const readAt = performance.now();
    const submission = await submitUrl(url, options);
    rememberQueued(unfinished, submission, readAt);
    return submission;
  };
}

/** The same for each page of a batch. */
export function rememberBatchSubmissions(submitUrls: SubmitUrls, unfinished: UnfinishedResults): SubmitUrls {
  return async (inputs, options) => {
    const readAt = performance.now();
    const items = await submitUrls(inputs, options);
    for (const item of items) if (!isRefused(item)) rememberQueued(unfinished, item, readAt);
    return items;
  };
}
