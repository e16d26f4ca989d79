import cookieParser from 'cookie-parser';
import express from 'express';
import helmet from 'helmet';
import { join } from 'node:path';
import { AppError } from '../errors.js';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import { PROJECT_ROOT, PUBLIC_DIR, VIEWS_DIR } from '../paths.js';
import type { CrawlQueue } from '../queue/crawl-queue.js';
import { createErrorHandler } from './error-handler.js';
import { createPageRoutes } from './page-routes.js';
import { rememberKey } from './recent-keys.js';
import { createResultRoutes, resultsUrl } from './result-routes.js';
import { submitUrl } from './submit-url.js';

export interface AppDependencies {
  db: Database;
  queue: CrawlQueue;
  logger: Logger;
}

/** Builds the web application; it never listens, so tests can drive it on any port. */
export function createApp({ db, queue, logger }: AppDependencies): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('views', VIEWS_DIR);
  app.set('view engine', 'ejs');

  // helmet's default policy allows scripts and styles from this origin only: no inline script runs.
  app.use(helmet());
  app.use('/static', express.static(PUBLIC_DIR, { maxAge: '1h' }));
  app.use('/static/vendor/d3', express.static(join(PROJECT_ROOT, 'node_modules/d3/dist'), { maxAge: '1d' }));
  app.use(cookieParser());
  app.use(express.json({ limit: '16kb', type: ['application/json', 'application/*+json'] }));
  app.use(express.urlencoded({ extended: false, limit: '16kb' }));

  app.post('/start', async (req, res) => {
    const body: unknown = req.body;
    const input = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>).url : undefined;
    const { key, url } = await submitUrl(db, queue, logger, input);
    rememberKey(req, res, key);
    const location = resultsUrl(key);
    res.status(202).location(location).json({ key, url, status: 'queued', results_url: location });
  });

  app.use(createResultRoutes(db));
  app.use(createPageRoutes(db, queue, logger));
  app.use((req) => {
    throw new AppError('not_found', `no route for ${req.method} ${req.path}`);
  });
  app.use(createErrorHandler(logger));
  return app;
}
