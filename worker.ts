import { loadConfig } from './src/config.js';
import { createLogger } from './src/logger.js';
import { connectConfiguredPostgres, connectConfiguredRedisStore, runMain, stopOnSignals } from './src/runtime.js';
import { startWorker } from './src/start-worker.js';

/** The `worker` process: takes crawl jobs from Redis and writes counts to Postgres. Scale it out freely. */
runMain(async () => {
  const config = loadConfig();
  const logger = createLogger(config, 'worker');
  const database = connectConfiguredPostgres(config, config.WORKER_CONCURRENCY + 1);
  const store = connectConfiguredRedisStore(config, logger);
  const stopWorker = startWorker(config, database.db, store, logger);
  stopOnSignals([database.close, store.close, stopWorker], logger);
});
