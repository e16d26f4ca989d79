import tokenizers from 'natural/lib/natural/tokenizers/regexp_tokenizer.js';

/**
 * A word is a run of letters, marks and digits, joined by inner apostrophes or hyphens:
 * `café`, `Москва`, `don't`, `O'Brien`, `déjà-vu`, `web-dev`. natural's own word tokenizers
 * split accented letters apart (`café` → `caf`), so we give its RegexpTokenizer a Unicode pattern.
 */
const WORD_PATTERN = /[\p{L}\p{M}\p{N}]+(?:['’‐-][\p{L}\p{M}\p{N}]+)*/gu;
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
