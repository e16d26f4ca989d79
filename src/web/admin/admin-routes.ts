import { Router, type RequestHandler } from 'express';
import * as z from 'zod';
import type { Logger } from '../../core/logger.js';
import type { CrawlQueue } from '../../queue/crawl-queue.js';
import { loadQueueDashboard } from '../../queue/queue-dashboard.js';
import type { QueueStore } from '../../queue/queue-store.js';
import type { WebSettings } from '../settings.js';
import { errorResponses } from '../openapi/error-responses.js';
import type { Operation, ServedOperations } from '../openapi/operation.js';
import { createAdminAuth } from './admin-auth.js';

export const DASHBOARD_PATH = '/admin/queues';

const METRICS: Operation = {
  method: 'get',
  path: '/metrics',
  operationId: 'metrics',
  summary: 'Prometheus metrics: HTTP timings, the queue, the workers’ jobs',
  description: 'Served only when `ADMIN_PASSWORD` is set, behind HTTP basic authentication.',
  tags: ['Operations'],
  security: [{ adminBasic: [] }],
  responses: {
    200: { description: 'The metrics in Prometheus’s text format.', content: { 'text/plain': { schema: z.string() } } },
    ...errorResponses(['unauthorized', 'rate_limited']),
  },
};

/** The operator pages, `/admin/queues` (bull-board) and `/metrics`, behind basic auth. */
export function createAdminRoutes(
  served: ServedOperations,
  queue: CrawlQueue,
  store: QueueStore,
  serveMetrics: RequestHandler,
  settings: WebSettings & { ADMIN_PASSWORD: string },
  logger: Logger,
): Router {
  const router = Router();
  const auth = createAdminAuth(settings.ADMIN_USER, settings.ADMIN_PASSWORD, store, `${settings.QUEUE_PREFIX}:admin-failures`);
  const dashboard = loadQueueDashboard(queue, DASHBOARD_PATH, !settings.ADMIN_READ_WRITE);
  // A load failure is logged now and answered as a 500 on each request, never left unhandled.
  dashboard.catch((error: Error) => logger.error({ error: error.message }, 'queue dashboard failed to load'));
  router.use(DASHBOARD_PATH, auth, async (req, res, next) => (await dashboard)(req, res, next));
  served.serve(router, METRICS, auth, serveMetrics);
  logger.info({ path: DASHBOARD_PATH, readOnly: !settings.ADMIN_READ_WRITE }, 'queue dashboard enabled');
  return router;
}
