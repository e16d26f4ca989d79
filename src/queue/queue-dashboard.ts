import type { Express, RequestHandler } from 'express';
import { bullQueueOf, type CrawlQueue } from './crawl-queue.js';

// bull-board answers its API's errors with the thrown message, plus the stack (file paths, versions)
// whenever NODE_ENV is development, which is this project's default. Its status codes are kept; a 5xx
// gets a fixed message, since an internal error's text can name hosts and paths too.
function answerWithoutDetails(error: Error & { statusCode?: number }): { status: 400 | 404 | 409 | 500; body: object } {
  // bull-board's own errors are 400, 404 or 409; anything else is answered as a 500.
  const code = error.statusCode;
  const status = code === 400 || code === 404 || code === 409 ? code : 500;
  const message = status === 500 ? 'the queue dashboard could not answer' : 'the dashboard could not read the request';
  return { status, body: { error: { key: 'ERRORS.INTERNAL_SERVER_ERROR' }, message } };
}

/**
 * bull-board's UI for the crawl queue, to mount at `basePath`: counts by state, job details, and (if
 * allowed) retry and remove. Loaded on first use: bull-board and the Express app it brings cost about
 * 11 MB, which a web process without ADMIN_PASSWORD (and every worker) never needs.
 */
export async function loadQueueDashboard(queue: CrawlQueue, basePath: string, readOnly: boolean): Promise<RequestHandler> {
  const [{ createBullBoard }, { BullMQAdapter }, { ExpressAdapter }] = await Promise.all([
    import('@bull-board/api'),
    import('@bull-board/api/bullMQAdapter'),
    import('@bull-board/express'),
  ]);
  const serverAdapter = new ExpressAdapter().setBasePath(basePath);
  createBullBoard({
    queues: [new BullMQAdapter(bullQueueOf(queue), { readOnlyMode: readOnly, allowRetries: !readOnly })],
    serverAdapter,
    options: { uiConfig: { boardTitle: 'wordcrawler' } },
  });
  // Called at each failure, so replacing bull-board's handler after createBullBoard takes effect.
  serverAdapter.setErrorHandler(answerWithoutDetails);
  // bull-board builds an Express app of its own, which announces itself unless told not to.
  const dashboard = serverAdapter.getRouter() as Express;
  dashboard.disable('x-powered-by');
  return dashboard;
}
