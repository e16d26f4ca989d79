import { loadConfig } from '../core/config.js';
import { runMain, stopOnSignals } from '../core/lifecycle.js';
import { createLogger } from '../core/logger.js';
import { connectConfiguredPostgres, connectConfiguredRedisStore } from '../wiring/connections.js';
import { startWebProcess } from '../wiring/web-process.js';

/** The `web` process: the HTTP API and page, against a Postgres server and Redis. */
runMain(async () => {
  const config = loadConfig();
  const logger = createLogger(config, 'web');
  const database = connectConfiguredPostgres(config);
  const store = connectConfiguredRedisStore(config, logger);
  const stopWeb = await startWebProcess(config, database, store, logger);
  stopOnSignals([database.close, store.close, stopWeb], logger);
});
