import * as z from 'zod';
import { AppError } from '../core/errors.js';
import { MAX_TOP_LIMIT } from '../core/results.js';

// Without the `i` flag, which a JSON Schema pattern cannot carry.
const KEY_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
export const DEFAULT_TOP_LIMIT = 10;

/**
 * How long a request may wait for a result to finish, in seconds: at most 25, since Heroku's router
 * drops a request that has sent nothing for 30 s.
 */
export const MAX_WAIT_SECONDS = 25;

export function notFound(key: string): AppError {
  return new AppError('not_found', `no result with key ${JSON.stringify(key)}`);
}

export function isResultKey(value: string): boolean {
  return KEY_PATTERN.test(value);
}

/** The path of every route under `/results/{key}` and `/status/{key}`. */
export const KEY_PATH = z.object({
  key: z.string().regex(KEY_PATTERN).transform((key) => key.toLowerCase()).meta({
    description: 'The result’s key, as `POST /start` answered it (a UUID, in either case).',
    example: '3b241101-e2bb-4255-8caf-4136c566a962',
  }),
});

/**
 * A whole number of a query string, in digits only, so that `1e3`, `0x10` and `-1` are reported rather
 * than read; the message names the parameter. The document calls it an integer with its bounds, which
 * is what OpenAPI means by such a parameter, rather than the digits pattern that checks it.
 */
export function wholeNumber(name: string, min: number, max: number) {
  const error = `${name} must be a whole number from ${min} to ${max}`;
  return z.string({ error }).regex(/^\d{1,16}$/, { error }).transform(Number).pipe(z.int({ error }).min(min, { error }).max(max, { error })).meta({
    override: ({ jsonSchema }) => {
      delete jsonSchema.pattern;
      Object.assign(jsonSchema, { type: 'integer', minimum: min, maximum: max });
    },
  });
}

export const STOP_WORDS = z.enum(['include', 'exclude'], { error: 'stopwords must be "include" or "exclude"' }).default('exclude').meta({
  description: '`include` counts the language’s stop words too (the, and, of…); `exclude` leaves them out.',
});

/** The query of a top list: how many words, and whether stop words count. */
export const TOP_QUERY = z.object({
  limit: wholeNumber('limit', 1, MAX_TOP_LIMIT).default(DEFAULT_TOP_LIMIT).meta({ description: 'How many of the most frequent words to answer with.' }),
  stopwords: STOP_WORDS,
});

export const STOP_WORDS_QUERY = z.object({ stopwords: STOP_WORDS });

/** A top list's query plus `wait`, which holds an unfinished answer until the result finishes or the time is up. */
export const RESULT_QUERY = TOP_QUERY.extend({
  wait: wholeNumber('wait', 0, MAX_WAIT_SECONDS).default(0).meta({
    description: `Seconds (at most ${MAX_WAIT_SECONDS}) to hold an unfinished answer, so that one request gets the counts as soon as they are stored.`,
  }),
});

/** A path that does not fit its schema names nothing that exists: 404, and no database query. */
export function parsePath<T extends z.ZodType>(schema: T, params: Record<string, string | string[]>): z.output<T> {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw notFound(String(params.key));
  return parsed.data;
}

/** Pages fall back to the defaults instead of failing, since people edit URLs by hand. */
export function parseTopOptions(query: Record<string, unknown>): { limit: number; includeStopWords: boolean } {
  const limit = TOP_QUERY.shape.limit.safeParse(query.limit).data ?? DEFAULT_TOP_LIMIT;
  return { limit, includeStopWords: TOP_QUERY.shape.stopwords.safeParse(query.stopwords).data === 'include' };
}
