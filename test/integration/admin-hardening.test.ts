import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/service.js';

// No worker: the dashboard reads the queue, and nothing needs crawling. One trusted proxy, so each
// test can be its own client through X-Forwarded-For.
const PASSWORD = 'correct-horse-battery-staple';
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

let service: TestService;
beforeAll(async () => {
  service = await startTestService({ ADMIN_PASSWORD: PASSWORD, TRUST_PROXY_HOPS: '1' }, { worker: false });
});
afterAll(() => service?.stop());

let lastClient = 0;
const uniqueClient = () => `198.51.100.${++lastClient}`;

function get(path: string, client: string, password?: string, init: RequestInit = {}) {
  const headers: Record<string, string> = { 'x-forwarded-for': client, accept: 'application/json', ...(init.headers as Record<string, string>) };
  if (password !== undefined) headers.authorization = basic('admin', password);
  return fetch(`${service.baseUrl}${path}`, { ...init, headers });
}

describe('basic auth on the operator pages', () => {
  it('answers 429 with Retry-After after 5 wrong passwords a minute, even to the right one, for that client only', async () => {
    const client = uniqueClient();
    for (let i = 0; i < 5; i++) expect((await get('/admin/queues', client, `wrong-password-${i}`)).status).toBe(401);
    const refused = await get('/admin/queues', client, 'wrong-password-5');
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual({ error: expect.stringMatching(/^too many failed sign-ins; try again in \d+ s$/), code: 'rate_limited' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    // A guess that happens to be right is not confirmed while the client is throttled.
    expect((await get('/admin/queues', client, PASSWORD)).status).toBe(429);
    expect((await get('/metrics', client, PASSWORD)).status).toBe(429);
    expect((await get('/admin/queues', uniqueClient(), PASSWORD)).status).toBe(200);
  });

  it('does not count visits without credentials (a browser asks for them after the first 401)', async () => {
    const client = uniqueClient();
    for (let i = 0; i < 8; i++) expect((await get('/admin/queues', client)).status).toBe(401);
    expect((await get('/admin/queues', client, PASSWORD)).status).toBe(200);
  });

  it('cannot be sped up by rotating addresses within one IPv6 /64', async () => {
    for (let i = 1; i <= 5; i++) expect((await get('/admin/queues', `2001:db8:a:b::${i}`, 'wrong-password')).status).toBe(401);
    expect((await get('/admin/queues', '2001:db8:a:b::99', 'wrong-password')).status).toBe(429);
  });
});

describe('the queue dashboard', () => {
  const developmentWas = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = developmentWas;
  });

  it('does not send X-Powered-By, on its page, its API or its static files', async () => {
    const client = uniqueClient();
    for (const path of ['/admin/queues', '/admin/queues/api/queues', '/admin/queues/static/favicon-32x32.png']) {
      const response = await get(path, client, PASSWORD);
      expect(response.status, path).toBeLessThan(500);
      expect(response.headers.get('x-powered-by'), path).toBeNull();
    }
  });

  it('answers a broken request without a stack trace or file path, even with NODE_ENV=development', async () => {
    // bull-board reads NODE_ENV itself, at each error; development is this project's default.
    process.env.NODE_ENV = 'development';
    const response = await get('/admin/queues/api/queues/crawl/clean/failed', uniqueClient(), PASSWORD, {
      method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"not json',
    });
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(text).not.toMatch(/node_modules|\/work\/|at \S+ \(|SyntaxError|Unexpected|Expected/);
    expect(JSON.parse(text)).toMatchObject({ message: expect.any(String) });
  });
});
