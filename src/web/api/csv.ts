/** A CSV document of word counts: a BOM (so spreadsheets read UTF-8), the header, then the rows, which
 * findResultDownload builds in Postgres, joined with CRLF. */
export function csvDocument(rows: string): string {
  return `\uFEFFword,count\r\n${rows}${rows === '' ? '' : '\r\n'}`;
}
