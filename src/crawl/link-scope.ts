import { parse } from 'tldts';
import type { CrawlOptions, CrawlScope } from '../core/crawl.js';
import { compileGlob } from './glob.js';

/** What a crawl does with a link it found, in the order the checks run. */
export type LinkVerdict = 'follow' | 'out_of_scope' | 'filtered' | 'trap';

export interface LinkFilter {
  /** Whether the URL is within the crawl's scope, filters aside (for a redirect's target). */
  inScope(url: string): boolean;
  verdict(url: string): LinkVerdict;
}

/** Links longer than this are generated (session ids, calendars, links resolving into themselves), not written. */
const MAX_LINK_LENGTH = 2048;

/** More repeats of a path segment in a row than this is a relative link resolving into itself (`a/` on `/a/`). */
const MAX_SEGMENT_REPEATS = 2;

/** A URL's host and port (the port only when not the scheme's default), lower-cased. */
export function hostOf(url: string): string {
  return new URL(url).host;
}

/**
 * Decides which links a crawl from startUrl follows: traps never, links outside the scope never,
 * then those the include and exclude globs let through.
 *
 * Scope `host` (and `path`) compare the host with its port: robots.txt is per authority
 * (`scheme:[//authority]/robots.txt`, RFC 9309 section 2.3), and another port is often another server.
 * The scheme does not count, so a site's http links and its https redirects stay in scope; its
 * robots.txt is still per scheme.
 */
export function createLinkFilter(startUrl: string, options: Pick<CrawlOptions, 'scope' | 'include' | 'exclude'>): LinkFilter {
  const inScope = scopeTest(new URL(startUrl), options.scope);
  const include = options.include.map(compileGlob);
  const exclude = options.exclude.map(compileGlob);
  return {
    inScope: (url) => inScope(new URL(url)),
    verdict(url) {
      const parsed = new URL(url);
      if (url.length > MAX_LINK_LENGTH || repeatsSegment(parsed.pathname)) return 'trap';
      if (!inScope(parsed)) return 'out_of_scope';
      const pathAndQuery = parsed.pathname + parsed.search;
      if (include.length > 0 && !include.some((matches) => matches(pathAndQuery))) return 'filtered';
      return exclude.some((matches) => matches(pathAndQuery)) ? 'filtered' : 'follow';
    },
  };
}

function scopeTest(start: URL, scope: CrawlScope): (url: URL) => boolean {
  switch (scope) {
    case 'host':
      return (url) => url.host === start.host;
    case 'domain': {
      const site = siteOf(start.hostname);
      return (url) => siteOf(url.hostname) === site;
    }
    case 'path': {
      const directory = start.pathname.slice(0, start.pathname.lastIndexOf('/') + 1);
      return (url) => url.host === start.host && url.pathname.startsWith(directory);
    }
  }
}

/**
 * The registrable domain of a host name, or the name itself for an IP address or a name under no
 * listed suffix (`localhost`, `intranet.corp`). Private suffixes count (`github.io`), as in the URL
 * standard's "registrable domain": two people's sites under one are two sites.
 */
function siteOf(hostname: string): string {
  const parsed = parse(hostname, { allowPrivateDomains: true });
  return (parsed.isIcann || parsed.isPrivate) && parsed.domain ? parsed.domain : hostname;
}

/** `/a/b/b/b/`: the first segment is the empty one before the leading slash, so it is skipped. */
function repeatsSegment(pathname: string): boolean {
  const segments = pathname.split('/');
  let run = 1;
  for (let i = 2; i < segments.length; i += 1) {
    run = segments[i] === segments[i - 1] ? run + 1 : 1;
    if (run > MAX_SEGMENT_REPEATS) return true;
  }
  return false;
}
