import type { ErrorRequestHandler } from 'express';
import { AppError, HTTP_STATUS_BY_CODE, isConnectionError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';

/** The one place where errors become HTTP answers: `{ error, code }` with a fitting status. */
export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    const failure = toAppError(error);
    const status = HTTP_STATUS_BY_CODE[failure.code];
    if (status >= 500) logger.error({ err: error, method: req.method, path: req.path, code: failure.code }, 'request failed');
    // Too late for an answer of ours: Express's own handler closes the connection, so the client
    // sees a broken response instead of waiting for the rest of one.
    if (res.headersSent) {
      next(error);
      return;
    }
    if (failure.retryAfterMs !== undefined) res.set('Retry-After', String(Math.ceil(failure.retryAfterMs / 1000)));
    else if (status === 503) res.set('Retry-After', '5');
    res.status(status).format({
      json: () => res.json({ error: failure.message, code: failure.code }),
      html: () => res.render('error', { status, message: failure.message }),
      default: () => res.json({ error: failure.message, code: failure.code }),
    });
  };
}

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isConnectionError(error)) return new AppError('database_unavailable', 'the database is unavailable; please try again shortly');
  // express's body parsers mark their errors with a 4xx status and a type.
  const { status, type } = error as { status?: unknown; type?: unknown };
  if (type === 'entity.parse.failed') return new AppError('invalid_request', 'the request body is not valid JSON');
  if (status === 413) return new AppError('payload_too_large', 'the request body is too large');
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new AppError('invalid_request', (error as Error).message);
  }
  return new AppError('internal', 'something went wrong on our side');
}
