import { createHash } from 'node:crypto';
import type { SiteFindings } from '../core/crawl.js';
import type { PageBody } from '../core/page-body.js';
import type { ContentMode, CountingChoices, CountingRequest } from '../core/results.js';
import { countSpellings, spellingsOf, type WordCounts } from './count-words.js';
import { decodePageHtml } from './decode-page.js';
import { declaredLanguage } from './declared-language.js';
import { detectLanguage } from './detect-language.js';
import { extractLinks } from './extract-links.js';
import { withoutBlockBreaks } from './block-break.js';
import { extractMarkedText } from './extract-text.js';
import { extractMarkedMainText } from './main-content.js';
import { countPhrases, type Phrases } from './phrases.js';
import { sentenceEnds } from './sentences.js';
import { stopWordsFor } from './stop-words.js';
import { tokenize } from './tokenize.js';

/** The words counted, in order, in sentences: `sentenceEnds[i]` is the index in `words` just past sentence i. */
export interface CountedWords {
  words: readonly string[];
  sentenceEnds: readonly number[];
}

export interface PageCounts extends CountingChoices {
  counts: WordCounts;
  counted: CountedWords;
  phrases: Phrases;
}

/**
 * The pure part of a crawl: bytes in, word counts out. The language is the one asked for, or the one
 * the text is written in; it decides how words are split (elision) and whose stop words are removed.
 */
export function countPage(page: PageBody, request: CountingRequest = { content: 'page' }): PageCounts {
  const { marked, text, contentUsed } = pageText(page, request);
  return countText(marked, text, page, request, contentUsed);
}

/**
 * A page of a site crawl: counted as any page, plus the links it offers (resolved against `pageUrl`,
 * where it was fetched from) and a digest of its counted text, by which the crawl spots a page whose
 * text another page already had.
 */
export function countSitePage(page: PageBody, request: CountingRequest, pageUrl: string): PageCounts & { site: SiteFindings } {
  const { marked, text, contentUsed } = pageText(page, request);
  const links = page.mimeType === 'text/plain' ? { links: [], nofollow: false } : extractLinks(decodePageHtml(page), pageUrl);
  const textHash = createHash('sha256').update(text).digest('base64url');
  return { ...countText(marked, text, page, request, contentUsed), site: { links, textHash } };
}

/** The text to count, and the same `marked` with its block breaks (block-break.ts), where sentences end. */
function pageText(page: PageBody, request: CountingRequest): { marked: string; text: string; contentUsed: ContentMode } {
  const main = request.content === 'main' ? extractMarkedMainText(page) : undefined;
  if (main !== undefined) return { marked: main, text: withoutBlockBreaks(main, '\n'), contentUsed: 'main' };
  const marked = extractMarkedText(page);
  return { marked, text: withoutBlockBreaks(marked, ' '), contentUsed: 'page' };
}

function countText(marked: string, text: string, page: PageBody, request: CountingRequest, contentUsed: ContentMode): PageCounts {
  const language = request.language ?? detectLanguage(text, declaredLanguage(page));
  const stopWords = stopWordsFor(language);
  const words = tokenize(text, language);
  const ends = sentenceEnds(marked, words);
  const spellings = spellingsOf(words);
  return {
    counts: countSpellings(spellings, stopWords.words),
    counted: { words, sentenceEnds: ends },
    phrases: countPhrases(spellings, ends, stopWords.words),
    language,
    stopWords: stopWords.list,
    contentUsed,
  };
}
