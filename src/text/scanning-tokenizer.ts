import { Tokenizer } from 'htmlparser2';

/** The tokenizer's own fields and states these overrides use, private in its types, so reached by name. */
interface TokenizerInternals {
  buffer: string;
  index: number;
  offset: number;
}
type State = (this: TokenizerInternals, c: number) => void;
type ScannedStates = 'stateText' | 'stateInAttributeValueDoubleQuotes' | 'stateInAttributeValueSingleQuotes';

const LT = 0x3c;
const AMP = 0x26;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;

/**
 * htmlparser2's Tokenizer, skipping through text and quoted attribute values to the next character
 * that matters there. With entities decoded, the tokenizer steps through every character of text and
 * of attribute values in its state loop (about a third of a counting thread's time), though the
 * state does nothing for any character but `<` (or the closing quote) and `&`: here the state jumps
 * to the next of those, found with `indexOf`, and hands that one to the tokenizer's own state. So
 * every event, index and entity is what the tokenizer itself would produce.
 */
export class ScanningTokenizer extends Tokenizer {
  /** Where the next `<`, `&`, `"` and `'` are at or after the last look, in the current buffer; -1 before a look. */
  private readonly next = new Int32Array([-1, -1, -1, -1]);

  /** A new buffer (a chunk, or a document after reset) starts the looks again. */
  override write(chunk: string): void {
    this.next.fill(-1);
    super.write(chunk);
  }
}

const INHERITED = Tokenizer.prototype as unknown as Record<ScannedStates, State>;
const SCANNING = ScanningTokenizer.prototype as unknown as Record<ScannedStates, State>;
const SLOT = { [LT]: 0, [AMP]: 1, [DOUBLE_QUOTE]: 2, [SINGLE_QUOTE]: 3 } as const;

/** Where `c` next occurs in the buffer at or after `from` (the buffer's length when it does not): each `indexOf` runs once per occurrence, not once per call. */
function nextOf(tokenizer: TokenizerInternals, c: keyof typeof SLOT, from: number): number {
  const self = tokenizer as unknown as TokenizerInternals & { next: Int32Array };
  const slot = SLOT[c];
  let at = self.next[slot]!;
  if (at < from) {
    at = self.buffer.indexOf(String.fromCharCode(c), from);
    if (at === -1) at = self.buffer.length;
    self.next[slot] = at;
  }
  return at;
}

/** Moves to just before the next `stop` or `&` (the state loop then steps onto it), or to the buffer's end. */
function skipTo(tokenizer: TokenizerInternals, stop: typeof LT | typeof DOUBLE_QUOTE | typeof SINGLE_QUOTE): void {
  const from = tokenizer.index - tokenizer.offset;
  const to = Math.min(nextOf(tokenizer, stop, from), nextOf(tokenizer, AMP, from));
  tokenizer.index = to - 1 + tokenizer.offset;
}

SCANNING.stateText = function (c) {
  if (c === LT || c === AMP) INHERITED.stateText.call(this, c);
  else skipTo(this, LT);
};
SCANNING.stateInAttributeValueDoubleQuotes = function (c) {
  if (c === DOUBLE_QUOTE || c === AMP) INHERITED.stateInAttributeValueDoubleQuotes.call(this, c);
  else skipTo(this, DOUBLE_QUOTE);
};
SCANNING.stateInAttributeValueSingleQuotes = function (c) {
  if (c === SINGLE_QUOTE || c === AMP) INHERITED.stateInAttributeValueSingleQuotes.call(this, c);
  else skipTo(this, SINGLE_QUOTE);
};
