import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submit, waitForResult } from '../support/api-client.js';
import { respond, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { startTestService, type TestService } from '../support/service.js';

// The whole of 127.0.0.0/8 is loopback on Linux, so 127.0.0.2 can stand in for an allowed "public" host.
let privateSite: FixtureServer;
let allowedSite: FixtureServer;
let service: TestService;

beforeAll(async () => {
  privateSite = await startFixtureServer({ '/secret': respond('<p>secret metadata</p>') });
  allowedSite = await startFixtureServer(
    {
      '/page': respond('<p>allowed allowed page</p>'),
      '/to-private': (_req, res) => res.writeHead(302, { location: `${privateSite.origin}/secret` }).end(),
    },
    '127.0.0.2',
  );
  // The fixtures' random ports besides 80 (the metadata address's): this file is about addresses.
  const ports = ['80', ...[privateSite, allowedSite].map((site) => new URL(site.origin).port)].join(',');
  service = await startTestService({ FETCH_ALLOW_PRIVATE: 'false', FETCH_ALLOW_NETWORKS: '127.0.0.2/32', FETCH_ALLOWED_PORTS: ports });
});

afterAll(async () => {
  await service?.stop();
  await Promise.all([privateSite?.close(), allowedSite?.close()]);
});

describe('the default address policy', () => {
  it('refuses a loopback address without sending it a request', async () => {
    const key = await submit(service.baseUrl, `${privateSite.origin}/secret`);
    const result = await waitForResult(service.baseUrl, key);
    expect(result.status).toBe(422);
    expect(result.body).toEqual({
      status: 'failed',
      code: 'blocked_address',
      error: 'refused to fetch 127.0.0.1: it is a loopback address',
    });
    expect(privateSite.hits.get('/secret')).toBeUndefined();
  });

  it('refuses a name that resolves to loopback', async () => {
    const port = new URL(privateSite.origin).port;
    const key = await submit(service.baseUrl, `http://localhost:${port}/secret`);
    const result = await waitForResult(service.baseUrl, key);
    expect(result.body.code).toBe('blocked_address');
    // Not what it resolved to, nor that it is loopback: that would answer questions about internal names.
    expect(result.body.error).toBe('refused to fetch localhost: it is not a public address');
  });

  it('refuses the cloud metadata address', async () => {
    const key = await submit(service.baseUrl, 'http://169.254.169.254/latest/meta-data/');
    const result = await waitForResult(service.baseUrl, key);
    expect(result.body).toMatchObject({ code: 'blocked_address', error: expect.stringContaining('link-local') });
  });

  it('fetches from an allowed network but refuses its redirect to a private host', async () => {
    const allowedKey = await submit(service.baseUrl, `${allowedSite.origin}/page`);
    expect((await waitForResult(service.baseUrl, allowedKey)).body).toEqual([['allowed', 2], ['page', 1]]);

    const key = await submit(service.baseUrl, `${allowedSite.origin}/to-private`);
    const result = await waitForResult(service.baseUrl, key);
    expect(result.body).toMatchObject({ status: 'failed', code: 'blocked_address' });
    expect(privateSite.hits.get('/secret')).toBeUndefined();
  });
});
