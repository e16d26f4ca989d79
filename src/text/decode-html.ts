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
  const encoding = getEncoding(buffer, hints).toLowerCase();
  if (encoding === 'utf-8') return UTF8.decode(buffer);
  // The one encoding the sniffer names that iconv-lite lacks (it threw, failing the page every time).
  if (encoding === 'x-user-defined') return decodeUserDefined(buffer);
  return decodeBuffer(buffer, hints);
}

/**
 * The HTML standard's x-user-defined (the Encoding Standard, section 14.5): ASCII bytes as they are,
 * bytes 0x80–0xFF as U+F780–U+F7FF. Only a header can choose it: the sniffer reads
 * `<meta charset=x-user-defined>` as windows-1252, as the standard says.
 */
function decodeUserDefined(bytes: Buffer): string {
  const units = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    units[i] = byte < 0x80 ? byte : 0xf700 + byte;
  }
  let text = '';
  // String.fromCharCode takes its arguments on the stack, so a 5 MB page goes in slices.
  for (let i = 0; i < units.length; i += 8192) text += String.fromCharCode(...units.subarray(i, i + 8192));
  return text;
}
