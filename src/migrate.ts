import { loadConfig, requireDatabaseUrl } from './config.js';
import { connectPostgres } from './db/database.js';
import { createLogger } from './logger.js';
import { runMain } from './runtime.js';

/** The `release` process: applies pending migrations, then exits. Needs no dev dependency. */
runMain(async () => {
  const config = loadConfig();
  const logger = createLogger(config, 'release');
  const database = connectPostgres(requireDatabaseUrl(config), { poolSize: 1 });
  await database.migrate();
  await database.close();
  logger.info('migrations applied');
});
