import type { RequestHandler } from 'express';
import { AppError } from '../../core/errors.js';

/**
 * A full-count download holds its whole document in this process while it is sent (3.5 MB for a page
 * of 200,000 words, several times that in V8 strings and buffers), so it is how many run at once,
 * not how often a client asks, that bounds the web's memory: 20 at once took it from 166 to 442 MB.
 */
export const MAX_DOWNLOADS_IN_PROGRESS = 4;

/** Past `max` downloads in progress, answers 503 busy with a Retry-After of a second. */
export function limitDownloadsInProgress(max = MAX_DOWNLOADS_IN_PROGRESS): RequestHandler {
  let inProgress = 0;
  return (_req, res, next) => {
    if (inProgress >= max) {
      throw new AppError('busy', 'too many downloads in progress on this server; try again in a second', true, { retryAfterMs: 1_000 });
    }
    inProgress += 1;
    // 'close' comes once, whether the answer was sent or the client went away first.
    res.once('close', () => (inProgress -= 1));
    next();
  };
}
