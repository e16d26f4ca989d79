import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { connectConfiguredPostgres, connectConfiguredRedisStore, runMain, stopOnSignals } from './runtime.js';
import { startWeb } from './start-web.js';

/** The `web` process: the HTTP API and page, against a Postgres server and Redis. */
runMain(async () => {
  const config = loadConfig();
  const logger = createLogger(config, 'web');
  const database = connectConfiguredPostgres(config);
  const store = connectConfiguredRedisStore(config, logger);
  const stopWeb = await startWeb(config, database.db, store, logger);
  stopOnSignals([database.close, store.close, stopWeb], logger);
});
