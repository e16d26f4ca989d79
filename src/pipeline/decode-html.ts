import { decodeBuffer, getEncoding } from 'encoding-sniffer';

export interface HtmlEncodingHints {
  /** The charset label from the Content-Type header, if any. */
  transportLayerEncodingLabel: string | undefined;
  /** Used when there is no BOM, no (known) label and no `<meta>` charset. */
  defaultEncoding: string;
}

/** Strips a BOM and replaces malformed sequences with U+FFFD, as the HTML standard decodes UTF-8. */
const UTF8 = new TextDecoder('utf-8');

/**
 * Decodes an HTML body the way the HTML standard sniffs its encoding: BOM, then the header label, then
 * `<meta charset>`/`<meta http-equiv>` in the first 1,024 bytes, then the default; unknown labels are
 * skipped. The same sniffer `cheerio.loadBuffer` runs. UTF-8, most of the web, is decoded natively,
 * which takes a fraction of the time iconv-lite's decoder does; other encodings go through iconv-lite.
 */
export function decodeHtml(bytes: Uint8Array, hints: HtmlEncodingHints): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (getEncoding(buffer, hints).toLowerCase() === 'utf-8') return UTF8.decode(buffer);
  return decodeBuffer(buffer, hints);
}
