import * as z from 'zod';
import { CRAWL_SCOPES, DEFAULT_MAX_DEPTH, DEFAULT_MAX_PAGES, MAX_CRAWL_DEPTH, type CrawlOptions } from '../core/crawl.js';
import { describeValue, parseRequest } from '../core/parse-request.js';
import { compileGlob } from './glob.js';

const OPTION_NAMES = ['max_pages', 'max_depth', 'scope', 'include', 'exclude', 'sitemap'] as const;
const MAX_GLOBS = 20;
const MAX_GLOB_LENGTH = 200;

/** The values of `crawl` that ask for the page alone, as JSON or a form's unticked box sends them. */
const NO_CRAWL = ['', 'off', 'false', '0'] as const;
/** The values of a form's ticked box, whose options are then top-level fields. */
const FORM_CRAWL = ['on', 'true', '1'] as const;

/** A message for any problem with one field, ending with the value sent. */
const refusing = (message: string) => ({ error: (issue: { input?: unknown }) => `${message}; got ${describeValue(issue.input)}` });

function defaultMaxPages(maxPagesCap: number): number {
  return Math.min(DEFAULT_MAX_PAGES, maxPagesCap);
}

/** JSON numbers only, so that `"10"` and `10.5` are mistakes reported rather than guesses made. */
function jsonInteger(field: string, min: number, max: number, fallback: number, description: string) {
  const error = refusing(`${field} must be a whole number from ${min} to ${max} (a JSON number, not a string), or left out for ${fallback}`);
  return z.int(error).min(min, error).max(max, error).nullish().transform((value) => value ?? fallback)
    .meta({ description: `${description} Left out: ${fallback}.` });
}

/** Each glob is checked where the list is, so that its message can say which one it is. */
function globs(field: string, description: string) {
  const listError = refusing(`${field} must be a list of at most ${MAX_GLOBS} globs over a link's path and query, such as ["/blog/**"]`);
  return z.array(z.unknown(), listError).max(MAX_GLOBS, listError).nullish()
    .transform((list, ctx) => {
      for (const [index, glob] of (list ?? []).entries()) {
        const problem = globProblem(glob);
        if (problem) ctx.addIssue({ code: 'custom', message: `${field}[${index}] ${problem}` });
      }
      return (list ?? []) as string[];
    })
    .meta({ description, override: { items: { type: 'string', minLength: 1, maxLength: MAX_GLOB_LENGTH } } });
}

function globProblem(glob: unknown): string | undefined {
  if (typeof glob !== 'string' || glob.length === 0 || glob.length > MAX_GLOB_LENGTH) {
    return `must be a glob of 1 to ${MAX_GLOB_LENGTH} characters, such as "/blog/**"; got ${describeValue(glob)}`;
  }
  try {
    compileGlob(glob);
    return undefined;
  } catch (error) {
    return `is not a glob we can use: ${(error as Error).message}`;
  }
}

/** A crawl's options as JSON sends them, `{"crawl": {"max_pages": 10}}`. */
function jsonCrawlOptions(maxPagesCap: number) {
  return z.strictObject({
    max_pages: jsonInteger('crawl.max_pages', 1, maxPagesCap, defaultMaxPages(maxPagesCap), 'Pages counted, never more.'),
    max_depth: jsonInteger('crawl.max_depth', 0, MAX_CRAWL_DEPTH, DEFAULT_MAX_DEPTH, 'Link hops from the start page; 0 is the start page alone. Sitemap pages are depth 1.'),
    scope: z.enum(CRAWL_SCOPES, refusing('crawl.scope must be "host" (the start page\'s host), "domain" (its registrable domain, subdomains included) or "path" (its directory), or left out for "host"'))
      .nullish().transform((value) => value ?? 'host').meta({ description: 'Which links belong to the crawl: the start page’s host, its registrable domain, or its directory. Left out: host.' }),
    include: globs('crawl.include', 'Globs over a link’s path and query; when any are given, a link must match one.'),
    exclude: globs('crawl.exclude', 'Globs over a link’s path and query; a link matching one is not followed.'),
    sitemap: z.boolean(refusing('crawl.sitemap must be true or false, or left out for true')).nullish().transform((value) => value ?? true)
      .meta({ description: 'Also start from the pages the site’s sitemaps list. Left out: true.' }),
  }, {
    error: (issue) => issue.code === 'unrecognized_keys'
      ? `crawl has no option ${issue.keys.map((name) => `"${name.slice(0, 40)}"`).join(', ')}; the options are ${OPTION_NAMES.join(', ')}`
      : undefined,
  }).meta({ id: 'CrawlOptions', description: 'A site crawl’s options; each left out takes its default.' });
}

/** Digits only, so that `1e3`, `-1` and `10.0` are reported rather than read. */
function formInteger(field: string, min: number, max: number, fallback: number) {
  const message = (value: unknown) => {
    const hint = typeof value === 'number' ? ` (in JSON, send the options inside crawl: {"crawl": {"${field}": ${value}}})` : '';
    return `${field} must be a whole number from ${min} to ${max} in digits, or empty for ${fallback}; got ${describeValue(value)}${hint}`;
  };
  return z.string({ error: (issue) => message(issue.input) }).optional().transform((value, ctx) => {
    if (value === undefined || value === '') return fallback;
    const number = /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
    if (number >= min && number <= max) return number;
    ctx.addIssue({ code: 'custom', message: message(value) });
    return z.NEVER;
  }).meta({ description: `With \`crawl=on\` (a form): ${field === 'max_pages' ? 'pages counted' : 'link hops from the start page'}, in digits; empty for ${fallback}.` });
}

/**
 * The fields of a POST /start that ask for a crawl. JSON sends `crawl` as an object of options
 * (`{"crawl": {"max_pages": 10}}`); a form sends `crawl=on` with `max_pages` and `max_depth` beside it.
 */
export function crawlRequestFields(maxPagesCap: number) {
  return {
    crawl: z.union([jsonCrawlOptions(maxPagesCap), z.boolean(), z.enum([...FORM_CRAWL, ...NO_CRAWL]), z.null()], refusing('crawl must be an object of crawl options such as {"max_pages": 10}, or "on" or "off"'))
      .optional()
      .meta({ description: 'Crawl the site from this page: an object of options (JSON), or `on` from a form. Left out, `false` or `off`, the page alone is counted.' }),
    max_pages: formInteger('max_pages', 1, maxPagesCap, defaultMaxPages(maxPagesCap)),
    max_depth: formInteger('max_depth', 0, MAX_CRAWL_DEPTH, DEFAULT_MAX_DEPTH),
  };
}

type CrawlFields = z.output<z.ZodObject<ReturnType<typeof crawlRequestFields>>>;

/** The crawl the validated fields ask for, or undefined for a single page. A form has only the numbers; the rest is the defaults. */
export function crawlOptionsOf({ crawl, max_pages, max_depth }: CrawlFields): CrawlOptions | undefined {
  if (crawl === undefined || crawl === null || crawl === false || (NO_CRAWL as readonly unknown[]).includes(crawl)) return undefined;
  if (typeof crawl === 'object') {
    return { maxPages: crawl.max_pages, maxDepth: crawl.max_depth, scope: crawl.scope, include: crawl.include, exclude: crawl.exclude, sitemap: crawl.sitemap };
  }
  return { maxPages: max_pages, maxDepth: max_depth, scope: 'host', include: [], exclude: [], sitemap: true };
}

/** The crawl a POST /start's fields ask for, or undefined for a single page; a bad value is a 400 naming the field. */
export function parseCrawlRequest(fields: Record<string, unknown>, maxPagesCap: number): CrawlOptions | undefined {
  return crawlOptionsOf(parseRequest(z.object(crawlRequestFields(maxPagesCap)), fields));
}
