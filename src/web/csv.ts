import type { WordCount } from '../pipeline/count-words.js';

/** RFC 4180 quoting, and a leading apostrophe for cells a spreadsheet would run as a formula. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Word counts as a CSV document with a header row; a BOM tells spreadsheets it is UTF-8. */
export function toCsv(counts: readonly WordCount[]): string {
  const lines = ['word,count', ...counts.map(([word, count]) => `${csvCell(word)},${count}`)];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
