import type { CrawlOptions } from '../../core/crawl.js';
import { AppError } from '../../core/errors.js';
import { parseCrawlRequest } from '../../crawl/crawl-options.js';
import { SUPPORTED_LANGUAGES, supportedLanguage } from '../../core/languages.js';
import { CONTENT_MODES, type ContentMode } from '../../core/results.js';

/** What a submission asks for besides its URL, from JSON or a form alike. */
export interface SubmissionOptions {
  fresh: boolean;
  content: ContentMode;
  /** Counts in this language instead of the detected one. */
  language?: string;
  /** Crawls the site from this page rather than counting the page alone. */
  crawl?: CrawlOptions;
}

/** Reads `fresh`, `content`, `language` and `crawl`; a bad value is a 400 naming the field. */
export function parseSubmissionOptions(fields: Record<string, unknown>, crawlMaxPages: number): SubmissionOptions {
  const language = parseLanguage(fields.language);
  const crawl = parseCrawlRequest(fields, crawlMaxPages);
  return { fresh: parseFlag(fields.fresh), content: parseContent(fields.content), ...(language ? { language } : {}), ...(crawl ? { crawl } : {}) };
}

/** A yes/no field (`fresh`, `callback_pages`) from JSON (`true`) or a form (`"true"`, `"on"`, `"1"`). */
export function parseFlag(value: unknown): boolean {
  return value === true || value === 'true' || value === 'on' || value === '1';
}

/** `page` (all visible text) unless `main` is asked for; the page's checkbox posts `main` when ticked. */
function parseContent(value: unknown): ContentMode {
  if (value === undefined || value === '') return 'page';
  if (typeof value === 'string' && (CONTENT_MODES as readonly string[]).includes(value)) return value as ContentMode;
  throw new AppError('invalid_request', `content must be "page" (all visible text) or "main" (the main content only)`);
}

/** Empty means "detect it"; otherwise one of the supported codes, in any case (`de`, `zh-Hant`, `pt-BR`). */
function parseLanguage(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '' || value === 'auto') return undefined;
  const language = typeof value === 'string' && value.length <= 35 ? supportedLanguage(value) : undefined;
  if (language) return language;
  const shown = typeof value === 'string' ? `"${value.slice(0, 35)}"` : `a ${Array.isArray(value) ? 'list' : typeof value}`;
  throw new AppError(
    'invalid_request',
    `language must be a supported language code such as "de" or "zh-Hant", or empty to detect it; got ${shown}. Supported: ${SUPPORTED_LANGUAGES.join(', ')}`,
  );
}
