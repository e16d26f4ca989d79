import tokenizers from 'natural/lib/natural/tokenizers/regexp_tokenizer.js';

/** The longest run of letters, marks and digits, and the most joined runs, that make a word. */
export const MAX_WORD_PART = 200;
export const MAX_WORD_JOINS = 15;

const CHARACTER = String.raw`[\p{L}\p{M}\p{N}]`;
const JOINER = String.raw`['’‐-]`;

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

/** Splits text into words, dropping tokens with no letter (numbers, punctuation). */
export function tokenize(text: string): string[] {
  const tokens: string[] | null = tokenizer.tokenize(text.normalize('NFC'));
  return tokens === null ? [] : tokens.filter(hasLetter);
}

/** Most words start with an ASCII letter, which settles it without the Unicode property lookup. */
function hasLetter(token: string): boolean {
  const lower = token.charCodeAt(0) | 0x20;
  return (lower >= 0x61 && lower <= 0x7a) || HAS_LETTER.test(token);
}
