import { Router, type RequestHandler } from 'express';
import type { Logger } from '../../core/logger.js';
import type { CrawlQueue } from '../../queue/crawl-queue.js';
import { loadQueueDashboard } from '../../queue/queue-dashboard.js';
import type { QueueStore } from '../../queue/queue-store.js';
import type { WebSettings } from '../settings.js';
import { createAdminAuth } from './admin-auth.js';

export const DASHBOARD_PATH = '/admin/queues';

/** The operator pages, `/admin/queues` (bull-board) and `/metrics`, behind basic auth. */
export function createAdminRoutes(
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
  router.get('/metrics', auth, serveMetrics);
  logger.info({ path: DASHBOARD_PATH, readOnly: !settings.ADMIN_READ_WRITE }, 'queue dashboard enabled');
  return router;
}
