import { ConfigError } from './config.js';
import type { Logger } from './logger.js';

/** Something to stop on shutdown, in the order it was started reversed. */
export type Stop = () => Promise<void>;

// Heroku sends SIGKILL 30 s after SIGTERM; stop before that so the exit is ours.
const SHUTDOWN_DEADLINE_MS = 25_000;

/**
 * Stops everything on SIGTERM or SIGINT, newest first, then exits; exits 1 if a stop fails or the
 * deadline passes.
 */
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
    const failures = await stopEach([...stops].reverse(), logger);
    clearTimeout(timer);
    logger.info({ failures }, 'stopped');
    process.exit(failures === 0 ? 0 : 1);
  };
  process.on('SIGTERM', (signal) => void shutdown(signal));
  process.on('SIGINT', (signal) => void shutdown(signal));
}

/** Runs every stop even when one fails, since the others still hold connections; returns how many failed. */
async function stopEach(stops: Stop[], logger: Logger): Promise<number> {
  let failures = 0;
  for (const stop of stops) {
    try {
      await stop();
    } catch (error) {
      failures++;
      logger.error({ err: error }, 'stop failed');
    }
  }
  return failures;
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
