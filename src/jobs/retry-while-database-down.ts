import { isConnectionError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';

const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 5_000;
/** After this long the job gives up on the write and BullMQ's retries and the requeue sweep take over. */
const GIVE_UP_AFTER_MS = 5 * 60_000;

/**
 * Runs a database operation, retrying with backoff while the database cannot be reached. Other errors,
 * and a cancelled job, end the wait at once.
 */
export async function retryWhileDatabaseDown<T>(operation: () => Promise<T>, logger: Logger, signal?: AbortSignal): Promise<T> {
  const started = Date.now();
  for (let delay = FIRST_DELAY_MS; ; delay = Math.min(delay * 2, MAX_DELAY_MS)) {
    try {
      return await operation();
    } catch (error) {
      if (!isConnectionError(error) || signal?.aborted || Date.now() - started > GIVE_UP_AFTER_MS) throw error;
      logger.warn({ error: (error as Error).message, retryInMs: delay }, 'database unreachable, retrying');
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
