import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPageFetcher, type FetchOptions, type PageFetcher } from '../../src/fetch/fetch-page.js';
import { respond, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { freePort } from '../support/free-port.js';

// 127.0.0.0/8 plays an internal network the operator allowed with FETCH_ALLOW_NETWORKS: the fetcher may
// reach it, but must not become a port scanner for it.
let site: FixtureServer;
let other: FixtureServer;
let closedPort: number;
let strict: PageFetcher;
let open: PageFetcher;

const BASE: FetchOptions = { timeoutMs: 5_000, maxBytes: 1 << 20, maxRedirects: 5, allowPrivate: false, allowNetworks: ['127.0.0.0/8'] };

beforeAll(async () => {
  other = await startFixtureServer({ '/page': respond('<p>other port</p>') });
  site = await startFixtureServer({
    '/page': respond('<p>allowed port</p>'),
    '/to-other-port': (_req, res) => res.writeHead(302, { location: `${other.origin}/page` }).end(),
  });
  closedPort = await freePort();
  const sitePort = Number(new URL(site.origin).port);
  strict = createPageFetcher({ ...BASE, allowedPorts: [sitePort, closedPort] });
  open = createPageFetcher({ ...BASE, allowPrivate: true });
});

afterAll(async () => {
  await Promise.all([strict?.close(), open?.close()]);
  await Promise.all([site?.close(), other?.close()]);
});

describe('FETCH_ALLOWED_PORTS', () => {
  it('fetches from an allowed port', async () => {
    expect((await strict.fetchPage(`${site.origin}/page`)).bytes.toString()).toBe('<p>allowed port</p>');
  });

  it('refuses another port without connecting, naming the ports it fetches', async () => {
    const host = new URL(other.origin).host;
    await expect(strict.fetchPage(`${other.origin}/page`)).rejects.toMatchObject({
      code: 'blocked_address',
      retryable: false,
      message: `refused to fetch ${host}: only ports ${new URL(site.origin).port}, ${closedPort} are fetched`,
    });
    expect(other.hits.get('/page')).toBeUndefined();
  });

  it('refuses a redirect to another port likewise', async () => {
    await expect(strict.fetchPage(`${site.origin}/to-other-port`)).rejects.toMatchObject({ code: 'blocked_address' });
    expect(other.hits.get('/page')).toBeUndefined();
  });

  it('allows every port with FETCH_ALLOW_PRIVATE, as every address', async () => {
    expect((await open.fetchPage(`${other.origin}/page`)).bytes.toString()).toBe('<p>other port</p>');
  });
});

describe('connection failures on an internal address', () => {
  it('read the same whatever happened, by address or by name', async () => {
    await expect(strict.fetchPage(`http://127.0.0.1:${closedPort}/`)).rejects.toMatchObject({
      code: 'fetch_failed',
      message: `could not connect to 127.0.0.1:${closedPort}`,
    });
    await expect(strict.fetchPage(`http://localhost:${closedPort}/`)).rejects.toMatchObject({
      code: 'fetch_failed',
      message: `could not connect to localhost:${closedPort}`,
    });
  });

  it('are told apart under FETCH_ALLOW_PRIVATE (local development), where there is nothing to hide', async () => {
    await expect(open.fetchPage(`http://127.0.0.1:${closedPort}/`)).rejects.toMatchObject({
      code: 'fetch_failed',
      message: `127.0.0.1:${closedPort} refused the connection`,
    });
  });
});
