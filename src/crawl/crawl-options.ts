import { AppError } from '../core/errors.js';
import { CRAWL_SCOPES, DEFAULT_MAX_DEPTH, DEFAULT_MAX_PAGES, MAX_CRAWL_DEPTH, type CrawlOptions, type CrawlScope } from '../core/crawl.js';
import { compileGlob } from './glob.js';

const OPTION_NAMES = ['max_pages', 'max_depth', 'scope', 'include', 'exclude', 'sitemap'] as const;
const MAX_GLOBS = 20;
const MAX_GLOB_LENGTH = 200;

/** The values of `crawl` that ask for the page alone, as JSON or a form's unticked box sends them. */
const NO_CRAWL: readonly unknown[] = [undefined, null, false, '', 'off', 'false', '0'];
/** The values of a form's ticked box, whose options are then top-level fields. */
const FORM_CRAWL: readonly unknown[] = [true, 'on', 'true', '1'];

/**
 * The crawl a POST /start asks for, or undefined for a single page. JSON sends `crawl` as an object
 * of options (`{"crawl": {"max_pages": 10}}`); a form sends `crawl=on` with `max_pages` and
 * `max_depth` beside it. A bad value is a 400 naming the field.
 */
export function parseCrawlRequest(fields: Record<string, unknown>, maxPagesCap: number): CrawlOptions | undefined {
  const crawl = fields.crawl;
  if (NO_CRAWL.includes(crawl)) return undefined;
  if (FORM_CRAWL.includes(crawl)) return parseFormOptions(fields, maxPagesCap);
  if (typeof crawl !== 'object' || crawl === null || Array.isArray(crawl)) {
    throw new AppError('invalid_request', `crawl must be an object of crawl options such as {"max_pages": 10}, or "on" or "off"; got ${describe(crawl)}`);
  }
  return parseJsonOptions(crawl as Record<string, unknown>, maxPagesCap);
}

function parseJsonOptions(options: Record<string, unknown>, maxPagesCap: number): CrawlOptions {
  const unknown = Object.keys(options).filter((name) => !(OPTION_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new AppError('invalid_request', `crawl has no option ${unknown.map((name) => `"${name.slice(0, 40)}"`).join(', ')}; the options are ${OPTION_NAMES.join(', ')}`);
  }
  return {
    maxPages: jsonInteger(options.max_pages, 'crawl.max_pages', 1, maxPagesCap, defaultMaxPages(maxPagesCap)),
    maxDepth: jsonInteger(options.max_depth, 'crawl.max_depth', 0, MAX_CRAWL_DEPTH, DEFAULT_MAX_DEPTH),
    scope: parseScope(options.scope),
    include: parseGlobs(options.include, 'crawl.include'),
    exclude: parseGlobs(options.exclude, 'crawl.exclude'),
    sitemap: parseSitemap(options.sitemap),
  };
}

/** A form has only the numbers; the rest is the defaults. */
function parseFormOptions(fields: Record<string, unknown>, maxPagesCap: number): CrawlOptions {
  return {
    maxPages: formInteger(fields.max_pages, 'max_pages', 1, maxPagesCap, defaultMaxPages(maxPagesCap)),
    maxDepth: formInteger(fields.max_depth, 'max_depth', 0, MAX_CRAWL_DEPTH, DEFAULT_MAX_DEPTH),
    scope: 'host',
    include: [],
    exclude: [],
    sitemap: true,
  };
}

function defaultMaxPages(maxPagesCap: number): number {
  return Math.min(DEFAULT_MAX_PAGES, maxPagesCap);
}

/** JSON numbers only, so that `"10"` and `10.5` are mistakes reported rather than guesses made. */
function jsonInteger(value: unknown, field: string, min: number, max: number, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (Number.isInteger(value) && (value as number) >= min && (value as number) <= max) return value as number;
  throw new AppError('invalid_request', `${field} must be a whole number from ${min} to ${max} (a JSON number, not a string), or left out for ${fallback}; got ${describe(value)}`);
}

/** Digits only, so that `1e3`, `-1` and `10.0` are reported rather than read. */
function formInteger(value: unknown, field: string, min: number, max: number, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const number = typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
  if (number >= min && number <= max) return number;
  const hint = typeof value === 'number' ? ` (in JSON, send the options inside crawl: {"crawl": {"${field}": ${value}}})` : '';
  throw new AppError('invalid_request', `${field} must be a whole number from ${min} to ${max} in digits, or empty for ${fallback}; got ${describe(value)}${hint}`);
}

function parseScope(value: unknown): CrawlScope {
  if (value === undefined || value === null) return 'host';
  if ((CRAWL_SCOPES as readonly unknown[]).includes(value)) return value as CrawlScope;
  throw new AppError('invalid_request', `crawl.scope must be "host" (the start page's host), "domain" (its registrable domain, subdomains included) or "path" (its directory), or left out for "host"; got ${describe(value)}`);
}

function parseSitemap(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'boolean') return value;
  throw new AppError('invalid_request', `crawl.sitemap must be true or false, or left out for true; got ${describe(value)}`);
}

function parseGlobs(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > MAX_GLOBS) {
    throw new AppError('invalid_request', `${field} must be a list of at most ${MAX_GLOBS} globs over a link's path and query, such as ["/blog/**"]; got ${describe(value)}`);
  }
  return value.map((glob: unknown, index) => {
    const at = `${field}[${index}]`;
    if (typeof glob !== 'string' || glob.length === 0 || glob.length > MAX_GLOB_LENGTH) {
      throw new AppError('invalid_request', `${at} must be a glob of 1 to ${MAX_GLOB_LENGTH} characters, such as "/blog/**"; got ${describe(glob)}`);
    }
    try {
      compileGlob(glob);
    } catch (error) {
      throw new AppError('invalid_request', `${at} is not a glob we can use: ${(error as Error).message}`, false, { cause: error });
    }
    return glob;
  });
}

/** A value as a message shows it: a string quoted and cut short, anything else by its kind. */
function describe(value: unknown): string {
  if (typeof value === 'string') return value.length > 60 ? `"${value.slice(0, 60)}…"` : `"${value}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return value === null ? 'null' : `a ${typeof value}`;
}
