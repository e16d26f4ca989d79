import * as z from 'zod';
import { CRAWL_PAGE_STATUSES, CRAWL_SCOPES, CRAWL_STOPS, SKIP_CODES } from '../../core/crawl.js';
import { ERROR_CODES, HTTP_STATUS_BY_CODE, type ErrorCode } from '../../core/errors.js';
import { CONTENT_MODES, RESULT_STATUSES, STAGES, UNFINISHED_STATUSES } from '../../core/results.js';

// The shapes of the JSON API's answers, for the OpenAPI document: the routes build these objects
// (presentStatus, presentPage…), and these schemas say what scripts may rely on in them.

/** The codes a failed page or crawl is recorded with: the fetch and counting failures, and the worker's own. */
export const RESULT_FAILURE_CODES = ERROR_CODES.filter((code) => HTTP_STATUS_BY_CODE[code] === 422 || code === 'interrupted' || code === 'internal');

const KEY = z.uuid().meta({ description: 'The result’s key.' });
const RESULTS_URL = z.string().meta({ description: 'Where the result’s counts are read: `/results/{key}`.', example: '/results/3b241101-e2bb-4255-8caf-4136c566a962' });

export const WORD_COUNTS = z.array(z.tuple([z.string(), z.int().min(1)])).meta({
  id: 'WordCounts',
  description: '`[word, count]` pairs, most frequent first (ties in alphabetical order).',
  example: [['harbor', 12], ['ship', 9]],
});

export const PAGE_TALLY = z.object(Object.fromEntries(CRAWL_PAGE_STATUSES.map((status) => [status, z.int().min(0)])) as Record<(typeof CRAWL_PAGE_STATUSES)[number], z.ZodInt>)
  .meta({ id: 'PageTally', description: 'How many of a crawl’s pages are in each state.' });

export const CRAWL_OPTIONS_APPLIED = z.object({
  max_pages: z.int(), max_depth: z.int(), scope: z.enum(CRAWL_SCOPES), include: z.array(z.string()), exclude: z.array(z.string()), sitemap: z.boolean(),
}).meta({ id: 'CrawlOptionsApplied', description: 'A crawl’s options as applied, defaults filled in.' });

const CRAWL_COUNTERS = { kind: z.literal('crawl').optional().meta({ description: 'Only for a site crawl.' }), pages: PAGE_TALLY.optional() };

export const UNFINISHED = z.object({ status: z.enum(UNFINISHED_STATUSES), progress: z.int().min(0).max(100), ...CRAWL_COUNTERS })
  .meta({ id: 'Unfinished', description: 'Not counted yet: poll again after `Retry-After` seconds, or ask with `wait`.' });

export const FAILED = z.object({ status: z.literal('failed'), error: z.string(), code: z.enum(RESULT_FAILURE_CODES as [ErrorCode, ...ErrorCode[]]), ...CRAWL_COUNTERS })
  .meta({ id: 'Failed', description: 'The page (or every page of a crawl) could not be counted; `code` says why.' });

export const STATUS = z.object({
  key: KEY,
  url: z.string(),
  final_url: z.string().nullable().meta({ description: 'Where redirects led.' }),
  status: z.enum(RESULT_STATUSES),
  progress: z.int().min(0).max(100),
  stage: z.enum([...STAGES.map((stage) => stage.name), 'failed']),
  error: z.string().nullable(),
  code: z.enum(RESULT_FAILURE_CODES as [ErrorCode, ...ErrorCode[]]).nullable(),
  total_words: z.int().nullable(),
  unique_words: z.int().nullable(),
  content: z.enum(CONTENT_MODES),
  content_used: z.enum(CONTENT_MODES).nullable().meta({ description: 'What was counted: `page` when `main` found no main content.' }),
  language: z.string().nullable(),
  language_source: z.enum(['requested', 'detected']).nullable(),
  stop_words: z.string().nullable().meta({ description: 'Whose stop-word list was removed: a language code, `none`, or `per_page` for a crawl of several languages.' }),
  created_at: z.date(),
  started_at: z.date().nullable(),
  finished_at: z.date().nullable(),
  results_url: RESULTS_URL,
  crawl_key: z.uuid().optional().meta({ description: 'For a page counted as part of a crawl: the crawl’s key.' }),
  callback: z.object({
    url: z.string(),
    state: z.enum(['pending', 'delivered', 'failed']).nullable().meta({ description: 'Null until the result finishes.' }),
    attempts: z.int().min(0),
    last_error: z.string().nullable(),
  }).optional().meta({ description: 'Only with a `callback_url`: where its delivery stands (README, Webhooks).' }),
  kind: z.literal('crawl').optional(),
  crawl: CRAWL_OPTIONS_APPLIED.optional(),
  pages: PAGE_TALLY.optional(),
  stopped: z.enum(CRAWL_STOPS).nullable().optional().meta({ description: 'Why a crawl ended; null while it runs.' }),
}).meta({ id: 'Status', description: 'Where a result stands, and how it was counted.' });

export const CRAWL_PAGE = z.object({
  url: z.string(), final_url: z.string().nullable(), depth: z.int().min(0), status: z.enum(CRAWL_PAGE_STATUSES),
  code: z.string().nullable().meta({ description: `Why a page failed (an error code) or was skipped: ${SKIP_CODES.join(', ')}.` }),
  error: z.string().nullable(), total_words: z.int().nullable(), key: z.uuid().nullable().meta({ description: 'The page’s own result, once counted.' }),
}).meta({ id: 'CrawlPage' });

export const SUBMISSION = z.object({
  key: KEY,
  url: z.string().meta({ description: 'The URL as it will be fetched.' }),
  status: z.enum(RESULT_STATUSES),
  results_url: RESULTS_URL,
  reused: z.literal(true).optional().meta({ description: 'An earlier result for the same page, counted within `REUSE_WINDOW_SECONDS`, was answered instead.' }),
  kind: z.literal('crawl').optional(),
}).meta({ id: 'Submission' });

/** A CSV download: `columns` is its header row. */
export function csvDownload(columns: string) {
  return {
    description: `An attachment: UTF-8 with a BOM, CRLF line ends, a header ${columns}, then one row each.`,
    content: { 'text/csv': { schema: z.string() } },
  };
}
