import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';
import type { PageLinks } from '../core/crawl.js';

/** The elements whose start tags say anything about links; every other tag is passed over unread. */
const LINK_ELEMENTS = new Set(['a', 'area', 'base', 'link', 'meta']);

type StartTag = (name: string, attributes: Record<string, string>) => void;

/**
 * The start tags of the link elements with their attributes, named in lower case, the first of a
 * repeated name kept, entities decoded: what htmlparser2's Parser reports for them, straight from its
 * Tokenizer (which still reads script and style content as text). The Parser built an attribute
 * object for every tag of the page and kept its stack of open elements, which cost time proportional
 * to the depth on every tag (160,000 nested divs took 27 s); a crawled page is read once more for its
 * links after its text, and that second pass was a third of a counting thread's time in the bench crawl.
 * The page must arrive in one `write(html)` call: the tokenizer's indices are then indices into html.
 */
class LinkTagReader implements TokenizerCallbacks {
  private name: string | undefined;
  private attributes: Record<string, string> | undefined;
  private attributeName = '';
  private attributeValue = '';

  constructor(private readonly html: string, private readonly onStartTag: StartTag) {}

  onopentagname(start: number, endIndex: number): void {
    const length = endIndex - start;
    // Only names of one or four letters can be a link element: most tags are passed over without a slice.
    const name = length === 1 || length === 4 ? this.html.slice(start, endIndex).toLowerCase() : undefined;
    this.name = name !== undefined && LINK_ELEMENTS.has(name) ? name : undefined;
    this.attributes = this.name === undefined ? undefined : {};
  }

  onattribname(start: number, endIndex: number): void {
    if (this.attributes !== undefined) this.attributeName = this.html.slice(start, endIndex).toLowerCase();
  }

  onattribdata(start: number, endIndex: number): void {
    if (this.attributes !== undefined) this.attributeValue += this.html.slice(start, endIndex);
  }

  onattribentity(codepoint: number): void {
    if (this.attributes !== undefined) this.attributeValue += String.fromCodePoint(codepoint);
  }

  onattribend(): void {
    if (this.attributes !== undefined && !Object.hasOwn(this.attributes, this.attributeName)) this.attributes[this.attributeName] = this.attributeValue;
    this.attributeValue = '';
  }

  onopentagend(): void {
    this.endStartTag();
  }

  onselfclosingtag(): void {
    this.endStartTag();
  }

  private endStartTag(): void {
    if (this.name !== undefined && this.attributes !== undefined) this.onStartTag(this.name, this.attributes);
    this.name = undefined;
    this.attributes = undefined;
  }

  ontext(): void {}
  ontextentity(): void {}
  onclosetag(): void {}
  oncomment(): void {}
  oncdata(): void {}
  ondeclaration(): void {}
  onprocessinginstruction(): void {}
  onend(): void {}
}

/**
 * The links of a page for a crawl to follow: `<a href>` and `<area href>` not marked
 * rel="nofollow", resolved against the page's `<base href>` (the first one, which by the HTML
 * standard applies to links before it too), kept when they are http(s) without user name or
 * password, fragments dropped. Links to the page itself (`#top`) are left out.
 */
export function extractLinks(html: string, pageUrl: string, maxLinks = 5000): PageLinks {
  const hrefs = new Set<string>();
  let baseHref: string | undefined;
  let canonicalHref: string | undefined;
  let nofollow = false;
  const reader = new LinkTagReader(html, (name, attributes) => {
    if (name === 'a' || name === 'area') {
      if (attributes.href !== undefined && !hasToken(attributes.rel, 'nofollow')) hrefs.add(attributes.href);
    } else if (name === 'base') {
      baseHref ??= attributes.href;
    } else if (name === 'link') {
      if (canonicalHref === undefined && hasToken(attributes.rel, 'canonical')) canonicalHref = attributes.href;
    } else if (name === 'meta') {
      if (attributes.name?.toLowerCase() === 'robots' && /(?:^|,)\s*(?:nofollow|none)\s*(?:,|$)/i.test(attributes.content ?? '')) nofollow = true;
    }
  });
  const tokenizer = new Tokenizer({ decodeEntities: true }, reader);
  tokenizer.write(html);
  tokenizer.end();

  const base = (baseHref !== undefined && URL.parse(baseHref, pageUrl)) || new URL(pageUrl);
  const page = resolveLink(pageUrl, pageUrl);
  const links = new Set<string>();
  for (const href of hrefs) {
    if (links.size >= maxLinks) break;
    const link = resolveLink(href, base);
    if (link !== undefined && link !== page) links.add(link);
  }
  const canonical = canonicalHref === undefined ? undefined : resolveLink(canonicalHref, base);
  return { links: [...links], nofollow, ...(canonical !== undefined ? { canonical } : {}) };
}

/** A space-separated attribute such as rel names the token, in any case. */
function hasToken(value: string | undefined, token: string): boolean {
  return value !== undefined && value.toLowerCase().split(/[\t\n\f\r ]+/).includes(token);
}

/**
 * An href as the crawl can use it, or undefined. The URL parser strips the leading and trailing
 * whitespace and control characters that the HTML standard strips from an href.
 */
function resolveLink(href: string, base: string | URL): string | undefined {
  const url = URL.parse(href, base);
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.username !== '' || url.password !== '') return undefined;
  url.hash = '';
  return url.href;
}
