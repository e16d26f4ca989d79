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
  const tokens: string[] | null = tokenizer.tokenize(text);
  return tokens === null ? [] : splitElisions(tokens, language).filter(hasLetter);
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
