import { loadConfig } from '../core/config.js';
import { runMain } from '../core/lifecycle.js';
import { createLogger } from '../core/logger.js';
import { connectConfiguredPostgres } from '../wiring/connections.js';

/** The `release` process: applies pending migrations, then exits. Needs no dev dependency. */
runMain(async () => {
  const config = loadConfig();
  const logger = createLogger(config, 'release');
  const database = connectConfiguredPostgres(config, 1);
  await database.migrate();
  await database.close();
  logger.info('migrations applied');
});
