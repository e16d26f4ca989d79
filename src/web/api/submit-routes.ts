import { Router, type RequestHandler } from 'express';
import { clientKey } from '../middleware/client-key.js';
import { rememberKey } from '../submission/recent-keys.js';
import { parseSubmissionOptions } from '../submission/submission-options.js';
import type { SubmitUrl } from '../submission/submit-url.js';
import { resultsUrl } from '../urls.js';

/** `POST /start`: the API for scripts and the page's own JavaScript. */
export function createSubmitRoutes(submitUrl: SubmitUrl, rateLimit: RequestHandler, crawlMaxPages: number): Router {
  const router = Router();
  router.post('/start', rateLimit, async (req, res) => {
    const body: unknown = req.body;
    const fields = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
    const { key, kind, url, status, reused } = await submitUrl(fields.url, { ...parseSubmissionOptions(fields, crawlMaxPages), client: clientKey(req) });
    rememberKey(req, res, key);
    const location = resultsUrl(key);
    res.status(202).location(location).json({ key, url, status, results_url: location, ...(reused ? { reused } : {}), ...(kind === 'crawl' ? { kind } : {}) });
  });
  return router;
}
