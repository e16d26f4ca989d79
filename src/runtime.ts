import { ConfigError, requireDatabaseUrl, type Config } from './config.js';
import { connectPostgres, type DatabaseHandle } from './db/database.js';
import type { Logger } from './logger.js';

/** Something to stop on shutdown, in the order it was started reversed. */
export type Stop = () => Promise<void>;

/** The Postgres server named by DATABASE_URL (required here), with the configured TLS settings. */
export function connectConfiguredPostgres(config: Config, poolSize?: number): DatabaseHandle {
  return connectPostgres(requireDatabaseUrl(config), {
    ssl: config.DATABASE_SSL,
    pgSslMode: config.PGSSLMODE,
    ...(poolSize === undefined ? {} : { poolSize }),
  });
}

// Heroku sends SIGKILL 30 s after SIGTERM; stop before that so the exit is ours.
const SHUTDOWN_DEADLINE_MS = 25_000;

/** Stops everything on SIGTERM or SIGINT, newest first, then exits; exits 1 if the deadline passes. */
export function stopOnSignals(stops: Stop[], logger: Logger): void {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error('shutdown deadline passed, exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    for (const stop of [...stops].reverse()) await stop();
    clearTimeout(timer);
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', (signal) => void shutdown(signal));
  process.on('SIGINT', (signal) => void shutdown(signal));
}

/** Runs an entry point; a configuration error ends the process with one line naming the variable. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (error instanceof ConfigError) {
      console.error(`wordcrawler: configuration error: ${error.message}`);
    } else {
      console.error('wordcrawler: failed to start:', error);
    }
    process.exit(1);
  });
}
