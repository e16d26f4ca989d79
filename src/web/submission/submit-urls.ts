import { randomUUID } from 'node:crypto';
import { canonicalizeUrl } from '../../core/canonical-url.js';
import { AppError } from '../../core/errors.js';
import { admitResults, deleteResults, type NewResult } from '../../db/result-writes.js';
import { SUBMITTED_URL } from './normalize-submitted-url.js';
import { MAX_BATCH_URLS } from './submission-options.js';
import { clientFull, reuses, type Submission, type SubmitDependencies, type SubmitOptions } from './submit-url.js';

/** One URL of a batch: its submission, or why it was refused (the others go ahead regardless). */
export type BatchItem = Submission | { refused: AppError; input: unknown };

export type SubmitUrls = (inputs: readonly unknown[], options: Omit<SubmitOptions, 'crawl'>) => Promise<BatchItem[]>;

export function isRefused(item: BatchItem): item is { refused: AppError; input: unknown } {
  return 'refused' in item;
}

/**
 * Several single pages in one request: each URL is validated on its own, the valid ones are recorded
 * (one multi-row insert when no reuse or in-flight rule applies) and enqueued in one round trip.
 * As for one URL, Postgres comes first, and rows whose jobs could not be added are withdrawn.
 */
export function createSubmitUrls({ db, queue, logger, reuseWindowSeconds, maxInFlight }: Omit<SubmitDependencies, 'maxCrawlsInFlight'>): SubmitUrls {
  return async (inputs, { fresh = false, content = 'page', language, client, callback }) => {
    const items: Array<BatchItem | NewResult> = inputs.map((input) => {
      const parsed = SUBMITTED_URL.safeParse(input);
      if (!parsed.success) return { refused: new AppError('invalid_url', parsed.error.issues[0]!.message), input };
      const url = parsed.data;
      return {
        key: randomUUID(), url, canonicalUrl: canonicalizeUrl(url), clientKey: client, content, requestedLanguage: language ?? null, callbackUrl: callback?.url ?? null,
      };
    });
    const rows = items.filter((item): item is NewResult => 'canonicalUrl' in item);
    const admissions = await admitResults(db, rows, { reuseWindowSeconds: reuses(fresh, callback) ? reuseWindowSeconds : 0, maxInFlight });
    const admitted = new Map(rows.map((row, i) => [row, admissions[i]!]));
    const jobs = rows.flatMap((row) => {
      const admission = admitted.get(row)!;
      return admission.outcome === 'inserted' ? [{ key: row.key, ...(maxInFlight > 0 ? { priority: admission.inFlight + 1 } : {}) }] : [];
    });
    try {
      await queue.enqueueMany(jobs);
    } catch (error) {
      await deleteResults(db, jobs.map((job) => job.key)).catch((deleteError: Error) => {
        logger.error({ keys: jobs.length, error: deleteError.message }, 'could not withdraw rows whose jobs were never enqueued');
      });
      throw error;
    }
    logger.info({ urls: inputs.length, enqueued: jobs.length, content, language }, 'urls submitted');
    return items.map((item) => ('canonicalUrl' in item ? asBatchItem(item, admitted.get(item)!) : item));
  };
}

function asBatchItem(row: NewResult, admission: Awaited<ReturnType<typeof admitResults>>[number]): BatchItem {
  if (admission.outcome === 'reused') {
    const { earlier } = admission;
    return { key: earlier.key, kind: 'page', url: earlier.url, status: earlier.status, reused: true };
  }
  if (admission.outcome === 'full') return { refused: clientFull(admission.inFlight), input: row.url };
  return { key: row.key, kind: 'page', url: row.url, status: 'queued', reused: false };
}

/** How many submissions a request body makes, for the rate limit: a batch counts each of its URLs. */
export function submissionCount(body: unknown): number {
  const urls = body && typeof body === 'object' ? (body as { urls?: unknown }).urls : undefined;
  return Array.isArray(urls) ? Math.min(Math.max(urls.length, 1), MAX_BATCH_URLS) : 1;
}
