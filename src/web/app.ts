import express from 'express';
import { AppError } from '../errors.js';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import { PUBLIC_DIR, VIEWS_DIR } from '../paths.js';
import type { CrawlQueue } from '../queue/crawl-queue.js';
import { createErrorHandler } from './error-handler.js';
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

  app.use('/static', express.static(PUBLIC_DIR, { maxAge: '1h' }));
  app.use(express.json({ limit: '16kb', type: ['application/json', 'application/*+json'] }));
  app.use(express.urlencoded({ extended: false, limit: '16kb' }));

  app.get('/', (_req, res) => res.render('index'));

  app.post('/start', async (req, res) => {
    const body: unknown = req.body;
    const input = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>).url : undefined;
    const { key, url } = await submitUrl(db, queue, logger, input);
    const location = resultsUrl(key);
    res.status(202).location(location).json({ key, url, status: 'queued', results_url: location });
  });

  app.use(createResultRoutes(db));
  app.use((req) => {
    throw new AppError('not_found', `no route for ${req.method} ${req.path}`);
  });
  app.use(createErrorHandler(logger));
  return app;
}
