import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { results } from '../../src/db/schema.js';
import { startTestService, type TestService } from '../support/service.js';

// No worker: whether a post is accepted is decided before anything is fetched. One submission per
// client per minute, so a refused cross-site post that still counted would show as a 429 after it.
let service: TestService;
beforeAll(async () => {
  service = await startTestService({ RATE_LIMIT_PER_MINUTE: '1', TRUST_PROXY_HOPS: '1' }, { worker: false });
});
afterAll(() => service?.stop());

let lastClient = 0;

/** Posts the page's form as a browser would, from `client` (X-Forwarded-For), with the given headers. */
async function postForm(headers: Record<string, string>, client = `198.51.100.${++lastClient}`) {
  const url = `https://example.com/cross-site/${randomUUID()}`;
  const response = await fetch(`${service.baseUrl}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': client, cookie: 'recent=', ...headers },
    body: new URLSearchParams({ url }),
    redirect: 'manual',
  });
  const text = await response.text();
  const rows = await service.db.select({ key: results.key }).from(results).where(eq(results.url, url));
  return { status: response.status, text, cookie: response.headers.get('set-cookie'), rows, client };
}

const ownOrigin = () => service.baseUrl;

describe('POST / from another site', () => {
  it.each([
    ['Origin of another site', { origin: 'https://evil.example' }],
    ['Origin: null (a sandboxed frame)', { origin: 'null' }],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site (a sibling subdomain)', { 'sec-fetch-site': 'same-site' }],
    ['our Origin but Sec-Fetch-Site: cross-site', { origin: 'OWN', 'sec-fetch-site': 'cross-site' }],
  ])('is refused with 403 cross_site for %s: nothing recorded, no cookie, no rate limit used', async (_name, headers) => {
    const sent = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, value === 'OWN' ? ownOrigin() : value]));
    const refused = await postForm({ ...sent, accept: 'application/json' });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.text)).toEqual({ error: expect.stringContaining('own page'), code: 'cross_site' });
    expect(refused.rows).toEqual([]);
    expect(refused.cookie).toBeNull();
    // The visitor's one submission of the minute is still theirs.
    expect((await postForm({ origin: ownOrigin(), 'sec-fetch-site': 'same-origin' }, refused.client)).status).toBe(303);
  });

  it('shows the refusal as a page to a browser', async () => {
    const refused = await postForm({ origin: 'https://evil.example', accept: 'text/html' });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('own page');
  });
});

describe('POST / from our own page, or from no browser at all', () => {
  it.each([
    ['our Origin and Sec-Fetch-Site: same-origin', { 'sec-fetch-site': 'same-origin', origin: 'OWN' }],
    ['our Origin only (a browser without Sec-Fetch-Site)', { origin: 'OWN' }],
    ['neither header (curl, a script)', {}],
  ])('is accepted with %s', async (_name, headers) => {
    const sent = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, value === 'OWN' ? ownOrigin() : value]));
    const accepted = await postForm(sent);
    expect(accepted.status).toBe(303);
    expect(accepted.rows).toHaveLength(1);
  });
});

describe('the recent-results cookie', () => {
  it('is Secure when the request came over HTTPS (through the trusted proxy)', async () => {
    const accepted = await postForm({ 'x-forwarded-proto': 'https' });
    expect(accepted.status).toBe(303);
    expect(accepted.cookie).toMatch(/; Secure/);
    expect(accepted.cookie).toMatch(/; HttpOnly/);
  });

  it('is not Secure over plain HTTP, where a browser would drop it', async () => {
    const accepted = await postForm({});
    expect(accepted.cookie).not.toMatch(/Secure/);
  });
});
