/**
 * The form of a URL used to spot repeat submissions: the WHATWG parser already lower-cases the host
 * and drops default ports; on top of that the fragment and `utm_*` tracking parameters go, and the
 * remaining query parameters are sorted. Only for comparison: the page fetched is the URL as given.
 */
export function canonicalizeUrl(href: string): string {
  const url = new URL(href);
  url.hash = '';
  const kept = [...url.searchParams].filter(([name]) => !/^utm_/i.test(name));
  kept.sort(([a, aValue], [b, bValue]) => (a < b ? -1 : a > b ? 1 : aValue < bValue ? -1 : aValue > bValue ? 1 : 0));
  url.search = new URLSearchParams(kept).toString();
  return url.href;
}
