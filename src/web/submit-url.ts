import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database.js';
import { deleteResult, insertQueuedResult } from '../db/results-repository.js';
import type { Logger } from '../logger.js';
import type { CrawlQueue } from '../queue/crawl-queue.js';
import { normalizeSubmittedUrl } from './normalize-submitted-url.js';

export interface Submission {
  key: string;
  url: string;
}

/**
 * Records the URL, then enqueues its key: Postgres first, so a job never points at a missing row.
 * If the queue refuses, the row is withdrawn, since nothing would ever process it.
 */
export async function submitUrl(db: Database, queue: CrawlQueue, logger: Logger, input: unknown): Promise<Submission> {
  const url = normalizeSubmittedUrl(input);
  const key = randomUUID();
  await insertQueuedResult(db, key, url);
  try {
    await queue.enqueue(key);
  } catch (error) {
    await deleteResult(db, key).catch((deleteError: Error) => {
      logger.error({ key, error: deleteError.message }, 'could not withdraw a row whose job was never enqueued');
    });
    throw error;
  }
  logger.info({ key, url }, 'url submitted');
  return { key, url };
}
