import type * as z from 'zod';
import { AppError, type ErrorCode } from './errors.js';

/**
 * Validates a request's query or body with its schema: the first problem becomes a 4xx AppError with
 * the schema's message, and the code `codeOf` gives for the top-level field at fault.
 */
export function parseRequest<T extends z.ZodType>(
  schema: T,
  value: unknown,
  codeOf: (field: PropertyKey | undefined) => ErrorCode = () => 'invalid_request',
): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = reportedIssue(parsed.error.issues[0]!);
  throw new AppError(codeOf(issue.path[0]), issue.message);
}

/**
 * Of a union that matched no branch, the branch that got furthest (a problem inside an object of
 * options says more than "expected a string"), or else the union's own message.
 */
function reportedIssue(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union') return issue;
  const inner = issue.errors.map((branch) => branch[0]).find((first) => first && (first.path.length > 0 || first.code === 'unrecognized_keys' || first.code === 'custom'));
  return inner ? { ...reportedIssue(inner), path: [...issue.path, ...inner.path] } : issue;
}

/** A value as a message shows it: a string quoted and cut short, anything else by its kind. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return value.length > 60 ? `"${value.slice(0, 60)}…"` : `"${value}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return value === null ? 'null' : `a ${typeof value}`;
}
