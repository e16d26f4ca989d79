import { createHmac } from 'node:crypto';

/**
 * The Wordcrawler-Signature header, Stripe's scheme: `t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<body>">`. The timestamp is signed too, so a receiver that refuses old timestamps cannot be
 * replayed a captured callback later.
 */
export function signCallback(secret: string, timestampSeconds: number, body: string): string {
  const v1 = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${v1}`;
}
