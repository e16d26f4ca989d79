import { VisibleTextHandler } from './visible-text-handler.js';

/** Elements whose content no reader sees as part of an article (controls, media, hidden text). */
const NEVER_CONTENT = new Set([
  'title', 'script', 'style', 'noscript', 'template', 'svg', 'iframe', 'object', 'embed', 'canvas', 'math',
  'select', 'option', 'button', 'textarea', 'input', 'dialog', 'video', 'audio', 'picture', 'map', 'figcaption',
]);

/** Elements that flow inside a line: their text belongs to the block around them. */
export const INLINE_ELEMENTS = new Set([
  'a', 'abbr', 'acronym', 'b', 'bdi', 'bdo', 'big', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'font', 'i',
  'ins', 'kbd', 'label', 'mark', 'nobr', 'q', 'rp', 'rt', 'ruby', 's', 'samp', 'small', 'span', 'strike',
  'strong', 'sub', 'sup', 'time', 'tt', 'u', 'var', 'wbr', 'img', 'br',
]);

/** Commas of the scripts that use them (Latin, CJK, Arabic): a sentence with clauses is prose. */
const COMMAS = new Set([0x2c, 0xff0c, 0x3001, 0x060c, 0xff64]);

/** One element of the page, with what the extractor needs to judge it; text is kept as it came. */
export class ContentNode {
  readonly children: Array<ContentNode | string> = [];
  /** Its class, role and itemprop, lower-cased, for the conventional names of page parts. */
  names = '';
  /** Its id, lower-cased: often made from a heading's text, so it is trusted less than the names. */
  id = '';
  /** Hidden or never content: nothing inside it counts. */
  hidden: boolean;
  /** Characters of its own text (not its children's) that are not whitespace, and its commas. */
  ownLength = 0;
  ownCommas = 0;
  /** Characters of all the visible text inside it, whatever an attempt excludes. */
  allLength = 0;
  /** Filled for each extraction attempt (content-score.ts, measureNodes and scoreParagraphs). */
  excluded = false;
  textLength = 0;
  linkLength = 0;
  commas = 0;
  /** Text that sits directly in this block: its own and its inline descendants'. */
  inlineLength = 0;
  inlineCommas = 0;
  paragraphs = 0;
  images = 0;
  listItems = 0;
  inputs = 0;
  hasBlockChild = false;
  score: number | undefined;

  constructor(readonly tag: string, readonly parent: ContentNode | undefined) {
    this.hidden = parent?.hidden === true || NEVER_CONTENT.has(tag);
  }

  get isInline(): boolean {
    return INLINE_ELEMENTS.has(this.tag);
  }
}

/**
 * Builds a light tree of the page as htmlparser2 streams it. It extends VisibleTextHandler only so
 * that CappedParser's depth cap (which asks the handler how deep it is) keeps working: the parent's
 * element bookkeeping runs, its text is never collected.
 */
export class ContentTreeHandler extends VisibleTextHandler {
  readonly root = new ContentNode('#root', undefined);
  /** Every element in document order, so a parent always comes before its descendants. */
  readonly nodes: ContentNode[] = [this.root];
  private current = this.root;
  /** For each open element, whether it has a node. */
  private readonly hasNode: boolean[] = [];
  /** The node the attributes being read belong to, if the open element has one. */
  private attributesOf: ContentNode | undefined;
  /** A plain inline element just opened, which gets a node only if an attribute says something. */
  private pendingInline: string | undefined;

  override onopentagname(name: string): void {
    super.onopentagname(name);
    this.pendingInline = undefined;
    this.attributesOf = undefined;
    // Nothing inside a hidden element is read, so its descendants (an svg's paths) get no nodes; nor
    // does a `<b>` or `<span>` without names, whose text is its block's (a page of 5 MB of `<b>a</b>`).
    if (this.current.hidden) {
      this.hasNode.push(false);
    } else if (TRANSPARENT_INLINE.has(name)) {
      this.pendingInline = name;
      this.hasNode.push(false);
    } else {
      this.attributesOf = this.openNode(name);
      this.hasNode.push(true);
    }
  }

  onattribute(name: string, value: string): void {
    if (this.attributesOf === undefined) {
      if (this.pendingInline === undefined || !NODE_ATTRIBUTES.has(name)) return;
      this.attributesOf = this.openNode(this.pendingInline);
      this.pendingInline = undefined;
      this.hasNode[this.hasNode.length - 1] = true;
    }
    const node = this.attributesOf;
    if (name === 'class' || name === 'role' || name === 'itemprop') node.names += ` ${value.toLowerCase()}`;
    else if (name === 'id') node.id = ` ${value.toLowerCase()}`;
    else if (name === 'hidden' || (name === 'aria-hidden' && value === 'true')) node.hidden = true;
    else if (name === 'style' && HIDING_STYLE.test(value)) node.hidden = true;
  }

  override onclosetag(name: string): void {
    super.onclosetag(name);
    this.pendingInline = undefined;
    this.attributesOf = undefined;
    if (this.hasNode.pop() !== true) return;
    const node = this.current;
    this.current = node.parent ?? this.root;
    node.allLength += node.ownLength;
    this.current.allLength += node.allLength;
    // An empty element is the last node added, so dropping it is two pops; a page of 5 MB of empty
    // tags then holds no more nodes than it has text.
    if (node.children.length === 0 && node.ownLength === 0 && !COUNTED_WHEN_EMPTY.has(node.tag)) {
      this.nodes.pop();
      this.current.children.pop();
    }
  }

  private openNode(name: string): ContentNode {
    const node = new ContentNode(name, this.current);
    this.current.children.push(node);
    this.nodes.push(node);
    this.current = node;
    return node;
  }

  override ontext(text: string): void {
    this.pendingInline = undefined;
    this.attributesOf = undefined;
    const node = this.current;
    if (node.hidden) return;
    node.children.push(text);
    let length = 0;
    let commas = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code > 0x20 && code !== 0xa0) length += 1;
      if (COMMAS.has(code)) commas += 1;
    }
    node.ownLength += length;
    node.ownCommas += commas;
  }

  /** Past the depth cap a block tag is no element, but must still separate words. */
  override admitsDeep(name: string, isVoid: boolean): boolean {
    const admitted = super.admitsDeep(name, isVoid);
    if (!admitted && !INLINE_ELEMENTS.has(name)) this.current.children.push('\n');
    return admitted;
  }

  override endsUntracked(name: string): boolean {
    const ended = super.endsUntracked(name);
    if (ended && !INLINE_ELEMENTS.has(name)) this.current.children.push('\n');
    return ended;
  }
}

/** Inline elements that matter only through their text (links, images and line breaks do more). */
const TRANSPARENT_INLINE = new Set([...INLINE_ELEMENTS].filter((tag) => tag !== 'a' && tag !== 'img' && tag !== 'br'));
/** The attributes onattribute reads: one of them gives a plain inline element a node of its own. */
const NODE_ATTRIBUTES = new Set(['class', 'id', 'role', 'itemprop', 'hidden', 'aria-hidden', 'style']);

/** Empty elements the extractor still counts (images, form fields) or that separate lines. */
const COUNTED_WHEN_EMPTY = new Set(['img', 'br', 'input', 'select', 'textarea']);

const HIDING_STYLE = /display\s*:\s*none|visibility\s*:\s*hidden/i;
