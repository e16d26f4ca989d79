import type { PageBody } from '../core/page-body.js';

// The start tag's attributes up to its `lang`, without crossing the tag's end.
const HTML_LANG = /<html\b[^>]*?\slang\s*=\s*["']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)/i;
const HEAD_BYTES = 4096;

/**
 * The language the page's markup declares (`<html lang="pt-BR">`), as written. Only a hint for
 * detection, which trusts the text first (pages are often mislabelled: a template's `en` on a German
 * page). Read from the first bytes as Latin-1, which keeps every ASCII character where it is in any
 * ASCII-compatible encoding: the tag and a language code are ASCII, so the page need not be decoded.
 */
export function declaredLanguage(page: PageBody): string | undefined {
  if (page.mimeType === 'text/plain') return undefined;
  return HTML_LANG.exec(page.bytes.toString('latin1', 0, HEAD_BYTES))?.[1];
}
