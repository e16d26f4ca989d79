import { isUtf8 } from 'node:buffer';
import { loadBuffer } from 'cheerio';
import { decodeBuffer } from 'encoding-sniffer';
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
  if (page.mimeType === 'text/plain') return decodeBuffer(page.bytes, encoding);
  const $ = loadBuffer(page.bytes, { encoding });
  const parts: string[] = [];
  collectText($.root()[0]!.children, parts);
  return parts.join('');
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
