import { describe, expect, it } from 'vitest';
import { signCallback } from '../../src/jobs/callback-signature.js';
import { verifySignature } from '../support/callback-receiver.js';

const SECRET = 'whsec_0123456789abcdef';
const BODY = '{"event":"result.completed"}';

describe('signCallback', () => {
  it('signs "<timestamp>.<body>" with HMAC-SHA256, as Stripe does', () => {
    // Computed apart from our code: printf '%s' '1767225600.{"event":"result.completed"}' | openssl dgst -sha256 -hmac whsec_0123456789abcdef
    expect(signCallback(SECRET, 1_767_225_600, BODY)).toBe('t=1767225600,v1=0fbaf0ea462e12fe47a88ac906b0136e1f3d7fb12e6f214518bd78472713507e');
  });

  it('verifies as the README tells receivers to, and not once the body, the timestamp or the secret differ', () => {
    const now = 1_767_225_600_000;
    const header = signCallback(SECRET, now / 1000, BODY);
    expect(verifySignature(SECRET, header, BODY, 300, now)).toBe(true);
    expect(verifySignature(SECRET, header, BODY.replace('completed', 'failed'), 300, now)).toBe(false);
    expect(verifySignature(SECRET, header.replace('t=1767225600', 't=1767225601'), BODY, 300, now)).toBe(false);
    expect(verifySignature('another secret of some length', header, BODY, 300, now)).toBe(false);
    // Replayed later than the tolerance.
    expect(verifySignature(SECRET, header, BODY, 300, now + 301_000)).toBe(false);
  });
});
