import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, submit, waitForResult } from '../support/api-client.js';
import { respond, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { startTestService, type TestService } from '../support/service.js';

// Every URL below points at a fixture listening on 127.0.0.1, spelled so that a check on the raw
// string would miss it. The service must canonicalise, then refuse, without sending a request.
let site: FixtureServer;
let service: TestService;
let port: string;

beforeAll(async () => {
  site = await startFixtureServer({ '/secret': respond('<p>secret metadata</p>') });
  port = new URL(site.origin).port;
  // The fixture's random port stands in for 80 and 443: these tests are about addresses.
  service = await startTestService({ FETCH_ALLOW_PRIVATE: 'false', FETCH_ALLOWED_PORTS: port });
});

afterAll(async () => {
  await service?.stop();
  await site?.close();
});

async function crawl(url: string) {
  const key = await submit(service.baseUrl, url);
  const result = await waitForResult(service.baseUrl, key);
  const status = await getJson(`${service.baseUrl}/status/${key}`);
  return { result, status: status.body };
}

describe('numeric spellings of a loopback address', () => {
  it.each(['2130706433', '0x7f.1', '017700000001', '127.1', '0177.0.0.1', '0x7f000001'])(
    'http://%s/ is recorded as 127.0.0.1 and refused',
    async (host) => {
      const { result, status } = await crawl(`http://${host}:${port}/secret`);
      expect(status.url).toBe(`http://127.0.0.1:${port}/secret`);
      expect(result).toMatchObject({
        status: 422,
        body: { status: 'failed', code: 'blocked_address', error: 'refused to fetch 127.0.0.1: it is a loopback address' },
      });
      expect(site.hits.get('/secret')).toBeUndefined();
    },
  );

  it('refuses http://0/, which is 0.0.0.0 and reaches this machine', async () => {
    const { result } = await crawl(`http://0:${port}/secret`);
    expect(result.body).toMatchObject({ code: 'blocked_address', error: 'refused to fetch 0.0.0.0: it is an unspecified address' });
    expect(site.hits.get('/secret')).toBeUndefined();
  });
});

describe('IPv6 spellings of an IPv4 address', () => {
  it.each([
    ['[::ffff:127.0.0.1]', '::ffff:7f00:1', 'a loopback address'],
    ['[::127.0.0.1]', '::7f00:1', 'a loopback address'],
    ['[64:ff9b::127.0.0.1]', '64:ff9b::7f00:1', 'a loopback address'],
    ['[64:ff9b::a9fe:a9fe]', '64:ff9b::a9fe:a9fe', 'a link-local address (this includes cloud metadata endpoints)'],
  ])('refuses %s as %s, naming the class of the IPv4 address inside', async (host, shown, reason) => {
    const { result } = await crawl(`http://${host}:${port}/secret`);
    expect(result.body).toEqual({ status: 'failed', code: 'blocked_address', error: `refused to fetch ${shown}: it is ${reason}` });
  });
});
