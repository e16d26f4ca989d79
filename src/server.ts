import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { connectConfiguredPostgres, runMain, stopOnSignals } from './runtime.js';
import { startWeb } from './start-web.js';

/** The `web` process: the HTTP API and page, against a Postgres server. */
runMain(async () => {
  const config = loadConfig();
  const database = connectConfiguredPostgres(config);
  const logger = createLogger(config, 'web');
  const stopWeb = await startWeb(config, database.db, logger);
  stopOnSignals([database.close, stopWeb], logger);
});
