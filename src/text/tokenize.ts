import tokenizers from 'natural/lib/natural/tokenizers/regexp_tokenizer.js';
import { splitElisions } from './elision.js';
import { segmentWords } from './segment-words.js';
import { hasUnspacedLetter, splitUnspacedRuns } from './unspaced-runs.js';

/** The longest run of letters, marks and digits, and the most joined runs, that make a word. */
export const MAX_WORD_PART = 200;
export const MAX_WORD_JOINS = 15;

const CHARACTER = String.raw`[\p{L}\p{M}\p{N}]`;
/**
 * Apostrophes, hyphens, the middle dot of Catalan `l·l` (and of French `étudiant·e·s`), and the
 * zero-width non-joiner and joiner, which Persian (`می‌شود`) and Indic scripts write inside words.
 */
const JOINER = String.raw`['’‐\-·\u200C\u200D]`;

/**
 * A word is a run of letters, marks and digits, joined by inner apostrophes or hyphens:
 * `café`, `Москва`, `don't`, `O'Brien`, `déjà-vu`, `web-dev`. natural's own word tokenizers
 * split accented letters apart (`café` → `caf`), so we give its RegexpTokenizer a Unicode pattern.
 *
 * The runs are bounded: V8 matches an unbounded `\p{M}+` with a backtracking stack that grows with
 * the run, and one letter followed by 5 million combining marks overflowed it, failing the page.
 * A longer run (more than MAX_WORD_PART characters, or more than MAX_WORD_JOINS joins) is no word a
 * person reads: the lookarounds drop it whole rather than cut it into pieces that would count as words.
 */
const WORD_PATTERN = new RegExp(
  `(?<!${CHARACTER}|${CHARACTER}${JOINER})${CHARACTER}{1,${MAX_WORD_PART}}(?:${JOINER}${CHARACTER}{1,${MAX_WORD_PART}}){0,${MAX_WORD_JOINS}}(?!${CHARACTER}|${JOINER}${CHARACTER})`,
  'gu',
);
const HAS_LETTER = /\p{L}/u;

const tokenizer = new tokenizers.RegexpTokenizer({ pattern: WORD_PATTERN, gaps: false });

/**
 * The same runs without the lookarounds, which were about half of the pattern's time: tried at every
 * position between words, they check the property classes of one or two characters before it. From
 * the first character of a run the bounded greedy pattern takes the whole run whenever the run is
 * within the bounds, and then, having taken it whole, ends where the next run cannot be joined on,
 * so each of its matches is WORD_PATTERN's. Only a run past a bound comes out differently (cut into
 * pieces, where WORD_PATTERN drops it), and such a piece shows it: see mayBeCut.
 */
const RUN_PATTERN = new RegExp(`${CHARACTER}{1,${MAX_WORD_PART}}(?:${JOINER}${CHARACTER}{1,${MAX_WORD_PART}}){0,${MAX_WORD_JOINS}}`, 'gu');
/**
 * RUN_PATTERN for text without surrogates, where every code unit is a character: the same classes
 * spelled as ranges of code units, read without the `u` flag, which V8 matches about a third faster.
 */
const BMP_CHARACTER = bmpClass(CHARACTER);
const BMP_RUN_PATTERN = new RegExp(`${BMP_CHARACTER}{1,${MAX_WORD_PART}}(?:${JOINER}${BMP_CHARACTER}{1,${MAX_WORD_PART}}){0,${MAX_WORD_JOINS}}`, 'g');
const runTokenizer = new tokenizers.RegexpTokenizer({ pattern: RUN_PATTERN, gaps: false });
const bmpRunTokenizer = new tokenizers.RegexpTokenizer({ pattern: BMP_RUN_PATTERN, gaps: false });
const SURROGATE = /[\uD800-\uDFFF]/;
const JOINERS = new RegExp(JOINER, 'g');
/** The shortest piece a bound can cut: MAX_WORD_JOINS + 1 one-character parts and their joiners (a full part is longer). */
const SHORTEST_CUT = Math.min(2 * MAX_WORD_JOINS + 1, MAX_WORD_PART);

/**
 * Splits text into words, dropping tokens with no letter (numbers, punctuation). Scripts written
 * without spaces (Chinese, Japanese, Thai, Lao, Khmer, Myanmar) are split by ICU's dictionaries.
 * `language` is the page's (`fr`, `zh-Hans`, `und`); only elision depends on it (`l'homme` → `l'`, `homme`).
 */
export function tokenize(text: string, language?: string): string[] {
  const normalized = text.normalize('NFC');
  if (!hasUnspacedLetter(normalized)) return spacedWords(normalized, language);
  const words: string[] = [];
  splitUnspacedRuns(
    normalized,
    (spaced) => {
      for (const word of spacedWords(spaced, language)) words.push(word);
    },
    (piece) => segmentWordsInto(piece, words),
  );
  return words;
}

function spacedWords(text: string, language: string | undefined): string[] {
  const tokens = words(text);
  return tokens.length === 0 ? tokens : splitElisions(tokens, language).filter(hasLetter);
}

/** WORD_PATTERN's matches, found with the faster run patterns when no run reaches a bound. */
function words(text: string): string[] {
  const runs: string[] | null = (SURROGATE.test(text) ? runTokenizer : bmpRunTokenizer).tokenize(text);
  if (runs === null) return [];
  for (const run of runs) {
    if (run.length >= SHORTEST_CUT && mayBeCut(run)) return (tokenizer.tokenize(text) as string[] | null) ?? [];
  }
  return runs;
}

/**
 * Whether a run may have been cut at a bound: it has as many joins as allowed, or a part as long as
 * allowed. Otherwise every part ended on a character that is no letter, mark or digit, and the
 * joins on one that joins nothing, so the run is whole. (A whole run at a bound exactly is counted
 * again by WORD_PATTERN, which agrees.)
 */
function mayBeCut(run: string): boolean {
  const parts = run.split(JOINERS);
  return parts.length > MAX_WORD_JOINS || parts.some((part) => part.length >= MAX_WORD_PART && [...part].length >= MAX_WORD_PART);
}

/** A class of code points (`[\p{L}…]`, read with the `u` flag) as ranges of the code units outside the surrogates that it holds. */
function bmpClass(unicodeClass: string): string {
  const member = new RegExp(`${unicodeClass}+`, 'gu');
  const units = new Uint16Array(0x10000 - 0x800);
  for (let code = 0, i = 0; code < 0x10000; code++) if (code < 0xd800 || code > 0xdfff) units[i++] = code;
  const all = new TextDecoder('utf-16le').decode(units);
  const hex = (code: number) => `\\u${code.toString(16).padStart(4, '0')}`;
  let ranges = '';
  for (const { 0: run, index } of all.matchAll(member)) {
    const first = all.charCodeAt(index);
    const last = all.charCodeAt(index + run.length - 1);
    ranges += first === last ? hex(first) : `${hex(first)}-${hex(last)}`;
  }
  return `[${ranges}]`;
}

/** The segmenter's words obey the same bound as the spaced ones: a longer "word" is dropped whole. */
function segmentWordsInto(piece: string, words: string[]): void {
  const segmented: string[] = [];
  segmentWords(piece, segmented);
  for (const word of segmented) {
    if (word.length <= MAX_WORD_PART && hasLetter(word)) words.push(word);
  }
}

/** Most words start with an ASCII letter, which settles it without the Unicode property lookup. */
function hasLetter(token: string): boolean {
  const lower = token.charCodeAt(0) | 0x20;
  return (lower >= 0x61 && lower <= 0x7a) || HAS_LETTER.test(token);
}
