/**
 * Every failure that crosses a boundary (HTTP answer, job outcome, log line) is an AppError.
 * The code is the stable, machine-readable name; the message is what a person reads.
 */
export type ErrorCode =
  | 'invalid_url'
  | 'invalid_request'
  | 'invalid_callback_url'
  | 'unauthorized'
  | 'cross_site'
  | 'payload_too_large'
  | 'rate_limited'
  | 'too_many_in_flight'
  | 'not_found'
  | 'not_counted'
  | 'text_unavailable'
  | 'queue_unavailable'
  | 'busy'
  | 'not_ready'
  | 'database_unavailable'
  | 'blocked_address'
  | 'dns_not_found'
  | 'fetch_failed'
  | 'timeout'
  | 'http_status'
  | 'too_many_redirects'
  | 'not_html'
  | 'too_large'
  | 'too_complex'
  | 'interrupted'
  | 'worker_crashed'
  | 'out_of_scope'
  | 'robots_unavailable'
  | 'blocked_by_robots'
  | 'internal';

/** HTTP status for each code, used by the web error handler and nowhere else. */
export const HTTP_STATUS_BY_CODE: Record<ErrorCode, number> = {
  invalid_url: 400,
  invalid_request: 400,
  invalid_callback_url: 400,
  unauthorized: 401,
  cross_site: 403,
  payload_too_large: 413,
  rate_limited: 429,
  too_many_in_flight: 429,
  not_found: 404,
  // A result a request needs the counts of has none yet, or failed: the request conflicts with its state.
  not_counted: 409,
  // The counted text was kept and is now deleted (or never kept): gone, not missing.
  text_unavailable: 410,
  queue_unavailable: 503,
  busy: 503,
  not_ready: 503,
  database_unavailable: 503,
  blocked_address: 422,
  dns_not_found: 422,
  fetch_failed: 422,
  timeout: 422,
  http_status: 422,
  too_many_redirects: 422,
  not_html: 422,
  too_large: 422,
  too_complex: 422,
  interrupted: 503,
  worker_crashed: 422,
  out_of_scope: 422,
  robots_unavailable: 422,
  blocked_by_robots: 422,
  internal: 500,
};

/** Every code, for the OpenAPI document's enum and the test that each is described. */
export const ERROR_CODES = Object.keys(HTTP_STATUS_BY_CODE) as ErrorCode[];

export interface AppErrorOptions extends ErrorOptions {
  /** How long the other side asked us to wait before trying again (a bounded `Retry-After`). */
  retryAfterMs?: number;
  /** Fewer attempts than a job has in all, for a retryable failure that costs a lot to try again. */
  attemptsAllowed?: number;
  /** The status a server answered, for an `http_status` failure. */
  httpStatus?: number;
}

export class AppError extends Error {
  override readonly name = 'AppError';
  readonly retryAfterMs?: number;
  readonly attemptsAllowed?: number;
  readonly httpStatus?: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Whether trying the same job again later may succeed. */
    readonly retryable = false,
    options?: AppErrorOptions,
  ) {
    super(message, options);
    if (options?.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options?.attemptsAllowed !== undefined) this.attemptsAllowed = options.attemptsAllowed;
    if (options?.httpStatus !== undefined) this.httpStatus = options.httpStatus;
  }
}

const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'EPIPE']);

/** True for errors that mean "could not talk to the server", as opposed to a bad query. */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && CONNECTION_ERROR_CODES.has(code)) return true;
  // pg reports a pool checkout that timed out, or a socket that closed under a query, only in the message.
  return /timeout exceeded when trying to connect|Connection terminated|connection is closed/i.test(error.message)
    || (error instanceof AggregateError && error.errors.some(isConnectionError))
    || isConnectionError(error.cause);
}

/**
 * Whether no attempt may follow this failed one: the failure is permanent, this was the job's last
 * attempt (`attempt` counts from 1), or the failure allows fewer attempts than the job has.
 */
export function isLastAttempt(failure: AppError, attempt: number, jobAttempts: number): boolean {
  return !failure.retryable || attempt >= Math.min(jobAttempts, failure.attemptsAllowed ?? jobAttempts);
}

/** A job that kept killing its worker: permanent, so neither BullMQ nor the requeue sweep runs it again. */
export function workerCrashed(): AppError {
  return new AppError(
    'worker_crashed',
    'the worker counting this page stopped twice while on it (it crashed or ran out of memory), so it was not tried again',
  );
}
