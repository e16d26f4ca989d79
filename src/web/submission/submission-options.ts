import * as z from 'zod';
import type { CrawlOptions } from '../../core/crawl.js';
import { describeValue, parseRequest } from '../../core/parse-request.js';
import { crawlOptionsOf, crawlRequestFields } from '../../crawl/crawl-options.js';
import { SUPPORTED_LANGUAGES, supportedLanguage } from '../../core/languages.js';
import { CONTENT_MODES, type ContentMode } from '../../core/results.js';
import { parseCallbackRequest, type CallbackRequest, type CallbackRules } from './callback-request.js';
import { SUBMITTED_URL, URL_REQUIRED } from './normalize-submitted-url.js';

/** The most URLs one request may submit. */
export const MAX_BATCH_URLS = 100;

/** What a submission asks for besides its URL, from JSON or a form alike. */
export interface SubmissionOptions {
  fresh: boolean;
  content: ContentMode;
  /** Counts in this language instead of the detected one. */
  language?: string;
  /** Crawls the site from this page rather than counting the page alone. */
  crawl?: CrawlOptions;
  /** Where to POST when the result finishes (README, "Webhooks"). */
  callback?: CallbackRequest;
}

const URLS_MESSAGE = `urls must be a list of 1 to ${MAX_BATCH_URLS} URLs`;

const languageMessage = (value: unknown) =>
  `language must be a supported language code such as "de" or "zh-Hant", or empty to detect it; got ${typeof value === 'string' ? `"${value.slice(0, 35)}"` : describeValue(value).replace(/^a list of \d+$/, 'a list')}. Supported: ${SUPPORTED_LANGUAGES.join(', ')}`;

/** A yes/no field from JSON (`true`) or a form (`"true"`, `"on"`, `"1"`); anything else is false, never an error. */
function flag(description: string) {
  return z.unknown().meta({ description, override: { type: 'boolean', default: false } }).optional()
    .transform((value) => value === true || value === 'true' || value === 'on' || value === '1');
}

const FRESH = flag('Count the page again even if it was counted moments ago (`true`; a form’s `on`, `true` or `1`).');

/** Checked, DNS included, by parseCallbackRequest once the rest of the body is valid: here only described. */
const CALLBACK_URL = z.unknown().optional().meta({
  description: 'An http(s) URL to POST a signed summary to when the result completes or fails (README, Webhooks); it must pass the same address policy as a fetched page. Refused (`invalid_callback_url`) while the service has no `WEBHOOK_SECRET`.',
  override: { type: 'string', format: 'uri', maxLength: 2048 },
});

const CALLBACK_PAGES = flag('With `crawl` and `callback_url`: each page of the crawl calls back too, not only the crawl.');

/** `page` (all visible text) unless `main` is asked for; the page's checkbox posts `main` when ticked. */
const CONTENT = z.enum([...CONTENT_MODES, ''], { error: 'content must be "page" (all visible text) or "main" (the main content only)' })
  .optional().transform((value): ContentMode => value || 'page')
  .meta({ description: '`page` counts all visible text; `main` only the main content (the article, without menus and footers).', default: 'page' });

/** Empty means "detect it"; otherwise one of the supported codes, in any case (`de`, `zh-Hant`, `pt-BR`). */
const LANGUAGE = z.string({ error: (issue) => languageMessage(issue.input) }).nullish().transform((value, ctx) => {
  if (value === undefined || value === null || value === '' || value === 'auto') return undefined;
  const language = value.length <= 35 ? supportedLanguage(value) : undefined;
  if (!language) ctx.addIssue({ code: 'custom', message: languageMessage(value) });
  return language;
}).meta({ description: `Count in this language instead of the one detected; empty or \`auto\` detects it. One of ${SUPPORTED_LANGUAGES.join(', ')}.`, example: 'de' });

/**
 * The body of `POST /start` and of the page's form (`POST /`): one `url`, or up to 100 `urls`, with the
 * counting choices; JSON or form-encoded alike. Made once per crawl page cap (a setting), since the
 * document may hold a schema of a given id only once.
 */
export function submissionBody(crawlMaxPages: number) {
  let body = BODIES.get(crawlMaxPages);
  if (!body) BODIES.set(crawlMaxPages, (body = buildSubmissionBody(crawlMaxPages)));
  return body;
}

const BODIES = new Map<number, ReturnType<typeof buildSubmissionBody>>();

function buildSubmissionBody(crawlMaxPages: number) {
  return z.object({
    url: SUBMITTED_URL.optional(),
    urls: z.array(z.unknown(), { error: URLS_MESSAGE }).min(1, { error: URLS_MESSAGE }).max(MAX_BATCH_URLS, { error: URLS_MESSAGE }).optional().meta({
      description: `Up to ${MAX_BATCH_URLS} pages at once, instead of \`url\`; each is validated on its own, and the answer has one entry per URL in order.`,
      override: { items: { type: 'string' } },
    }),
    fresh: FRESH,
    content: CONTENT,
    language: LANGUAGE,
    callback_url: CALLBACK_URL,
    callback_pages: CALLBACK_PAGES,
    ...crawlRequestFields(crawlMaxPages),
  }).superRefine((body, ctx) => {
    if (body.urls !== undefined && body.url !== undefined) ctx.addIssue({ code: 'custom', path: ['urls'], message: 'send either url (one page) or urls (a list), not both' });
    else if (body.urls !== undefined && body.crawl !== undefined) ctx.addIssue({ code: 'custom', path: ['urls'], message: 'a crawl starts from one page: send url with crawl, not urls' });
    else if (body.urls === undefined && body.url === undefined) ctx.addIssue({ code: 'custom', path: ['url'], message: URL_REQUIRED });
  }).meta({ id: 'SubmissionRequest', description: 'One page (`url`), a site crawl from one page (`url` with `crawl`), or a batch of pages (`urls`).' });
}

export type SubmissionRequest = { url: string; urls?: undefined; options: SubmissionOptions } | { url?: undefined; urls: unknown[]; options: SubmissionOptions };

/**
 * Reads a submission's body; a bad value is a 400 naming the field (`invalid_url` for the URL itself,
 * `invalid_callback_url` for the callback's).
 */
export async function parseSubmission(body: unknown, crawlMaxPages: number, callbacks: CallbackRules): Promise<SubmissionRequest> {
  const fields = body && typeof body === 'object' && !Array.isArray(body) ? body : {};
  const parsed = parseRequest(submissionBody(crawlMaxPages), fields, (field) => (field === 'url' ? 'invalid_url' : 'invalid_request'));
  const crawl = crawlOptionsOf(parsed);
  const callback = await parseCallbackRequest({ url: parsed.callback_url, pages: parsed.callback_pages }, crawl !== undefined, callbacks);
  const options: SubmissionOptions = {
    fresh: parsed.fresh, content: parsed.content, ...(parsed.language ? { language: parsed.language } : {}), ...(crawl ? { crawl } : {}), ...(callback ? { callback } : {}),
  };
  return parsed.urls ? { urls: parsed.urls, options } : { url: parsed.url!, options };
}
