import type { Response } from 'express';

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

export type CsvRow = ReadonlyArray<string | number | null>;

/** The header and rows of a CSV download, each ending in CRLF; the document starts with a BOM, so `header` is only for the first part. */
export function csvLines(rows: readonly CsvRow[], header?: readonly string[]): string {
  const lines = rows.map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
  return header ? `\uFEFF${header.join(',')}\r\n${lines}` : lines;
}

/** Sends a whole CSV document as the download `wordcrawler-<name>.csv`. */
export function sendCsv(res: Response, name: string, header: readonly string[], rows: readonly CsvRow[]): void {
  res.attachment(`wordcrawler-${name}.csv`).type('text/csv; charset=utf-8').send(csvLines(rows, header));
}
