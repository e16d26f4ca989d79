import * as z from 'zod';
import type { ZodOpenApiResponseObject, ZodOpenApiResponsesObject } from 'zod-openapi';
import { ERROR_CODES, HTTP_STATUS_BY_CODE, type ErrorCode } from '../../core/errors.js';

/** Every error answer carries these two fields; some add their own beside them. */
export function errorBody(codes: readonly ErrorCode[]) {
  return z.object({
    error: z.string().meta({ description: 'What went wrong, for a person to read; it names the field at fault.' }),
    code: z.enum(codes as [ErrorCode, ...ErrorCode[]]).meta({ description: 'What went wrong, for a script to test: one of `ErrorCode`.' }),
  });
}

/** The whole list of codes, as a component the reference page links to. */
export const ERROR_CODE_SCHEMA = z.enum(ERROR_CODES as [ErrorCode, ...ErrorCode[]]).meta({
  id: 'ErrorCode',
  description: 'The machine-readable reason of an error answer; each operation lists those it can answer with under each status.',
});

const RETRY_AFTER = z.object({
  'Retry-After': z.string().meta({ description: 'Seconds to wait before trying again.', example: '5' }),
});

const STATUS_NAMES: Record<number, string> = {
  400: 'Bad request', 401: 'Sign-in needed', 403: 'Refused', 404: 'Not found', 413: 'Body too large',
  422: 'The page could not be counted', 429: 'Too many requests', 500: 'Failed on our side', 503: 'Unavailable for now',
};

/**
 * The error answers an operation can give, one per HTTP status (from errors.ts), each listing the codes
 * it may carry. `internal` (500) is every operation's. An operation whose answer for a status has more
 * fields (a failed result's 422) replaces that entry after spreading these.
 */
export function errorResponses(codes: readonly ErrorCode[], { html = false } = {}): ZodOpenApiResponsesObject {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set<ErrorCode>([...codes, 'internal'])) {
    const status = HTTP_STATUS_BY_CODE[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries([...byStatus].sort(([a], [b]) => a - b).map(([status, statusCodes]) => [String(status), errorResponse(status, statusCodes, html)]));
}

function errorResponse(status: number, codes: ErrorCode[], html: boolean): ZodOpenApiResponseObject {
  return {
    description: `${STATUS_NAMES[status] ?? 'Error'}: ${codes.map((code) => `\`${code}\``).join(', ')}`,
    content: {
      'application/json': { schema: errorBody(codes) },
      ...(html ? { 'text/html': { schema: z.string().meta({ description: 'The error page, for a browser (Accept: text/html).' }) } } : {}),
    },
    ...(status === 429 || status === 503 ? { headers: RETRY_AFTER } : {}),
  };
}
