/**
 * Pages built to make counting slow or crash (issue 11), scaled to a size in bytes. Shared by the
 * tests and bench/pathological-pages.ts, so the figures in the README come from the pages the tests attack with.
 */

/** `<svg>` + `<g>`×n + `<foreignObject>` + `<b>`×n: every `<b>` once made the handler rescan the open elements. */
export function svgBreakoutPage(bytes: number): string {
  const n = Math.max(1, Math.floor((bytes - '<svg><foreignObject>'.length) / 6));
  return `<svg>${'<g>'.repeat(n)}<foreignObject>${'<b>'.repeat(n)}`;
}

/** `<div>`×n, never closed: htmlparser2's open-element stack costs time proportional to its depth per tag. */
export function deepDivPage(bytes: number): string {
  return '<div>'.repeat(Math.max(1, Math.floor(bytes / 5)));
}

/** Deep enough to fill the tracked depth, then end tags that match nothing, each searched for in the stack. */
export function strayEndTagPage(bytes: number): string {
  const open = '<div>'.repeat(1000);
  return open + '</x>'.repeat(Math.max(1, Math.floor((bytes - open.length) / 4)));
}

/** `<svg>`×n: each also enters the parser's foreign-content stack. */
export function deepSvgPage(bytes: number): string {
  return '<svg>'.repeat(Math.max(1, Math.floor(bytes / 5)));
}

/** One letter followed by combining marks (2 bytes each in UTF-8): the tokenizer's pattern once overflowed the stack. */
export function combiningMarksPage(bytes: number): string {
  return `<p>a${'\u0301'.repeat(Math.max(1, Math.floor((bytes - 4) / 2)))}</p>`;
}
