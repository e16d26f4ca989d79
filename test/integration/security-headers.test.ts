import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submit } from '../support/api-client.js';
import { startTestService, type TestService } from '../support/service.js';

// No worker: a submitted page stays queued, which is enough for the JSON routes to answer.
let service: TestService;
let key: string;
beforeAll(async () => {
  service = await startTestService({}, { worker: false });
  key = await submit(service.baseUrl, 'http://example.com/security-headers');
});
afterAll(() => service?.stop());

describe('security headers', () => {
  it.each([
    ['a page', () => '/', 200],
    ['a JSON result', () => `/results/${key}`, 202],
    ['a JSON status', () => `/status/${key}`, 200],
    ['a JSON error', () => '/results/not-a-key', 404],
    ['the health check', () => '/healthz', 200],
  ])('are sent with %s', async (_name, path, status) => {
    const response = await fetch(`${service.baseUrl}${path()}`);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    // Not no-referrer: under it a browser sends `Origin: null` with our own form's post.
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
  });
});

describe('HTTPS-only headers (upgrade-insecure-requests, HSTS)', () => {
  it('are left out over plain HTTP, where they would break the page on any name but localhost', async () => {
    const response = await fetch(`${service.baseUrl}/`);
    expect(response.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });

  it('are left out when an untrusted client claims X-Forwarded-Proto: https', async () => {
    const response = await fetch(`${service.baseUrl}/`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });

  describe('behind a trusted proxy that terminated HTTPS (TRUST_PROXY_HOPS=1, X-Forwarded-Proto: https)', () => {
    let proxied: TestService;
    beforeAll(async () => {
      proxied = await startTestService({ TRUST_PROXY_HOPS: '1' }, { worker: false });
    });
    afterAll(() => proxied?.stop());

    it('are sent', async () => {
      const response = await fetch(`${proxied.baseUrl}/`, { headers: { 'x-forwarded-proto': 'https' } });
      expect(response.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
      expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
      const plain = await fetch(`${proxied.baseUrl}/`, { headers: { 'x-forwarded-proto': 'http' } });
      expect(plain.headers.get('strict-transport-security')).toBeNull();
    });
  });
});
