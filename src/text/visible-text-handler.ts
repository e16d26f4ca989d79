import type { Handler } from 'htmlparser2';
import { BLOCK_BREAK } from './block-break.js';

/** Elements whose content is never shown as text. */
const HIDDEN_ELEMENTS = new Set(['script', 'style', 'noscript', 'template', 'svg', 'iframe', 'object', 'canvas']);

/**
 * Elements that flow inside a line. Every other element starts and ends a block, so
 * `<li>Home</li><li>About</li>` reads as two words while `<b>wo</b>rd` stays one.
 */
const INLINE_ELEMENTS = new Set([
  'a', 'abbr', 'acronym', 'b', 'bdi', 'bdo', 'big', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'font', 'i',
  'ins', 'kbd', 'label', 'mark', 'nobr', 'q', 'rp', 'rt', 'ruby', 's', 'samp', 'small', 'span', 'strike',
  'strong', 'sub', 'sup', 'time', 'tt', 'u', 'var', 'wbr',
]);

/** Elements the HTML standard places in the head when they come before any content. */
const HEAD_ELEMENTS = new Set(['base', 'basefont', 'bgsound', 'link', 'meta', 'noframes', 'script', 'style', 'template', 'title', 'noscript']);
/** Of those, the ones with content, all of it hidden while in the head (a `<title>` most of all). */
const HEAD_ELEMENTS_WITH_CONTENT = new Set(['noframes', 'script', 'style', 'template', 'title', 'noscript']);

/**
 * HTML start tags that end an `<svg>` left open (the HTML standard's "foreign content" rules): a page
 * whose svg is never closed is still visible from the next paragraph on, as it is in a browser.
 */
const SVG_BREAKOUT_ELEMENTS = new Set([
  'b', 'big', 'blockquote', 'body', 'br', 'center', 'code', 'dd', 'div', 'dl', 'dt', 'em', 'embed', 'h1', 'h2', 'h3',
  'h4', 'h5', 'h6', 'head', 'hr', 'i', 'img', 'li', 'listing', 'menu', 'meta', 'nobr', 'ol', 'p', 'pre', 'ruby', 's',
  'small', 'span', 'strong', 'strike', 'sub', 'sup', 'table', 'tt', 'u', 'ul', 'var',
]);
/** Inside these an svg holds HTML, which does not end it. */
const SVG_HTML_CONTAINERS = new Set(['foreignobject', 'desc', 'title']);

/**
 * Elements the tokenizer reads as raw text: their content is text until their end tag, so they hold no
 * elements, and past MAX_TRACKED_DEPTH they are still tracked (one level more) to keep a script hidden.
 */
const RAW_TEXT_ELEMENTS = new Set(['script', 'style', 'title', 'textarea', 'xmp']);

/**
 * How deeply elements are tracked. htmlparser2's open-element stack costs time proportional to its
 * depth on every tag, and a page of nothing but `<div>` (800 KB took 28 s) makes that quadratic.
 * Past this depth a start tag is no element (capped-parser.ts keeps it from the parser): its content
 * is text of the element at this depth, and a block tag still separates words. Browsers cap nesting
 * too (Chromium's parser at 512); pages a person reads stay far below either.
 */
export const MAX_TRACKED_DEPTH = 256;

/** Table parts outside any table, which the HTML standard (and so a browser) drops: they are no boundary. */
const TABLE_PARTS = new Set(['caption', 'col', 'colgroup', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr']);

/** Anything but the HTML standard's ASCII whitespace (so U+00A0 counts as content, as it does there). */
const CONTENT_CHARACTER = /[^\t\n\f\r ]/;

const enum Mode { BeforeHead, InHead, AfterHead, InBody }

/** What closing an element does; the parser closes every element it opens, innermost first. */
const enum OnClose { Nothing, Separate, Show, EndTable }

/**
 * An htmlparser2 handler that keeps the visible text as the parser streams through the page.
 *
 * htmlparser2 builds a simpler tree than a browser (and parse5, which this replaces), so the handler
 * follows the HTML standard where that changes the text: head elements before any content are hidden,
 * the first other element or non-blank text starts the body, `html`, `head` and `body` tags are no
 * boundaries, table parts outside a table are dropped, and HTML content ends an unclosed `<svg>`.
 * Within the body an element is hidden with all it contains, and a block element separates the text
 * before and after it.
 */
export class VisibleTextHandler implements Partial<Handler> {
  private readonly parts: string[] = [];
  private readonly onClose: OnClose[] = [];
  private mode = Mode.BeforeHead;
  private hidden = false;
  private tables = 0;
  /**
   * While the hidden element is an `<svg>`: its place in onClose, and how many of its HTML containers
   * are open (a count, not a list to search: searching it on every tag was quadratic).
   */
  private svg: { at: number; containers: number } | undefined;
  /** Start tags past MAX_TRACKED_DEPTH not yet ended, by name; all are inside the element at that depth. */
  private readonly untracked = new Map<string, number>();

  /** The visible text, with a BLOCK_BREAK where a block element separates what comes before and after it. */
  text(): string {
    return this.parts.join('');
  }

  /** Elements open, as the parser counts them. */
  get depth(): number {
    return this.onClose.length;
  }

  onopentagname(name: string): void {
    if (this.hidden && !this.endsSvg(name)) {
      if (this.svg !== undefined && SVG_HTML_CONTAINERS.has(name)) this.svg.containers += 1;
      this.onClose.push(OnClose.Nothing);
    } else if (name === 'html' || name === 'head' || name === 'body') {
      if (name === 'body') this.mode = Mode.InBody;
      else if (name === 'head' && this.mode === Mode.BeforeHead) this.mode = Mode.InHead;
      this.onClose.push(OnClose.Nothing);
    } else if (this.mode !== Mode.InBody && HEAD_ELEMENTS.has(name)) {
      this.onClose.push(HEAD_ELEMENTS_WITH_CONTENT.has(name) ? this.hide(name) : OnClose.Nothing);
    } else {
      this.mode = Mode.InBody;
      this.onClose.push(this.open(name));
    }
  }

  onclosetag(name: string): void {
    const action = this.onClose.pop();
    if (this.svg !== undefined && this.hidden && SVG_HTML_CONTAINERS.has(name)) this.svg.containers -= 1;
    // The element at MAX_TRACKED_DEPTH has ended, and with it every untracked one inside.
    if (this.untracked.size > 0 && this.onClose.length < MAX_TRACKED_DEPTH) this.untracked.clear();
    if (name === 'head') {
      if (this.mode === Mode.InHead) this.mode = Mode.AfterHead;
    } else if (action === OnClose.Separate) {
      this.parts.push(BLOCK_BREAK);
    } else if (action === OnClose.Show) {
      this.hidden = false;
      this.svg = undefined;
    } else if (action === OnClose.EndTable) {
      this.tables -= 1;
      this.parts.push(BLOCK_BREAK);
    }
  }

  ontext(text: string): void {
    if (this.hidden) return;
    if (this.mode !== Mode.InBody) {
      if (!CONTENT_CHARACTER.test(text)) return;
      this.mode = Mode.InBody;
    }
    // A browser drops NUL characters from text (parse5 did too), so `a\0b` stays one word.
    this.parts.push(text.includes('\0') ? text.replaceAll('\0', '') : text);
  }

  /**
   * A start tag past MAX_TRACKED_DEPTH: whether it is still an element. Void and raw-text elements are
   * (they add at most one level); any other is only counted, so that its end tag is not taken for an
   * open element's, which the parser would search its stack for.
   */
  admitsDeep(name: string, isVoid: boolean): boolean {
    if (isVoid || RAW_TEXT_ELEMENTS.has(name)) return true;
    this.untracked.set(name, (this.untracked.get(name) ?? 0) + 1);
    this.separateUntracked(name);
    return false;
  }

  /** An end tag: true when it ends an untracked element, which the parser must then not see. */
  endsUntracked(name: string): boolean {
    const open = this.untracked.get(name);
    if (open === undefined) return false;
    if (open === 1) this.untracked.delete(name);
    else this.untracked.set(name, open - 1);
    this.separateUntracked(name);
    return true;
  }

  get hasUntracked(): boolean {
    return this.untracked.size > 0;
  }

  private separateUntracked(name: string): void {
    if (!this.hidden && this.mode === Mode.InBody && !INLINE_ELEMENTS.has(name)) this.parts.push(BLOCK_BREAK);
  }

  /** An element in the body: what it does now, and what its end will do. */
  private open(name: string): OnClose {
    if (HIDDEN_ELEMENTS.has(name)) return this.hide(name);
    if (INLINE_ELEMENTS.has(name) || (this.tables === 0 && TABLE_PARTS.has(name))) return OnClose.Nothing;
    this.parts.push(BLOCK_BREAK);
    if (name !== 'table') return OnClose.Separate;
    this.tables += 1;
    return OnClose.EndTable;
  }

  private hide(name: string): OnClose {
    this.hidden = true;
    if (name === 'svg') this.svg = { at: this.onClose.length, containers: 0 };
    return OnClose.Show;
  }

  /** HTML outside the svg's HTML containers ends a hidden svg; its own end tags then change nothing. */
  private endsSvg(name: string): boolean {
    const svg = this.svg;
    if (svg === undefined || !SVG_BREAKOUT_ELEMENTS.has(name) || svg.containers > 0) return false;
    this.onClose.fill(OnClose.Nothing, svg.at);
    this.hidden = false;
    this.svg = undefined;
    return true;
  }
}
