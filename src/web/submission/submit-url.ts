import { randomUUID } from 'node:crypto';
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { ResultKind, ResultStatus } from '../../core/results.js';
import { admitCrawl } from '../../db/crawl-writes.js';
import type { Database } from '../../db/database.js';
import { admitResult, deleteResult } from '../../db/result-writes.js';
import type { CrawlQueue } from '../../queue/crawl-queue.js';
import { canonicalizeUrl } from '../../core/canonical-url.js';
import type { SubmissionOptions } from './submission-options.js';

export interface Submission {
  key: string;
  kind: ResultKind;
  url: string;
  status: ResultStatus;
  /** True when an earlier result for the same page was returned instead of a new crawl. */
  reused: boolean;
}

export interface SubmitDependencies {
  db: Database;
  queue: CrawlQueue;
  logger: Logger;
  /** A repeat of the same canonical URL within this many seconds reuses the result; 0 never does. */
  reuseWindowSeconds: number;
  /** Unfinished results one client may have at once; 0 turns the limit (and the fair ordering) off. */
  maxInFlight: number;
  /** Unfinished site crawls one client may have at once; 0 turns the limit off. */
  maxCrawlsInFlight: number;
}

export interface SubmitOptions extends Partial<SubmissionOptions> {
  /** Who submits (src/web/middleware/client-key.ts). */
  client: string;
}

/** Submits one URL, already normalized by the request's schema (SUBMITTED_URL). */
export type SubmitUrl = (url: string, options: SubmitOptions) => Promise<Submission>;

/**
 * Whether an earlier result of the same page may answer the submission. Not with a callback: the
 * earlier one may have finished already, and its callback went (or goes) to whoever asked for it.
 */
export function reuses(fresh: boolean, callback: SubmitOptions['callback']): boolean {
  return !fresh && !callback;
}

// A client at its limit waits for some of its pages to finish; most take a second or two.
const FULL_RETRY_AFTER_MS = 5_000;

/** A client at its limit of unfinished pages. */
export function clientFull(inFlight: number): AppError {
  return new AppError(
    'too_many_in_flight',
    `${inFlight} of your pages are still waiting or being counted, the most one client may have at once; submit more when some finish`,
    false,
    { retryAfterMs: FULL_RETRY_AFTER_MS },
  );
}

/**
 * Records the URL, then enqueues its key: Postgres first, so a job never points at a missing row.
 * If the queue refuses, the row is withdrawn, since nothing would ever process it. A client's job
 * waits behind the jobs of clients with fewer pages in flight (BullMQ priority: lower runs first),
 * so one client's slow pages cannot hold everyone else's back.
 */
export function createSubmitUrl({ db, queue, logger, reuseWindowSeconds, maxInFlight, maxCrawlsInFlight }: SubmitDependencies): SubmitUrl {
  const enqueue = async (key: string, priority?: number) => {
    try {
      await queue.enqueue(key, priority);
    } catch (error) {
      await deleteResult(db, key).catch((deleteError: Error) => {
        logger.error({ key, error: deleteError.message }, 'could not withdraw a row whose job was never enqueued');
      });
      throw error;
    }
  };
  return async (url, { fresh = false, content = 'page', language, crawl, client, callback }) => {
    const key = randomUUID();
    const row = { key, url, canonicalUrl: canonicalizeUrl(url), clientKey: client, content, requestedLanguage: language ?? null, callbackUrl: callback?.url ?? null };
    if (crawl) {
      // A crawl is never reused: a site changes, and its options are part of what was asked.
      const admission = await admitCrawl(db, { ...row, options: crawl, callbackPages: callback?.pages ?? false }, maxCrawlsInFlight);
      if (!admission.inserted) {
        throw new AppError(
          'too_many_in_flight',
          `${admission.inFlight} of your site crawls are still running, the most one client may have at once; start another when one finishes or cancel one`,
          false,
          { retryAfterMs: FULL_RETRY_AFTER_MS },
        );
      }
      await enqueue(key);
      logger.info({ key, url, content, language, crawl }, 'crawl submitted');
      return { key, kind: 'crawl', url, status: 'queued', reused: false };
    }
    const admission = await admitResult(db, row, {
      reuseWindowSeconds: reuses(fresh, callback) ? reuseWindowSeconds : 0,
      maxInFlight,
    });
    if (admission.outcome === 'reused') {
      const { earlier } = admission;
      return { key: earlier.key, kind: 'page', url: earlier.url, status: earlier.status, reused: true };
    }
    if (admission.outcome === 'full') throw clientFull(admission.inFlight);
    await enqueue(key, maxInFlight > 0 ? admission.inFlight + 1 : undefined);
    logger.info({ key, url, content, language }, 'url submitted');
    return { key, kind: 'page', url, status: 'queued', reused: false };
  };
}

