import type { PageBody } from '../core/page-body.js';
import { withoutBlockBreaks } from './block-break.js';
import { CappedParser } from './capped-parser.js';
import { decodePageHtml, pageEncodingHints } from './decode-page.js';
import { VisibleTextHandler } from './visible-text-handler.js';

/**
 * The visible text of an HTML, XHTML or plain-text body, decoded from its bytes.
 *
 * HTML goes through htmlparser2's streaming parser (cheerio's own parser) with a handler that
 * keeps the text as it streams by: building a DOM to walk it once cost more than the parse itself
 * (about 15 MB/s against 33; README, Performance), and nothing else ever looks at the tree.
 */
export function extractText(page: PageBody): string {
  return withoutBlockBreaks(extractMarkedText(page), ' ');
}

/** The same with a BLOCK_BREAK between blocks (plain text has none: a blank line separates its paragraphs). */
export function extractMarkedText(page: PageBody): string {
  const hints = pageEncodingHints(page);
  if (page.mimeType === 'text/plain') return decodePlainText(page.bytes, page.charset, hints.defaultEncoding);
  const handler = new VisibleTextHandler();
  const html = decodePageHtml(page, hints);
  // Attribute names are never read, so they need no lower-casing.
  new CappedParser(handler, html, { decodeEntities: true, lowerCaseAttributeNames: false }).end(html);
  return handler.text();
}

/** Plain text has no <meta>, so only a BOM or the header label can name its encoding. */
function decodePlainText(bytes: Buffer, label: string | undefined, fallback: string): string {
  return new TextDecoder(bomEncoding(bytes) ?? knownEncoding(label) ?? fallback).decode(bytes);
}

function bomEncoding(bytes: Buffer): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return undefined;
}

/** A misspelled or unknown label is ignored rather than failing the page. */
function knownEncoding(label: string | undefined): string | undefined {
  if (label === undefined) return undefined;
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return undefined;
  }
}
