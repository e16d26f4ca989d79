import picomatch from 'picomatch';
import { parse } from 'tldts';
import type { CrawlOptions, CrawlScope } from '../core/crawl.js';

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

/**
 * How many wildcards a glob may have. picomatch compiles globs to backtracking regexes, and wildcards
 * that can each take many lengths multiply the time to match a link that fails: on a 2,048-character
 * path, three `**` segments with a literal segment between each took 6 s, four `*` in one segment far
 * more, while globs within these limits take a few milliseconds. A segment that is just `*` matches
 * one whole segment, so it does not count.
 */
const GLOB_WILDCARD_LIMITS = { all: 4, globstars: 2, inOneSegment: 2 } as const;

/** Links are URLs, not files: a dot segment is no hidden file, and extglobs only add regex backtracking. */
const GLOB_OPTIONS: picomatch.PicomatchOptions = { dot: true, noextglob: true, strictBrackets: true };

/**
 * A glob of include or exclude, matched against a link's path and query (`/blog/post?id=3`), as the
 * URL parser encodes them. Throws an Error saying what is wrong with the glob.
 */
export function compileGlob(glob: string): (pathAndQuery: string) => boolean {
  const segments = glob.split('/').filter((segment) => segment !== '*');
  const inSegments = segments.map((segment) => segment.match(/\*+/g)?.length ?? 0);
  const all = inSegments.reduce((sum, count) => sum + count, 0);
  const globstars = segments.filter((segment) => segment === '**').length;
  const limits = GLOB_WILDCARD_LIMITS;
  if (all > limits.all || globstars > limits.globstars || Math.max(0, ...inSegments) > limits.inOneSegment) {
    throw new Error(
      `it has too many wildcards to match quickly: at most ${limits.all} in all, ${limits.globstars} of them **, `
        + `and ${limits.inOneSegment} between two slashes (a segment that is just * does not count)`,
    );
  }
  // `debug` makes picomatch throw on a glob whose regex is invalid (`[z-a]`) instead of matching nothing.
  return picomatch(glob, { ...GLOB_OPTIONS, debug: true });
}

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
