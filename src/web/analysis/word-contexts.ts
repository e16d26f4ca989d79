import { wordKey } from '../../core/word-key.js';

/** One occurrence of a word with the words around it; `match` is the word as spelled there. */
export interface WordContext {
  before: string;
  match: string;
  after: string;
}

export interface ContextsFound {
  /** Every occurrence in the text, however many contexts were kept. */
  total: number;
  contexts: WordContext[];
}

/**
 * The occurrences of the word whose wordKey is `key` in a counted text (words as counted, one space
 * between, one sentence a line), each with up to `width` words either side, across sentences; the
 * first `limit` are kept, all are counted.
 */
export function findContexts(countedText: string, key: string, width: number, limit: number): ContextsFound {
  const words = countedText.split(/[ \n]/).filter((word) => word !== '');
  const found: ContextsFound = { total: 0, contexts: [] };
  // Each spelling is folded once: a text repeats its words, and folding non-ASCII words is slow.
  const matches = new Map<string, boolean>();
  const isMatch = (word: string) => {
    let match = matches.get(word);
    if (match === undefined) matches.set(word, (match = wordKey(word) === key));
    return match;
  };
  for (let at = 0; at < words.length; at += 1) {
    if (!isMatch(words[at]!)) continue;
    found.total += 1;
    if (found.contexts.length < limit) {
      found.contexts.push({
        before: words.slice(Math.max(0, at - width), at).join(' '),
        match: words[at]!,
        after: words.slice(at + 1, at + 1 + width).join(' '),
      });
    }
  }
  return found;
}
