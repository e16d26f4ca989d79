/**
 * Letters of the scripts written without spaces between words: Han, Hiragana, Katakana, Thai, Lao,
 * Khmer, Myanmar, and the few letters they share with no script of their own (the prolonged sound
 * mark `ー`, `〆`, the kana repeat marks).
 */
const UNSPACED_LETTER = String.raw`\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}\u3006\u3031-\u3035\u303C\u30FC\uFF70\uFF9E\uFF9F`;

/**
 * The longest piece handed to the segmenter, in UTF-16 code units. On the Debian manuals in Chinese
 * and Japanese 300, 1,000 and 2,000 split the same words in the same time (few runs are longer);
 * 300,000 Han characters without punctuation took 0.50, 0.69 and 0.78 s on Node 20, about 0.2 s on Node 24.
 */
export const MAX_PIECE_LENGTH = 1000;

const HAS_UNSPACED_LETTER = new RegExp(`[${UNSPACED_LETTER}]`, 'u');
/**
 * The blocks those letters are in, and more, as UTF-16 code units (a high surrogate stands for its
 * astral characters). A few ranges are checked three times as fast as the script properties, and
 * this look at every character is the whole cost of this stage for an English page.
 */
const UNSPACED_BLOCK = /[\u0E00-\u0EFF\u1000-\u109F\u1780-\u19FF\u2E80-\u9FFF\uA9E0-\uAA7F\uF900-\uFAFF\uFF66-\uFF9F\uD805\uD81B\uD82B\uD82C\uD840-\uD88F]/;

/**
 * A run of unspaced letters with the punctuation, spaces and digits between them, up to another
 * script's letter: those are the spaced words' to take, so `Linux的内核` leaves `Linux` whole. The run
 * ends on a letter or mark, leaving trailing digits to the next word (`中文 3D`). Bounded so that no
 * match, nor its backtracking, grows with the input; a longer run is found again from where it was cut.
 */
const UNSPACED_RUN = new RegExp(`[${UNSPACED_LETTER}](?:[${UNSPACED_LETTER}\\P{L}]{0,${2 * MAX_PIECE_LENGTH}}[${UNSPACED_LETTER}\\p{M}])?`, 'gu');

/** Where a long run is best cut: after a sentence, else after a space or comma. */
const SENTENCE_ENDS = codes('。．｡！？!?\n။។៕');
const SOFT_BREAKS = codes(' \t\u3000，、,;；：:၊');
const MARK = /\p{M}/uy;

export function hasUnspacedLetter(text: string): boolean {
  return UNSPACED_BLOCK.test(text) && HAS_UNSPACED_LETTER.test(text);
}

/**
 * Hands the text, in order, to `onSpaced` (text between unspaced runs) and `onUnspaced` (pieces of
 * runs, at most MAX_PIECE_LENGTH long, cut where a sentence or phrase ends when there is one).
 */
export function splitUnspacedRuns(text: string, onSpaced: (text: string) => void, onUnspaced: (piece: string) => void): void {
  const run = new RegExp(UNSPACED_RUN);
  let spacedFrom = 0;
  for (let match = run.exec(text); match !== null; match = run.exec(text)) {
    if (match.index > spacedFrom) onSpaced(text.slice(spacedFrom, match.index));
    const end = pieceEnd(text, match.index, match.index + match[0].length);
    onUnspaced(text.slice(match.index, end));
    run.lastIndex = spacedFrom = end;
  }
  if (spacedFrom < text.length) onSpaced(text.slice(spacedFrom));
}

function pieceEnd(text: string, start: number, end: number): number {
  const limit = start + MAX_PIECE_LENGTH;
  if (end <= limit) return end;
  let softBreak = 0;
  for (let i = limit - 1; i >= start + MAX_PIECE_LENGTH / 2; i--) {
    const code = text.charCodeAt(i);
    if (SENTENCE_ENDS.has(code)) return i + 1;
    if (softBreak === 0 && SOFT_BREAKS.has(code)) softBreak = i + 1;
  }
  return softBreak || hardCut(text, start, limit);
}

/** A run with no punctuation (pathological, or a hostile page) is cut anyway, but not inside a character. */
function hardCut(text: string, start: number, limit: number): number {
  let cut = limit;
  while (cut > start + MAX_PIECE_LENGTH / 2 && (isLowSurrogate(text.charCodeAt(cut)) || startsWithMark(text, cut))) cut--;
  return cut;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function startsWithMark(text: string, at: number): boolean {
  MARK.lastIndex = at;
  return MARK.test(text);
}

function codes(characters: string): ReadonlySet<number> {
  return new Set([...characters].map((character) => character.charCodeAt(0)));
}
