import type { ContentNode } from './content-tree.js';

/*
 * What a page's class, role and id names say about a part of it. The names are the conventional
 * (English) ones of templates and CMSs in every language, the same vocabulary Readability and
 * trafilatura go by; page text itself is never matched against words. An id only weighs a part, never
 * strips it: many sites make ids from headings ("http.cookiejar", "sharing-the-load").
 */

/** Parts that are almost never the article: left out of the first attempt altogether. */
const UNLIKELY = /-ad-|ad-break|agegate|banner|breadcrumb|combx|comment|community|consent|cookie|cover-wrap|disqus|extra|footer|gdpr|header|legends|masthead|menu|modal|navbar|newsletter|pager|pagination|popover|popup|promo|recommend|related|rollover|remark|replies|rss|share|sharing|shoutbox|sidebar|skyscraper|social|sponsor|subscribe|supplemental|taboola|outbrain|teaser|tooltip|trending|carousel|yom-remote/;
/** Names that rescue an unlikely-looking part, since content wrappers often carry both. */
const MAYBE_CONTENT = /article|body|column|content|main|shadow/;
const UNLIKELY_ROLES = /\b(menu|menubar|complementary|navigation|alert|alertdialog|dialog|banner|contentinfo|search)\b/;
const MOST_OF_THE_PAGE = 0.5;
/** Page furniture by tag, whatever its names. */
const BOILERPLATE_TAGS = new Set(['nav', 'aside', 'footer', 'header', 'form', 'fieldset', 'menu']);

const POSITIVE = /article|body|content|entry|hentry|h-entry|main|page|post|text|blog|story|prose/;
const NEGATIVE = /-ad-|hidden| hid$| hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget|byline|author|caption/;

/** schema.org's own name for the article's text (itemprop="articleBody"), worth a further +25. */
const ARTICLE_BODY = /articlebody/;

/**
 * Whether a part looks like page furniture. One holding most of the page's text is the page itself,
 * whatever it is called (an ASP.NET page's all-enclosing form, a sticky-sidebar wrapper around the article).
 */
export function looksUnlikely(node: ContentNode, pageLength: number): boolean {
  if (node.allLength > pageLength * MOST_OF_THE_PAGE) return false;
  if (BOILERPLATE_TAGS.has(node.tag)) return true;
  const names = node.names;
  if (names === '' || node.tag === 'body' || node.tag === 'a' || node.tag === 'article' || node.tag === 'main') return false;
  if (UNLIKELY_ROLES.test(names)) return true;
  return UNLIKELY.test(names) && !MAYBE_CONTENT.test(names);
}

/** +25 for a content-like name, −25 for a furniture-like one (both may apply); names start with a space. */
export function nameWeight(node: ContentNode): number {
  const names = node.names + node.id;
  if (names === '') return 0;
  return (POSITIVE.test(names) ? 25 : 0) - (NEGATIVE.test(names) ? 25 : 0) + (ARTICLE_BODY.test(names) ? 25 : 0);
}

/** A starting score by tag: containers of prose up, lists and headings (menus, teasers) down. */
export function tagWeight(tag: string): number {
  switch (tag) {
    case 'article':
    case 'main':
    case 'div':
      return 5;
    case 'pre':
    case 'td':
    case 'blockquote':
      return 3;
    case 'address':
    case 'ol':
    case 'ul':
    case 'dl':
    case 'dd':
    case 'dt':
    case 'li':
    case 'form':
      return -3;
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
    case 'h5':
    case 'h6':
    case 'th':
      return -5;
    default:
      return 0;
  }
}
