import { isUtf8 } from 'node:buffer';
import type { PageBody } from '../core/page-body.js';
import { decodeHtml, type HtmlEncodingHints } from './decode-html.js';

/** What decoding a page goes by besides its own bytes: the header label and the guess without one. */
export function pageEncodingHints(page: PageBody): HtmlEncodingHints {
  return {
    transportLayerEncodingLabel: page.charset,
    // With no label, BOM or <meta>, the HTML standard guesses windows-1252; most such pages today are UTF-8.
    defaultEncoding: isUtf8(page.bytes) ? 'utf-8' : 'windows-1252',
  };
}

/** An HTML body as text, decoded as a browser would, ready for one `end(html)` call of the parser. */
export function decodePageHtml(page: PageBody, hints: HtmlEncodingHints = pageEncodingHints(page)): string {
  return withoutUnfinishedTag(decodeHtml(page.bytes, hints));
}

/**
 * A page cut off inside a tag (`…text <sp`) ends there: a browser drops the unfinished tag, while
 * htmlparser2 would read part of it as text.
 */
function withoutUnfinishedTag(html: string): string {
  const last = html.lastIndexOf('<');
  return last !== -1 && UNFINISHED_TAG.test(html.slice(last)) ? html.slice(0, last) : html;
}

const UNFINISHED_TAG = /^<\/?[A-Za-z][^>]*$/;
