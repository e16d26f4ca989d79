/**
 * The form of a URL used to spot repeat submissions: the WHATWG parser already lower-cases the host
 * and drops default ports; on top of that the fragment and `utm_*` tracking parameters go, and the
 * remaining query parameters are sorted. Parameters are compared as written, never decoded and
 * re-encoded, so `?q=caf%E9` and `?q=caf%E8` stay different pages. Only for comparison: the page
 * fetched is the URL as given.
 */
export function canonicalizeUrl(href: string): string {
  const url = new URL(href);
  url.hash = '';
  const pairs = url.search.slice(1).split('&').filter((pair) => pair !== '' && !/^utm_/i.test(pair));
  pairs.sort();
  url.search = pairs.length > 0 ? `?${pairs.join('&')}` : '';
  return url.href;
}
