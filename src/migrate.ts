import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { connectConfiguredPostgres, runMain } from './runtime.js';

/** The `release` process: applies pending migrations, then exits. Needs no dev dependency. */
runMain(async () => {
  const config = loadConfig();
  const logger = createLogger(config, 'release');
  const database = connectConfiguredPostgres(config, 1);
  await database.migrate();
  await database.close();
  logger.info('migrations applied');
});
