import { loadConfig } from './config.js';
import { openPglite } from './db/database.js';
import { createLogger } from './logger.js';
import { connectConfiguredPostgres, runMain, stopOnSignals } from './runtime.js';
import { startWeb } from './start-web.js';
import { startWorker } from './start-worker.js';

/**
 * `npm start`: web and worker in one process, migrations applied first. Without DATABASE_URL the
 * data lives in an embedded Postgres (PGlite) under PGLITE_DIR, so a laptop needs only Redis.
 */
runMain(async () => {
  const config = loadConfig();
  const logger = createLogger(config, 'wordcrawler');
  const database = config.DATABASE_URL ? connectConfiguredPostgres(config) : await openPglite(config.PGLITE_DIR);
  if (!config.DATABASE_URL) logger.info({ dir: config.PGLITE_DIR }, 'using the embedded database');
  await database.migrate();
  const stopWorker = startWorker(config, database.db, logger);
  const stopWeb = await startWeb(config, database.db, logger);
  stopOnSignals([database.close, stopWorker, stopWeb], logger);
});
