import { createHash } from 'node:crypto';
import type { SiteFindings } from '../core/crawl.js';
import type { PageBody } from '../core/page-body.js';
import type { ContentMode, CountingChoices, CountingRequest } from '../core/results.js';
import { countWords, type WordCounts } from './count-words.js';
import { decodePageHtml } from './decode-page.js';
import { declaredLanguage } from './declared-language.js';
import { detectLanguage } from './detect-language.js';
import { extractLinks } from './extract-links.js';
import { extractText } from './extract-text.js';
import { extractMainText } from './main-content.js';
import { stopWordsFor } from './stop-words.js';
import { tokenize } from './tokenize.js';

export interface PageCounts extends CountingChoices {
  counts: WordCounts;
}

/**
 * The pure part of a crawl: bytes in, word counts out. The language is the one asked for, or the one
 * the text is written in; it decides how words are split (elision) and whose stop words are removed.
 */
export function countPage(page: PageBody, request: CountingRequest = { content: 'page' }): PageCounts {
  const { text, contentUsed } = pageText(page, request);
  return countText(text, page, request, contentUsed);
}

/**
 * A page of a site crawl: counted as any page, plus the links it offers (resolved against `pageUrl`,
 * where it was fetched from) and a digest of its counted text, by which the crawl spots a page whose
 * text another page already had.
 */
export function countSitePage(page: PageBody, request: CountingRequest, pageUrl: string): PageCounts & { site: SiteFindings } {
  const { text, contentUsed } = pageText(page, request);
  const links = page.mimeType === 'text/plain' ? { links: [], nofollow: false } : extractLinks(decodePageHtml(page), pageUrl);
  const textHash = createHash('sha256').update(text).digest('base64url');
  return { ...countText(text, page, request, contentUsed), site: { links, textHash } };
}

function pageText(page: PageBody, request: CountingRequest): { text: string; contentUsed: ContentMode } {
  const main = request.content === 'main' ? extractMainText(page) : undefined;
  return { text: main ?? extractText(page), contentUsed: main === undefined ? 'page' : 'main' };
}

function countText(text: string, page: PageBody, request: CountingRequest, contentUsed: ContentMode): PageCounts {
  const language = request.language ?? detectLanguage(text, declaredLanguage(page));
  const stopWords = stopWordsFor(language);
  return { counts: countWords(tokenize(text, language), stopWords.words), language, stopWords: stopWords.list, contentUsed };
}
