import { Parser } from 'htmlparser2';

/** What one sitemap lists: pages to crawl, and further sitemaps (of a sitemap index) to read. */
export interface SitemapEntries {
  pages: string[];
  sitemaps: string[];
}

/**
 * htmlparser2's Parser without its stack of open elements, which costs time proportional to the
 * depth on every tag (quadratic on a deeply nested file). Every element is reported as void, so only
 * start tags are seen: a `<loc>`'s text runs to the next start tag, which in a sitemap is the next
 * entry's (between a `</loc>` and it there is only whitespace).
 */
class StartTagScanner extends Parser {
  protected override isVoidElement(): boolean {
    return true;
  }
}

/** Parsed in pieces, so that a long sitemap is read no further than its first maxUrls entries. */
const CHUNK_CHARS = 64 * 1024;

/**
 * The URLs of a sitemap (sitemaps.org): `<urlset><url><loc>` are pages, `<sitemapindex><sitemap><loc>`
 * are sitemaps, in order, each once, at most maxUrls in all. Only absolute http(s) URLs are kept,
 * without fragments. A text sitemap (one URL a line) is read too. Tags are matched by their plain
 * name, as the default namespace writes them: a prefixed `<image:loc>` inside a `<url>` is an image.
 */
export function parseSitemap(xml: string, maxUrls: number): SitemapEntries {
  // trimStart drops a byte order mark too.
  const text = xml.trimStart();
  return text.startsWith('<') ? parseXmlSitemap(text, maxUrls) : parseTextSitemap(text, maxUrls);
}

function parseXmlSitemap(xml: string, maxUrls: number): SitemapEntries {
  const pages = new Set<string>();
  const sitemaps = new Set<string>();
  /** Where the `<loc>`s go: the last `<url>` or `<sitemap>` opened. */
  let entry: Set<string> | undefined;
  let loc: string | undefined;
  const endLoc = (): void => {
    const url = loc === undefined ? undefined : absoluteHttpUrl(loc);
    if (entry !== undefined && url !== undefined && pages.size + sitemaps.size < maxUrls) entry.add(url);
    loc = undefined;
  };
  const scanner = new StartTagScanner(
    {
      onopentagname(name) {
        endLoc();
        if (name === 'url') entry = pages;
        else if (name === 'sitemap') entry = sitemaps;
        else if (name === 'loc') loc = '';
      },
      ontext(data) {
        if (loc !== undefined) loc += data;
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  for (let at = 0; at < xml.length && pages.size + sitemaps.size < maxUrls; at += CHUNK_CHARS) {
    scanner.write(xml.slice(at, at + CHUNK_CHARS));
  }
  scanner.end();
  endLoc();
  return { pages: [...pages], sitemaps: [...sitemaps] };
}

function parseTextSitemap(text: string, maxUrls: number): SitemapEntries {
  const pages = new Set<string>();
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (pages.size >= maxUrls) break;
    const url = absoluteHttpUrl(line);
    if (url !== undefined) pages.add(url);
  }
  return { pages: [...pages], sitemaps: [] };
}

/** The URL parser strips the whitespace around a `<loc>`'s text or a line, so neither needs trimming. */
function absoluteHttpUrl(text: string): string | undefined {
  const url = URL.parse(text);
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.username !== '' || url.password !== '') return undefined;
  url.hash = '';
  return url.href;
}
