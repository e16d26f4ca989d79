import { Parser, type ParserOptions, type QuoteType } from 'htmlparser2';
import { ScanningTokenizer } from './scanning-tokenizer.js';
import { MAX_TRACKED_DEPTH, type VisibleTextHandler } from './visible-text-handler.js';

/** htmlparser2's record of open foreign content (`<svg>`, `<math>`), private, so reached by name. */
interface ParserInternals {
  foreignContext: boolean[];
}

/**
 * htmlparser2's Parser, kept from tracking elements deeper than MAX_TRACKED_DEPTH. Its open-element
 * stack is an array it `unshift`s and searches with `indexOf` on every tag, so each tag costs time
 * proportional to the depth, and a deep page costs the square of its size; a pre-pass to flatten the
 * page would cost another parse. Here the handler decides, as the tokenizer reports each tag, whether
 * it reaches the parser at all (visible-text-handler.ts, admitsDeep and endsUntracked).
 *
 * The page must arrive in one `end(html)` call: the tokenizer's indices are then indices into html.
 * Its tokenizer skips through text and attribute values (scanning-tokenizer.ts), and a handler that
 * reads no attributes gets none built: the parser would slice and join every attribute's name and value.
 */
export class CappedParser extends Parser {
  private readonly readsAttributes: boolean;

  constructor(private readonly handler: VisibleTextHandler, private readonly html: string, options: ParserOptions) {
    super(handler, { ...options, Tokenizer: ScanningTokenizer });
    this.readsAttributes = 'onattribute' in handler || 'onopentag' in handler;
  }

  override onattribname(start: number, endIndex: number): void {
    if (this.readsAttributes) super.onattribname(start, endIndex);
  }

  override onattribdata(start: number, endIndex: number): void {
    if (this.readsAttributes) super.onattribdata(start, endIndex);
  }

  override onattribentity(codePoint: number): void {
    if (this.readsAttributes) super.onattribentity(codePoint);
  }

  override onattribend(quote: QuoteType, endIndex: number): void {
    if (this.readsAttributes) super.onattribend(quote, endIndex);
  }

  override onopentagname(start: number, endIndex: number): void {
    if (this.handler.depth >= MAX_TRACKED_DEPTH) {
      const name = this.html.slice(start, endIndex).toLowerCase();
      if (!this.handler.admitsDeep(name, this.isVoidElement(name))) return;
    }
    super.onopentagname(start, endIndex);
    // The parser forgets to drop an `<svg>`'s entry when a parent's end tag closes it, so `<div><svg></div>`
    // repeated grows this without bound (another unshift per svg). Past the cap the entries are stale.
    const foreign = (this as unknown as ParserInternals).foreignContext;
    if (foreign.length > MAX_TRACKED_DEPTH) foreign.length = MAX_TRACKED_DEPTH;
  }

  override onclosetag(start: number, endIndex: number): void {
    if (this.handler.hasUntracked && this.handler.endsUntracked(this.html.slice(start, endIndex).toLowerCase())) return;
    super.onclosetag(start, endIndex);
  }
}
