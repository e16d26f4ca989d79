import { canonicalizeUrl } from '../core/canonical-url.js';
import type { LinkFilter } from '../crawl/link-scope.js';
import type { FoundPage } from '../db/crawl-writes.js';
import type { HostRobots } from './site-robots.js';

/**
 * The links worth keeping, at `depth`: in scope, through the filters, not a trap, each once by its
 * canonical form. A link whose robots.txt is already read and forbids it is kept as skipped, so the
 * list shows it, and never requested; the others are judged when their turn comes.
 */
export function foundPages(links: readonly string[], depth: number, filter: LinkFilter, robotsByOrigin: ReadonlyMap<string, HostRobots>): FoundPage[] {
  const seen = new Set<string>();
  const found: FoundPage[] = [];
  for (const url of links) {
    if (filter.verdict(url) !== 'follow') continue;
    const canonicalUrl = canonicalizeUrl(url);
    if (seen.has(canonicalUrl)) continue;
    seen.add(canonicalUrl);
    const robots = robotsByOrigin.get(new URL(url).origin);
    const skip = robots && !robots.rules.isAllowed(url) ? robotsSkip(robots) : undefined;
    found.push({ url, canonicalUrl, depth, ...(skip ? { skip } : {}) });
  }
  return found;
}

export function robotsSkip(robots: HostRobots) {
  return {
    code: 'robots' as const,
    error: robots.available ? 'robots.txt does not allow it' : 'robots.txt could not be read, which forbids every page of the host',
  };
}
