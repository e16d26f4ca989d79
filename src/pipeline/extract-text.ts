import { isUtf8 } from 'node:buffer';
import { loadBuffer } from 'cheerio';
import type { AnyNode } from 'domhandler';

/** Elements whose content is never shown as text. */
const HIDDEN_ELEMENTS = new Set(['script', 'style', 'noscript', 'template', 'svg', 'head', 'iframe', 'object', 'canvas']);

/**
 * Elements that flow inside a line. Every other element starts and ends a block, so
 * `<li>Home</li><li>About</li>` reads as two words while `<b>wo</b>rd` stays one.
 */
const INLINE_ELEMENTS = new Set([
  'a', 'abbr', 'acronym', 'b', 'bdi', 'bdo', 'big', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'font', 'i',
  'ins', 'kbd', 'label', 'mark', 'nobr', 'q', 'rp', 'rt', 'ruby', 's', 'samp', 'small', 'span', 'strike',
  'strong', 'sub', 'sup', 'time', 'tt', 'u', 'var', 'wbr',
]);

export interface PageBody {
  bytes: Buffer;
  /** Lower-case MIME type without parameters, e.g. `text/html`. */
  mimeType: string;
  /** The charset label from the Content-Type header, if any; the body's BOM or `<meta>` may override it. */
  charset?: string;
}

/** The visible text of an HTML, XHTML or plain-text body, decoded from its bytes. */
export function extractText(page: PageBody): string {
  const encoding = {
    transportLayerEncodingLabel: page.charset,
    // With no label, BOM or <meta>, the HTML standard guesses windows-1252; most such pages today are UTF-8.
    defaultEncoding: isUtf8(page.bytes) ? 'utf-8' : 'windows-1252',
  };
  if (page.mimeType === 'text/plain') return decodePlainText(page.bytes, page.charset, encoding.defaultEncoding);
  const $ = loadBuffer(page.bytes, { encoding });
  const parts: string[] = [];
  collectText($.root()[0]!.children, parts);
  return parts.join('');
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

function collectText(nodes: AnyNode[], parts: string[]): void {
  for (const node of nodes) {
    if (node.type === 'text') {
      parts.push(node.data);
    } else if ('name' in node && 'children' in node) {
      // parse5 keeps a foreign-content prefix off the name, but XHTML may carry upper-case names.
      const name = node.name.toLowerCase();
      if (HIDDEN_ELEMENTS.has(name)) continue;
      const inline = INLINE_ELEMENTS.has(name);
      if (!inline) parts.push(' ');
      collectText(node.children, parts);
      if (!inline) parts.push(' ');
    } else if (node.type === 'root' && 'children' in node) {
      collectText(node.children, parts);
    }
  }
}
