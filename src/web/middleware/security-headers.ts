import type { RequestHandler } from 'express';
import helmet from 'helmet';

// helmet's defaults assume HTTPS: its CSP carries `upgrade-insecure-requests` and it sends HSTS. Served
// over plain HTTP on any name but localhost, the first makes the browser fetch our own stylesheet and
// scripts as https:// (which fails) and the form's post breaks `form-action 'self'`; the second is
// meaningless there. So both go only on answers to requests that came over HTTPS: `req.secure`, which
// honours X-Forwarded-Proto from the proxies that TRUST_PROXY_HOPS trusts (Heroku's router).
//
// Referrer-Policy is `same-origin`, not helmet's `no-referrer`: under `no-referrer` the browser sends
// `Origin: null` even with our own form's post, which then cannot be told from another site's (see
// same-origin.ts). Other sites still get no Referer, so a result's private /r/ address never leaks.
const REFERRER_POLICY = { policy: 'same-origin' as const };
const OVER_HTTPS = helmet({ referrerPolicy: REFERRER_POLICY });
const OVER_HTTP = helmet({
  contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  strictTransportSecurity: false,
  referrerPolicy: REFERRER_POLICY,
});

/** helmet's headers, with the HTTPS-only ones only when the request came over HTTPS. */
export function securityHeaders(): RequestHandler {
  return (req, res, next) => (req.secure ? OVER_HTTPS : OVER_HTTP)(req, res, next);
}
