import { Parser } from 'htmlparser2';
import type { PageLinks } from '../core/crawl.js';

/**
 * htmlparser2's Parser without its stack of open elements, which costs time proportional to the
 * depth on every tag (160,000 nested divs took 27 s, and 80 ms without it). Links need no tree, only
 * start tags, so every element is reported as void and none is ever pushed; end tags then report
 * nothing. The tokenizer still reads script and style content as text.
 */
class StartTagScanner extends Parser {
  protected override isVoidElement(): boolean {
    return true;
  }
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
  const scanner = new StartTagScanner(
    {
      onopentag(name, attributes) {
        if (name === 'a' || name === 'area') {
          if (attributes.href !== undefined && !hasToken(attributes.rel, 'nofollow')) hrefs.add(attributes.href);
        } else if (name === 'base') {
          baseHref ??= attributes.href;
        } else if (name === 'link') {
          if (canonicalHref === undefined && hasToken(attributes.rel, 'canonical')) canonicalHref = attributes.href;
        } else if (name === 'meta') {
          if (attributes.name?.toLowerCase() === 'robots' && /(?:^|,)\s*(?:nofollow|none)\s*(?:,|$)/i.test(attributes.content ?? '')) nofollow = true;
        }
      },
    },
    { decodeEntities: true },
  );
  scanner.end(html);

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
