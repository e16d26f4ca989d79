import { loadConfig, type Config } from './config.js';
import { openPglite, type DatabaseHandle, type PgliteHandle } from './db/database.js';
import { resolvePostgresConnection } from './db/postgres-ssl.js';
import { createLogger, type Logger } from './logger.js';
import { openPglitePool } from './queue/pglite-pool.js';
import { openDatabaseQueueStore, type QueueStore } from './queue/queue-store.js';
import { connectConfiguredPostgres, connectConfiguredRedisStore, runMain, stopOnSignals } from './runtime.js';
import { startWeb } from './start-web.js';
import { startWorker } from './start-worker.js';

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
  const store = await openQueueStore(config, database, logger);
  const stopWorker = startWorker(config, database.db, store, logger);
  const stopWeb = await startWeb(config, database.db, store, logger);
  stopOnSignals([database.close, store.close, stopWorker, stopWeb], logger);
});

async function openQueueStore(config: Config, database: DatabaseHandle | PgliteHandle, logger: Logger): Promise<QueueStore> {
  if (config.REDIS_URL) return connectConfiguredRedisStore(config, logger);
  logger.info('no REDIS_URL: jobs are kept in the database (one process only)');
  if ('pglite' in database) return openDatabaseQueueStore(await openPglitePool(database.pglite));
  const connection = resolvePostgresConnection(config.DATABASE_URL!, config.DATABASE_SSL, config.PGSSLMODE);
  return openDatabaseQueueStore({ ...connection, max: 4 });
}
