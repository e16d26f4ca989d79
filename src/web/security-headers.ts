import type { RequestHandler } from 'express';
import helmet from 'helmet';

// helmet's defaults assume HTTPS: its CSP carries `upgrade-insecure-requests` and it sends HSTS. Served
// over plain HTTP on any name but localhost, the first makes the browser fetch our own stylesheet and
// scripts as https:// (which fails) and the form's post breaks `form-action 'self'`; the second is
// meaningless there. So both go only on answers to requests that came over HTTPS: `req.secure`, which
// honours X-Forwarded-Proto from the proxies that TRUST_PROXY_HOPS trusts (Heroku's router).
const OVER_HTTPS = helmet();
const OVER_HTTP = helmet({
  contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  strictTransportSecurity: false,
});

/** helmet's headers, with the HTTPS-only ones only when the request came over HTTPS. */
export function securityHeaders(): RequestHandler {
  return (req, res, next) => (req.secure ? OVER_HTTPS : OVER_HTTP)(req, res, next);
}
