import type { PageBody } from '../core/page-body.js';
import type { CountingChoices, CountingRequest } from '../core/results.js';
import { countWords, type WordCounts } from './count-words.js';
import { declaredLanguage } from './declared-language.js';
import { detectLanguage } from './detect-language.js';
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
  const main = request.content === 'main' ? extractMainText(page) : undefined;
  const text = main ?? extractText(page);
  const language = request.language ?? detectLanguage(text, declaredLanguage(page));
  const stopWords = stopWordsFor(language);
  return {
    counts: countWords(tokenize(text, language), stopWords.words),
    language,
    stopWords: stopWords.list,
    contentUsed: main === undefined ? 'page' : 'main',
  };
}
