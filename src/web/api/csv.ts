/** A CSV document of word counts: a BOM (so spreadsheets read UTF-8), the header, then the rows, which
 * findResultDownload builds in Postgres, joined with CRLF. */
export function csvDocument(rows: string): string {
  return `\uFEFFword,count\r\n${rows}${rows === '' ? '' : '\r\n'}`;
}

/** One CSV cell with the rules of the count downloads: a leading apostrophe for what a spreadsheet would run as a formula, RFC 4180 quotes where needed. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : /^[-=+@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
