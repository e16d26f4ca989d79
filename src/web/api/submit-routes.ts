import { Router, type RequestHandler } from 'express';
import { clientKey } from '../middleware/client-key.js';
import { rememberKey } from '../submission/recent-keys.js';
import { parseCallbackRequest, type CallbackRules } from '../submission/callback-request.js';
import { parseSubmissionOptions } from '../submission/submission-options.js';
import type { Submission, SubmitUrl } from '../submission/submit-url.js';
import { isRefused, parseBatch, type BatchItem, type SubmitUrls } from '../submission/submit-urls.js';
import { AppError } from '../../core/errors.js';
import { resultsUrl } from '../urls.js';

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

/**
 * `POST /start`: the API for scripts and the page's own JavaScript. `urls` submits up to 100 pages at
 * once, answered with one entry per URL in order: its key, or why it was refused.
 */
export function createSubmitRoutes(
  submitUrl: SubmitUrl, submitUrls: SubmitUrls, rateLimit: RequestHandler, settings: { crawlMaxPages: number; callbacks: CallbackRules },
): Router {
  const router = Router();
  router.post('/start', rateLimit, async (req, res) => {
    const body: unknown = req.body;
    const fields = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
    const batch = parseBatch(fields);
    const asked = parseSubmissionOptions(fields, settings.crawlMaxPages);
    const callback = await parseCallbackRequest(fields, asked.crawl !== undefined, settings.callbacks);
    const options = { ...asked, client: clientKey(req), ...(callback ? { callback } : {}) };
    if (batch) {
      const items = await submitUrls(batch, options);
      const accepted = items.filter((item) => !isRefused(item)).length;
      if (accepted === 0) throw batchRefused(items);
      res.status(202).json({ results: items.map(presentBatchItem), accepted, refused: items.length - accepted });
      return;
    }
    const submission = await submitUrl(fields.url, options);
    rememberKey(req, res, submission.key);
    const answer = presentSubmission(submission);
    res.status(202).location(answer.results_url).json(answer);
  });
  return router;
}
