// The pipeline as it was before the performance work (git f23ff73: cheerio's default parse5 load,
// natural's RegexpTokenizer, a Map of spellings per word), frozen here as the reference that
// bench/check-identical.ts compares the current pipeline against, and as the "before" in bench/core.ts.
import { isUtf8 } from 'node:buffer';
import { loadBuffer } from 'cheerio';
import type { AnyNode } from 'domhandler';
import tokenizers from 'natural/lib/natural/tokenizers/regexp_tokenizer.js';
import type { WordCount } from '../../src/core/results.js';
import { countWords } from '../../src/text/count-words.js';
import { ENGLISH_STOP_WORDS } from '../../src/text/stop-words.js';
import { tokenize } from '../../src/text/tokenize.js';

/** Elements whose content is never shown as text. */
const HIDDEN_ELEMENTS = new Set(['script', 'style', 'noscript', 'template', 'svg', 'head', 'iframe', 'object', 'canvas']);

/**
 * Elements that flow inside a line. Every other element starts and ends a block, so
 * `<li>Home</li><li>About</li>` reads as two words while `<b>wo</b>rd` stays one.
 */
const INLINE_ELEMENTS = new Set([
  'a', 'abbr', 'acronym', 'b', 'bdi', 'bdo', 'big', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'font', 'i',
  'ins', 'kbd', 'label', 'mark', 'nobr', 'q', 'rp', 'rt', 'ruby', 's', 'samp', 'small', 'span', 'strike',
  'strong', 'sub', 'sup', 'time', 'tt', 'u', 'var', 'wbr',
]);

export interface PageBody {
  bytes: Buffer;
  /** Lower-case MIME type without parameters, e.g. `text/html`. */
  mimeType: string;
  /** The charset label from the Content-Type header, if any; the body's BOM or `<meta>` may override it. */
  charset?: string;
}

/** The visible text of an HTML, XHTML or plain-text body, decoded from its bytes. */
export function extractTextOriginal(page: PageBody): string {
  const encoding = {
    transportLayerEncodingLabel: page.charset,
    // With no label, BOM or <meta>, the HTML standard guesses windows-1252; most such pages today are UTF-8.
    defaultEncoding: isUtf8(page.bytes) ? 'utf-8' : 'windows-1252',
  };
  if (page.mimeType === 'text/plain') return decodePlainText(page.bytes, page.charset, encoding.defaultEncoding);
  const $ = loadBuffer(page.bytes, { encoding });
  const parts: string[] = [];
  collectText($.root()[0]!.children, parts);
  return parts.join('');
}

/** Plain text has no <meta>, so only a BOM or the header label can name its encoding. */
function decodePlainText(bytes: Buffer, label: string | undefined, fallback: string): string {
  return new TextDecoder(bomEncoding(bytes) ?? knownEncoding(label) ?? fallback).decode(bytes);
}

function bomEncoding(bytes: Buffer): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return undefined;
}

/** A misspelled or unknown label is ignored rather than failing the page. */
function knownEncoding(label: string | undefined): string | undefined {
  if (label === undefined) return undefined;
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return undefined;
  }
}

function collectText(nodes: AnyNode[], parts: string[]): void {
  for (const node of nodes) {
    if (node.type === 'text') {
      parts.push(node.data);
    } else if ('name' in node && 'children' in node) {
      // parse5 keeps a foreign-content prefix off the name, but XHTML may carry upper-case names.
      const name = node.name.toLowerCase();
      if (HIDDEN_ELEMENTS.has(name)) continue;
      const inline = INLINE_ELEMENTS.has(name);
      if (!inline) parts.push(' ');
      collectText(node.children, parts);
      if (!inline) parts.push(' ');
    } else if (node.type === 'root' && 'children' in node) {
      collectText(node.children, parts);
    }
  }
}


/**
 * A word is a run of letters, marks and digits, joined by inner apostrophes or hyphens:
 * `café`, `Москва`, `don't`, `O'Brien`, `déjà-vu`, `web-dev`. natural's own word tokenizers
 * split accented letters apart (`café` → `caf`), so we give its RegexpTokenizer a Unicode pattern.
 */
const WORD_PATTERN = /[\p{L}\p{M}\p{N}]+(?:['’‐-][\p{L}\p{M}\p{N}]+)*/gu;
const HAS_LETTER = /\p{L}/u;

const tokenizer = new tokenizers.RegexpTokenizer({ pattern: WORD_PATTERN, gaps: false });

/** Splits text into words, dropping tokens with no letter (numbers, punctuation). */
export function tokenizeOriginal(text: string): string[] {
  const tokens: string[] | null = tokenizer.tokenize(text.normalize('NFC'));
  return tokens === null ? [] : tokens.filter((token) => HAS_LETTER.test(token));
}


export interface WordCounts {
  /** Every word, most frequent first, then by word. */
  all: WordCount[];
  /** The same without stop words. */
  noStopWords: WordCount[];
  totalWords: number;
  uniqueWords: number;
}

interface Tally {
  count: number;
  /** How often each spelling occurred, in first-seen order; the most frequent one is reported. */
  spellings: Map<string, number>;
}

/** Folds case, the typographic apostrophe and hyphen, so `Don’t`, `don't` and `DON'T` count as one word. */
function wordKey(word: string): string {
  return word.toLowerCase().replaceAll('’', "'").replaceAll('‐', '-');
}

/** Counts words case-insensitively, reporting each in its most frequent spelling. */
export function countWordsOriginal(words: readonly string[], stopWords: ReadonlySet<string>): WordCounts {
  const tallies = new Map<string, Tally>();
  for (const word of words) {
    const key = wordKey(word);
    const tally = tallies.get(key);
    if (tally === undefined) {
      tallies.set(key, { count: 1, spellings: new Map([[word, 1]]) });
    } else {
      tally.count += 1;
      tally.spellings.set(word, (tally.spellings.get(word) ?? 0) + 1);
    }
  }

  const keyed = [...tallies].map(([key, tally]) => ({ key, count: tally.count, word: mostFrequentSpelling(tally) }));
  keyed.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : a.word < b.word ? -1 : 1));

  const all: WordCount[] = keyed.map(({ word, count }) => [word, count]);
  const noStopWords: WordCount[] = keyed.filter(({ key }) => !stopWords.has(key)).map(({ word, count }) => [word, count]);
  return { all, noStopWords, totalWords: words.length, uniqueWords: tallies.size };
}

function mostFrequentSpelling(tally: Tally): string {
  let best = '';
  let bestCount = 0;
  for (const [spelling, count] of tally.spellings) {
    if (count > bestCount) {
      best = spelling;
      bestCount = count;
    }
  }
  return best;
}

/**
 * The alternative the issue asked to try first: the same walk over cheerio's htmlparser2 DOM
 * (`xml: { xmlMode: false }` selects htmlparser2 in cheerio 1.2) instead of its parse5 one, then
 * the current tokenizer and counter. Only for bench/core.ts's speed comparison.
 */
export function countPageCheerioHtmlparser2(page: PageBody): WordCounts {
  const encoding = { transportLayerEncodingLabel: page.charset, defaultEncoding: isUtf8(page.bytes) ? 'utf-8' : 'windows-1252' };
  const $ = loadBuffer(page.bytes, { encoding, xml: { xmlMode: false, decodeEntities: true } });
  const parts: string[] = [];
  collectText($.root()[0]!.children, parts);
  return countWords(tokenize(parts.join('')), ENGLISH_STOP_WORDS);
}

/** The whole original pipeline: bytes in, counts out. */
export function countPageOriginal(page: PageBody): WordCounts {
  return countWordsOriginal(tokenizeOriginal(extractTextOriginal(page)), ENGLISH_STOP_WORDS);
}
