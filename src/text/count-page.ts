import type { PageBody } from '../core/page-body.js';
import { countWords, type WordCounts } from './count-words.js';
import { extractText } from './extract-text.js';
import { ENGLISH_STOP_WORDS } from './stop-words.js';
import { tokenize } from './tokenize.js';

/** The pure part of a crawl: bytes in, word counts out. */
export function countPage(page: PageBody): WordCounts {
  return countWords(tokenize(extractText(page)), ENGLISH_STOP_WORDS);
}
