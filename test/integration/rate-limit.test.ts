import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { results } from '../../src/db/schema.js';
import { startTestService, type TestService } from '../support/service.js';

// Submissions per client per minute, counted in Redis under the queue prefix. No worker runs here:
// the limit is decided at submission, and nothing needs fetching.
const LIMIT = '3';

interface Submission {
  url: string;
  status: number;
  retryAfter: string | null;
  body: any;
}

/** Submits a new URL as JSON to /start, or as the page's form to POST /; `client` is the X-Forwarded-For a proxy would add. */
async function submitFrom(service: TestService, options: { client?: string; form?: boolean } = {}): Promise<Submission> {
  const url = `https://example.com/rate/${randomUUID()}`;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.client) headers['x-forwarded-for'] = options.client;
  const response = options.form
    ? await fetch(`${service.baseUrl}/`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ url }),
        redirect: 'manual',
      })
    : await fetch(`${service.baseUrl}/start`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ url }),
      });
  const text = await response.text();
  return { url, status: response.status, retryAfter: response.headers.get('retry-after'), body: text.startsWith('{') ? JSON.parse(text) : text };
}

async function rowsFor(service: TestService, url: string) {
  return service.db.select({ key: results.key }).from(results).where(eq(results.url, url));
}

/** What a refused submission must look like: 429, rate_limited, and a Retry-After of at most the one-minute window. */
function expectLimited(answer: Submission) {
  expect(answer.status).toBe(429);
  expect(answer.body).toEqual({ error: expect.stringMatching(/^too many submissions; try again in \d+ s$/), code: 'rate_limited' });
  expect(answer.retryAfter).toMatch(/^\d+$/);
  expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
  expect(Number(answer.retryAfter)).toBeLessThanOrEqual(60);
}

// A documentation address per caller, so each test has a count of its own.
let lastClient = 0;
const uniqueClient = () => `198.51.100.${++lastClient}`;

describe('behind one trusted proxy (TRUST_PROXY_HOPS=1), with RATE_LIMIT_PER_MINUTE=3', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService({ RATE_LIMIT_PER_MINUTE: LIMIT, TRUST_PROXY_HOPS: '1' }, { worker: false });
  });
  afterAll(() => service?.stop());

  it('answers the 4th submission within a minute with 429 and Retry-After, and records nothing for it', async () => {
    const client = uniqueClient();
    for (let i = 0; i < 3; i++) {
      const accepted = await submitFrom(service, { client });
      expect(accepted.status).toBe(202);
      expect(await rowsFor(service, accepted.url)).toHaveLength(1);
    }
    const refused = await submitFrom(service, { client });
    expectLimited(refused);
    expect(await rowsFor(service, refused.url)).toEqual([]);
  });

  it('counts form posts to POST / against the same limit as /start', async () => {
    const client = uniqueClient();
    expect((await submitFrom(service, { client })).status).toBe(202);
    expect((await submitFrom(service, { client, form: true })).status).toBe(303);
    expect((await submitFrom(service, { client })).status).toBe(202);
    const refusedForm = await submitFrom(service, { client, form: true });
    expectLimited(refusedForm);
    expect(await rowsFor(service, refusedForm.url)).toEqual([]);
    expectLimited(await submitFrom(service, { client }));
  });

  it('keeps a separate count for each client address', async () => {
    const [first, second] = [uniqueClient(), uniqueClient()];
    for (let i = 0; i < 3; i++) expect((await submitFrom(service, { client: first })).status).toBe(202);
    expectLimited(await submitFrom(service, { client: first }));
    for (let i = 0; i < 3; i++) expect((await submitFrom(service, { client: second })).status).toBe(202);
    expectLimited(await submitFrom(service, { client: second }));
  });

  it('counts a whole IPv6 /64 as one client, and ::ffff:a.b.c.d as a.b.c.d', async () => {
    // Rotating through the 2^64 addresses of one's own /64 must not start fresh counts.
    const prefix = `2001:db8:${++lastClient}:64`;
    for (let i = 1; i <= 3; i++) expect((await submitFrom(service, { client: `${prefix}::${i}` })).status).toBe(202);
    expectLimited(await submitFrom(service, { client: `${prefix}:ffff:ffff:ffff:4` }));
    expect((await submitFrom(service, { client: `2001:db8:${lastClient}:65::1` })).status).toBe(202);

    const client = uniqueClient();
    for (let i = 0; i < 3; i++) expect((await submitFrom(service, { client: i % 2 ? `::ffff:${client}` : client })).status).toBe(202);
    expectLimited(await submitFrom(service, { client: `::ffff:${client}` }));
  });

  it('believes only the address the proxy added: a forged X-Forwarded-For does not start a new count', async () => {
    // The proxy appends the address it saw; whatever the client sent comes before it.
    const client = uniqueClient();
    const forged = (i: number) => `203.0.113.${i}, ${client}`;
    for (let i = 0; i < 3; i++) expect((await submitFrom(service, { client: forged(i) })).status).toBe(202);
    expectLimited(await submitFrom(service, { client: forged(3) }));
  });
});

describe('without a trusted proxy (TRUST_PROXY_HOPS=0)', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService({ RATE_LIMIT_PER_MINUTE: LIMIT }, { worker: false });
  });
  afterAll(() => service?.stop());

  it('ignores X-Forwarded-For and limits by the connecting address', async () => {
    for (let i = 0; i < 3; i++) expect((await submitFrom(service, { client: uniqueClient() })).status).toBe(202);
    expectLimited(await submitFrom(service, { client: uniqueClient() }));
  });
});

describe('two web processes sharing a Redis and a queue prefix, with RATE_LIMIT_PER_MINUTE=5', () => {
  let web: TestService[] = [];
  beforeAll(async () => {
    // testConfig gives each service a random prefix; the limit is shared only under the same one.
    const shared = { RATE_LIMIT_PER_MINUTE: '5', QUEUE_PREFIX: `wc-test-${randomUUID()}` };
    web = [await startTestService(shared, { worker: false })];
    web.push(await startTestService({ ...shared, DATABASE_URL: web[0]!.config.DATABASE_URL! }, { worker: false }));
  });
  // Each stop deletes the keys under the shared prefix; the second finds nothing left, which is fine.
  afterAll(async () => {
    await web[1]?.stop();
    await web[0]?.stop();
  });

  it('counts submissions to either process against one limit', async () => {
    for (let i = 0; i < 5; i++) expect((await submitFrom(web[i % 2]!)).status).toBe(202);
    expectLimited(await submitFrom(web[1]!));
    expectLimited(await submitFrom(web[0]!));
  });
});
