import { decodeBuffer } from 'encoding-sniffer';

export interface HtmlEncodingHints {
  /** The charset label from the Content-Type header, if any. */
  transportLayerEncodingLabel: string | undefined;
  /** Used when there is no BOM, no (known) label and no `<meta>` charset. */
  defaultEncoding: string;
}

/**
 * Decodes an HTML body the way the HTML standard sniffs its encoding: BOM, then the header label, then
 * `<meta charset>`/`<meta http-equiv>` in the first 1,024 bytes, then the default; unknown labels are
 * skipped. The same sniffer `cheerio.loadBuffer` runs.
 */
export function decodeHtml(bytes: Uint8Array, hints: HtmlEncodingHints): string {
  return decodeBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), hints);
}
