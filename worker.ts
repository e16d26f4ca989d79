import { loadConfig, requireDatabaseUrl } from './src/config.js';
import { connectPostgres } from './src/db/database.js';
import { createLogger } from './src/logger.js';
import { runMain, startWorker, stopOnSignals } from './src/runtime.js';

/** The `worker` process: takes crawl jobs from Redis and writes counts to Postgres. Scale it out freely. */
runMain(async () => {
  const config = loadConfig();
  const database = connectPostgres(requireDatabaseUrl(config), { poolSize: config.WORKER_CONCURRENCY + 1 });
  const logger = createLogger(config, 'worker');
  const stopWorker = startWorker(config, database.db, logger);
  stopOnSignals([database.close, stopWorker], logger);
});
