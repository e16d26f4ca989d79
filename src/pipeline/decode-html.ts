import { createRequire } from 'node:module';

export interface HtmlEncodingHints {
  /** The charset label from the Content-Type header, if any. */
  transportLayerEncodingLabel: string | undefined;
  /** Used when there is no BOM, no (known) label and no `<meta>` charset. */
  defaultEncoding: string;
}

interface EncodingSniffer {
  decodeBuffer(bytes: Uint8Array, options: HtmlEncodingHints): string;
}

// cheerio's own sniffer (BOM, then the header label, then <meta charset>/<meta http-equiv> in the
// first 1,024 bytes, then the default; unknown labels are skipped) and its iconv-lite decoding, exactly
// what `cheerio.loadBuffer` runs. It is a dependency of cheerio's, so it is resolved from cheerio.
const requireFromCheerio = createRequire(createRequire(import.meta.url).resolve('cheerio'));
const sniffer = requireFromCheerio('encoding-sniffer') as EncodingSniffer;

/** Decodes an HTML body the way the HTML standard sniffs its encoding. */
export function decodeHtml(bytes: Uint8Array, hints: HtmlEncodingHints): string {
  return sniffer.decodeBuffer(bytes, hints);
}
