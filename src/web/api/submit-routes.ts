import { Router, type RequestHandler } from 'express';
import * as z from 'zod';
import { clientKey } from '../middleware/client-key.js';
import { errorResponses } from '../openapi/error-responses.js';
import type { Operation, ServedOperations } from '../openapi/operation.js';
import { rememberKey } from '../submission/recent-keys.js';
import type { CallbackRules } from '../submission/callback-request.js';
import { parseSubmission, submissionBody } from '../submission/submission-options.js';
import type { Submission, SubmitUrl } from '../submission/submit-url.js';
import { isRefused, type BatchItem, type SubmitUrls } from '../submission/submit-urls.js';
import { AppError } from '../../core/errors.js';
import { resultsUrl } from '../urls.js';
import { SUBMISSION } from './answers.js';

function presentSubmission({ key, kind, url, status, reused }: Submission) {
  const location = resultsUrl(key);
  return { key, url, status, results_url: location, ...(reused ? { reused } : {}), ...(kind === 'crawl' ? { kind } : {}) };
}

function presentBatchItem(item: BatchItem) {
  if (!isRefused(item)) return presentSubmission(item);
  return { ...(typeof item.input === 'string' ? { url: item.input } : {}), error: item.refused.message, code: item.refused.code };
}

/** Nothing of a batch went ahead: its first refusal is the answer, naming each refused URL by position. */
function batchRefused(items: readonly BatchItem[]): AppError {
  const refusals = items.flatMap((item, i) => (isRefused(item) ? [`urls[${i}]: ${item.refused.message}`] : []));
  const first = (items[0] as { refused: AppError }).refused;
  const shown = refusals.slice(0, 5).join('; ') + (refusals.length > 5 ? `; and ${refusals.length - 5} more` : '');
  return new AppError(first.code, `none of the ${items.length} URLs was accepted: ${shown}`, false, first.retryAfterMs === undefined ? {} : { retryAfterMs: first.retryAfterMs });
}

const BATCH_ANSWER = z.object({
  results: z.array(z.union([
    SUBMISSION,
    z.object({ url: z.string().optional(), error: z.string(), code: z.enum(['invalid_url', 'too_many_in_flight']) }).meta({ description: 'A refused URL; the others went ahead.' }),
  ])).meta({ description: 'One entry per URL, in the order sent.' }),
  accepted: z.int().min(1),
  refused: z.int().min(0),
}).meta({ id: 'BatchAnswer' });

function startOperation(crawlMaxPages: number): Operation {
  const body = submissionBody(crawlMaxPages);
  return {
    method: 'post',
    path: '/start',
    operationId: 'submit',
    summary: 'Count the words of a page, a batch of pages, or a site',
    description: 'Answers at once with the result’s key; the counting happens in the background. A batch counts each of its URLs against the rate limit.',
    tags: ['Submitting'],
    requestBody: { required: true, content: { 'application/json': { schema: body }, 'application/x-www-form-urlencoded': { schema: body } } },
    responses: {
      202: {
        description: 'Accepted: one submission for `url`, or one entry per URL for `urls`.',
        headers: z.object({ Location: z.string().optional().meta({ description: 'For `url`: where the counts will be, `/results/{key}`.' }) }),
        content: { 'application/json': { schema: z.union([SUBMISSION, BATCH_ANSWER]) } },
      },
      ...errorResponses(['invalid_url', 'invalid_request', 'invalid_callback_url', 'payload_too_large', 'rate_limited', 'too_many_in_flight', 'queue_unavailable', 'database_unavailable']),
    },
  };
}

/**
 * `POST /start`: the API for scripts and the page's own JavaScript. `urls` submits up to 100 pages at
 * once, answered with one entry per URL in order: its key, or why it was refused.
 */
export function createSubmitRoutes(
  served: ServedOperations, submitUrl: SubmitUrl, submitUrls: SubmitUrls, rateLimit: RequestHandler, { crawlMaxPages, callbacks }: { crawlMaxPages: number; callbacks: CallbackRules },
): Router {
  const router = Router();
  served.serve(router, startOperation(crawlMaxPages), rateLimit, async (req, res) => {
    const submission = await parseSubmission(req.body, crawlMaxPages, callbacks);
    const options = { ...submission.options, client: clientKey(req) };
    if (submission.urls) {
      const items = await submitUrls(submission.urls, options);
      const accepted = items.filter((item) => !isRefused(item)).length;
      if (accepted === 0) throw batchRefused(items);
      res.status(202).json({ results: items.map(presentBatchItem), accepted, refused: items.length - accepted });
      return;
    }
    const submitted = await submitUrl(submission.url, options);
    rememberKey(req, res, submitted.key);
    const answer = presentSubmission(submitted);
    res.status(202).location(answer.results_url).json(answer);
  });
  return router;
}
