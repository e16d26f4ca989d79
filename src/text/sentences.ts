import { BLOCK_BREAK } from './block-break.js';

/**
 * Where a sentence may end: a block break, a blank line (plain text's paragraphs), or a run of
 * sentence terminals in any script (`.`, `?`, `。`, `।`, `؟`, `።`, …) with the closing quotes and
 * brackets after it.
 */
const SENTENCE_END = new RegExp(`${BLOCK_BREAK}|\\n[\\t\\f\\r ]*\\n|(\\p{Sentence_Terminal}+)[\\p{Pe}\\p{Pf}\\p{Pi}"']*`, 'gu');
const SPACE = /\s/;
const LOWER_CASE_NEXT = /\s*\p{Ll}/uy;
const NON_ASCII = /[^\0-\x7f]/;

/**
 * The words of a text grouped in sentences: the index in `words` just past each sentence's last
 * word, sentences without words left out. `words` are the text's words as tokenize() split them,
 * in order; `text` is the text they came from with a BLOCK_BREAK between blocks, and no sentence
 * runs across one. A script without sentence punctuation (Thai) has a sentence per block.
 *
 * The text is split apart from the words, not before them, so that the words are exactly those
 * counted: each is found again in the text, after the one before it, to see which sentence it is in.
 *
 * Not Intl.Segmenter: on Node 20 its sentence iterator takes time growing with the square of the
 * text (15 s for 200,000 characters; in 1,000-character pieces it still costs as much as tokenizing),
 * and it ends a sentence at every line break of the page's source, which in HTML is only a space.
 */
export function sentenceEnds(text: string, words: readonly string[]): number[] {
  const normalized = text.normalize('NFC');
  const breaks = sentenceBreaks(normalized);
  const ends: number[] = [];
  let start = 0;
  let nextBreak = 0;
  let from = 0;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const at = normalized.indexOf(word, from);
    // Not found (no word is changed by tokenizing, so never expected): it stays in the sentence it follows.
    if (at === -1) continue;
    while (nextBreak < breaks.length && breaks[nextBreak]! <= at) {
      if (i > start) ends.push((start = i));
      nextBreak++;
    }
    from = at + word.length;
  }
  if (words.length > start) ends.push(words.length);
  return ends;
}

/** Where sentences of the text begin, in order: offsets just past each sentence end. */
export function sentenceBreaks(text: string): number[] {
  const breaks: number[] = [];
  for (const match of text.matchAll(SENTENCE_END)) {
    const end = match.index + match[0].length;
    const terminals = match[1];
    if (terminals === undefined || endsSentence(text, terminals, end)) breaks.push(end);
  }
  return breaks;
}

/**
 * Whether sentence terminals end a sentence, as Unicode's sentence rules (UAX #29) decide it, short:
 * followed by a space, unless they are full stops and the next word is in lower case (`e.g. the`,
 * `approx. five`); a terminal of a script that puts no space after it (`。`, `！`) ends one anyway;
 * an ASCII terminal within a word or number (`3.5`, `example.com`, `?q=`) does not.
 */
function endsSentence(text: string, terminals: string, end: number): boolean {
  if (end >= text.length) return false;
  if (SPACE.test(text[end]!)) {
    if (!isOnlyFullStops(terminals)) return true;
    LOWER_CASE_NEXT.lastIndex = end;
    return !LOWER_CASE_NEXT.test(text);
  }
  return NON_ASCII.test(terminals);
}

function isOnlyFullStops(terminals: string): boolean {
  for (let i = 0; i < terminals.length; i++) if (terminals.charCodeAt(i) !== 0x2e) return false;
  return true;
}
