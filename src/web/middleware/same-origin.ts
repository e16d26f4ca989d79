import type { RequestHandler } from 'express';
import { AppError } from '../../core/errors.js';

// A form on another site can post to POST / with the visitor's cookie, replacing their recent list and
// using up their rate limit. Browsers say where such a post came from: Sec-Fetch-Site (current ones)
// and Origin (every browser since about 2020 on a POST). A request with neither did not come from a
// browser that would attach the visitor's cookie on another site's behalf (curl, scripts, very old
// browsers), so it is let through: refusing it would break those clients and protect nobody.
// `same-site` is refused too: a sibling subdomain (another app on a shared parent domain) is not us.
const ALLOWED_FETCH_SITES = new Set(['same-origin', 'none']);

function crossSite(): AppError {
  return new AppError('cross_site', 'this form must be submitted from this site’s own page');
}

/** Refuses a state-changing request that a browser says came from another site. */
export function refuseCrossSite(): RequestHandler {
  return (req, _res, next) => {
    const fetchSite = req.get('sec-fetch-site');
    if (fetchSite !== undefined && !ALLOWED_FETCH_SITES.has(fetchSite)) throw crossSite();
    const origin = req.get('origin');
    // Only the host is compared: behind a TLS-terminating proxy that is not trusted (TRUST_PROXY_HOPS=0)
    // this process sees http while the browser says https, and a scheme change alone is no other site.
    if (origin !== undefined && hostOf(origin) !== req.get('host')?.toLowerCase()) throw crossSite();
    next();
  };
}

/** `host[:port]` of an Origin header, or undefined for `null` and anything unparseable. */
function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host.toLowerCase() || undefined;
  } catch {
    return undefined;
  }
}
