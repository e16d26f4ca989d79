import { z } from 'zod';
import { AppError } from '../../core/errors.js';

/**
 * A whole-number query parameter from `min` to `max`, `fallback` when absent. Every message names the
 * parameter, since it is the whole of a 400's `error`.
 */
export function wholeNumberParameter(name: string, min: number, max: number, fallback: number) {
  const message = `${name} must be a whole number from ${min} to ${max}`;
  return z
    .string({ error: message })
    .regex(/^\d{1,16}$/, message)
    .transform(Number)
    .pipe(z.number().min(min, message).max(max, message))
    .default(fallback);
}

/** `stopwords=include|exclude` (default exclude), as on GET /results/:key. */
export const stopWordsParameter = z
  .enum(['include', 'exclude'], { error: 'stopwords must be "include" or "exclude"' })
  .default('exclude')
  .describe('whether stop words are kept in the lists');

/** A request's query read by `schema`; a bad value is a 400 `invalid_request` with the schema's message. */
export function parseQuery<Schema extends z.ZodType>(schema: Schema, query: unknown): z.output<Schema> {
  const parsed = schema.safeParse(query);
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  const name = issue?.path.join('.');
  const message = issue?.message ?? 'the query is not valid';
  throw new AppError('invalid_request', name && !message.startsWith(name) ? `${name}: ${message}` : message);
}
