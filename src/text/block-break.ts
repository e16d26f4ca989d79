/**
 * Where one block of a page (a paragraph, a list item, a cell) ends and the next begins, in the text
 * the extractors give the sentence splitter: a sentence never runs across it. U+FFFF is a
 * noncharacter, which Unicode sets aside for a program's internal use; the text that is counted
 * has a space (a line break in main content) in its place, as it always had, so no word changes.
 */
export const BLOCK_BREAK = '\uffff';

/** The text as counted: each block break replaced by `separator`, as the extractors wrote it before sentences. */
export function withoutBlockBreaks(marked: string, separator: string): string {
  return marked.includes(BLOCK_BREAK) ? marked.replaceAll(BLOCK_BREAK, separator) : marked;
}
