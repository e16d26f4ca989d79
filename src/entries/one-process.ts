import { loadConfig } from '../core/config.js';
import { runMain, stopOnSignals } from '../core/lifecycle.js';
import { createLogger } from '../core/logger.js';
import { openPglite } from '../db/database.js';
import { connectConfiguredPostgres, openQueueStoreBeside } from '../wiring/connections.js';
import { startWebProcess } from '../wiring/web-process.js';
import { startWorkerProcess } from '../wiring/worker-process.js';

/**
 * `npm start`: web and worker in one process, migrations applied first. Without DATABASE_URL the
 * data lives in an embedded Postgres (PGlite) under PGLITE_DIR; without REDIS_URL the jobs live in
 * that same database. So a laptop needs nothing but Node.
 */
runMain(async () => {
  const config = loadConfig();
  const logger = createLogger(config, 'wordcrawler');
  const database = config.DATABASE_URL ? connectConfiguredPostgres(config) : await openPglite(config.PGLITE_DIR);
  if (!config.DATABASE_URL) logger.info({ dir: config.PGLITE_DIR }, 'using the embedded database');
  await database.migrate();
  const store = await openQueueStoreBeside(config, database, logger);
  const stopWorker = startWorkerProcess(config, database, store, logger);
  const stopWeb = await startWebProcess(config, database, store, logger);
  stopOnSignals([database.close, store.close, stopWorker, stopWeb], logger);
});
