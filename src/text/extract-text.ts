import { isUtf8 } from 'node:buffer';
import type { PageBody } from '../core/page-body.js';
import { CappedParser } from './capped-parser.js';
import { decodeHtml } from './decode-html.js';
import { VisibleTextHandler } from './visible-text-handler.js';

/**
 * The visible text of an HTML, XHTML or plain-text body, decoded from its bytes.
 *
 * HTML goes through htmlparser2's streaming parser (cheerio's own parser) with a handler that
 * keeps the text as it streams by: building a DOM to walk it once cost more than the parse itself
 * (about 15 MB/s against 33; README, Performance), and nothing else ever looks at the tree.
 */
export function extractText(page: PageBody): string {
  const encoding = {
    transportLayerEncodingLabel: page.charset,
    // With no label, BOM or <meta>, the HTML standard guesses windows-1252; most such pages today are UTF-8.
    defaultEncoding: isUtf8(page.bytes) ? 'utf-8' : 'windows-1252',
  };
  if (page.mimeType === 'text/plain') return decodePlainText(page.bytes, page.charset, encoding.defaultEncoding);
  const handler = new VisibleTextHandler();
  const html = withoutUnfinishedTag(decodeHtml(page.bytes, encoding));
  // Attribute names are never read, so they need no lower-casing.
  new CappedParser(handler, html, { decodeEntities: true, lowerCaseAttributeNames: false }).end(html);
  return handler.text();
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
