import cookieParser from 'cookie-parser';
import express from 'express';
import { join } from 'node:path';
import { AppError } from '../core/errors.js';
import type { CheckCallbackAddress } from '../core/callbacks.js';
import type { Logger } from '../core/logger.js';
import { PROJECT_ROOT, PUBLIC_DIR, VIEWS_DIR } from '../core/paths.js';
import type { Database } from '../db/database.js';
import type { FinishedResults } from '../db/finished-results.js';
import type { CrawlQueue } from '../queue/crawl-queue.js';
import type { QueueStore } from '../queue/queue-store.js';
import { createAdminRoutes } from './admin/admin-routes.js';
import { createMetrics } from './admin/metrics.js';
import { createHealthRoutes } from './api/health-routes.js';
import { createCompareRoutes } from './api/compare-routes.js';
import { createContextRoutes } from './api/context-routes.js';
import { createCrawlRoutes } from './api/crawl-routes.js';
import { limitDownloadsInProgress } from './api/download-slots.js';
import { createPhraseRoutes } from './api/phrase-routes.js';
import { createResultRoutes } from './api/result-routes.js';
import { createSubmitRoutes } from './api/submit-routes.js';
import { createSummaryRoutes } from './api/summary-routes.js';
import { createErrorHandler } from './middleware/error-handler.js';
import { createDownloadRateLimit, createSubmissionRateLimit } from './middleware/rate-limit.js';
import { logRequests } from './middleware/request-log.js';
import { createDocsRoutes } from './openapi/docs-routes.js';
import { ServedOperations } from './openapi/operation.js';
import { securityHeaders } from './middleware/security-headers.js';
import { createPageRoutes } from './pages/page-routes.js';
import type { WebSettings } from './settings.js';
import { createSubmitUrl } from './submission/submit-url.js';
import { createSubmitUrls } from './submission/submit-urls.js';
import { createUnfinishedResults, rememberBatchSubmissions, rememberSubmissions } from './unfinished-results.js';

export interface AppDependencies {
  db: Database;
  /** Which results finish, heard from the database: polls of unfinished pages need no query. */
  finished: FinishedResults;
  queue: CrawlQueue;
  /** Where the queue keeps its jobs and the shared counters (rate limit, job tallies). */
  store: QueueStore;
  logger: Logger;
  settings: WebSettings;
  /** The fetches' address policy, for a submission's callback_url (built from src/fetch/ by the wiring). */
  checkCallbackAddress: CheckCallbackAddress;
}

/** Builds the web application; it never listens, so tests can drive it on any port. */
export function createApp({ db, finished, queue, store, logger, settings, checkCallbackAddress }: AppDependencies): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', settings.TRUST_PROXY_HOPS);
  app.set('views', VIEWS_DIR);
  app.set('view engine', 'ejs');
  // Every route is mounted through `served`, which records it for /openapi.json and /docs.
  const served = new ServedOperations();

  // Security headers come first, so that no route, JSON or page, can be mounted above them by accident.
  // helmet's default policy allows scripts and styles from this origin only: no inline script runs.
  app.use(securityHeaders());
  app.use(logRequests(logger));
  // Without ADMIN_PASSWORD nobody can scrape /metrics, so nothing is timed or sampled for it either.
  const password = settings.ADMIN_PASSWORD;
  if (password) {
    const metrics = createMetrics(queue, store);
    app.use(metrics.observeRequests);
    app.use(createAdminRoutes(served, queue, store, metrics.serve, { ...settings, ADMIN_PASSWORD: password }, logger));
  } else {
    logger.warn('queue dashboard and /metrics are disabled: set ADMIN_PASSWORD to enable them');
  }
  app.use(createHealthRoutes(served, db, store));
  // The JSON API that pollers hit hardest comes before the page-only middleware (static files, cookies,
  // body parsers): each of those costs time on every poll and adds nothing to JSON.
  const downloadLimit = createDownloadRateLimit(store, {
    perMinute: settings.DOWNLOADS_PER_MINUTE,
    keyPrefix: `${settings.QUEUE_PREFIX}:download-limit`,
  });
  // One set of slots for every read that holds a full count list or counted texts in this process.
  const downloadSlots = limitDownloadsInProgress();
  const unfinished = createUnfinishedResults(finished);
  app.use(createResultRoutes(served, db, unfinished, downloadLimit, downloadSlots));
  app.use(
    createPhraseRoutes(served, db),
    createContextRoutes(served, db, downloadSlots, settings.COUNTED_TEXT_RETENTION_DAYS),
    createSummaryRoutes(served, db),
    createCompareRoutes(served, db, downloadLimit, downloadSlots),
  );
  app.use(createCrawlRoutes(served, db, queue, { maxSeconds: settings.CRAWL_MAX_SECONDS }));
  app.use('/static', express.static(PUBLIC_DIR, { maxAge: '1h' }));
  app.use('/static/vendor/d3', express.static(join(PROJECT_ROOT, 'node_modules/d3/dist'), { maxAge: '1d' }));
  app.use('/static/vendor/d3-cloud', express.static(join(PROJECT_ROOT, 'node_modules/d3-cloud/build'), { maxAge: '1d' }));
  app.use(cookieParser());
  // A batch of 100 URLs of up to 2,048 characters each needs about 200 KB.
  app.use(express.json({ limit: '256kb', type: ['application/json', 'application/*+json'] }));
  app.use(express.urlencoded({ extended: false, limit: '16kb' }));

  const submission = {
    db, queue, logger, reuseWindowSeconds: settings.REUSE_WINDOW_SECONDS, maxInFlight: settings.CLIENT_MAX_IN_FLIGHT,
    maxCrawlsInFlight: settings.CRAWL_CLIENT_MAX_IN_FLIGHT,
  };
  const submitUrl = rememberSubmissions(createSubmitUrl(submission), unfinished);
  const submitUrls = rememberBatchSubmissions(createSubmitUrls(submission), unfinished);
  const rateLimit = createSubmissionRateLimit(store, {
    perMinute: settings.RATE_LIMIT_PER_MINUTE,
    keyPrefix: `${settings.QUEUE_PREFIX}:rate-limit`,
  });
  const callbacks = { enabled: settings.WEBHOOK_SECRET !== undefined, checkAddress: checkCallbackAddress };
  app.use(createSubmitRoutes(served, submitUrl, submitUrls, rateLimit, { crawlMaxPages: settings.CRAWL_MAX_PAGES, callbacks }));
  app.use(createPageRoutes(served, db, submitUrl, rateLimit, {
    crawlMaxPages: settings.CRAWL_MAX_PAGES, textRetentionDays: settings.COUNTED_TEXT_RETENTION_DAYS, callbacks,
  }));
  app.use(createDocsRoutes(served));
  app.use((req) => {
    throw new AppError('not_found', `no route for ${req.method} ${req.path}`);
  });
  app.use(createErrorHandler(logger));
  return app;
}
