import { loadConfig } from '../core/config.js';
import { runMain, stopOnSignals } from '../core/lifecycle.js';
import { createLogger } from '../core/logger.js';
import { connectConfiguredPostgres, connectConfiguredRedisStore } from '../wiring/connections.js';
import { startWorkerProcess } from '../wiring/worker-process.js';

/** The `worker` process: takes crawl jobs from Redis and writes counts to Postgres. Scale it out freely. */
runMain(async () => {
  const config = loadConfig();
  const logger = createLogger(config, 'worker');
  const database = connectConfiguredPostgres(config, config.WORKER_CONCURRENCY + 1);
  const store = connectConfiguredRedisStore(config, logger);
  const stopWorker = startWorkerProcess(config, database, store, logger);
  stopOnSignals([database.close, store.close, stopWorker], logger);
});
