import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inArray } from 'drizzle-orm';
import { results } from '../../src/db/schema.js';
import { getJson, postJson, waitForResult } from '../support/api-client.js';
import { respond, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { startTestService, type TestService } from '../support/service.js';

// POST /start with urls: [...] submits up to 100 pages in one request, each validated on its own.
describe('batch submission', () => {
  let service: TestService;
  let site: FixtureServer;

  beforeAll(async () => {
    site = await startFixtureServer(Object.fromEntries(
      Array.from({ length: 100 }, (_, i) => [`/p${i}`, respond(`<p>page${i} harbor harbor tide</p>`)]),
    ));
    service = await startTestService();
  });

  afterAll(async () => {
    await service?.stop();
    await site?.close();
  });

  it('answers one entry per URL in order, counts each accepted page, and says why the others were refused', async () => {
    const urls = [`${site.origin}/p0`, 'ftp://example.com/file', `${site.origin}/p1`, 42, '   '];
    const answer = await postJson(`${service.baseUrl}/start`, { urls, content: 'main' });
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ accepted: 2, refused: 3 });
    const [first, ftp, second, number, blank] = answer.body.results;
    expect(first).toMatchObject({ url: `${site.origin}/p0`, status: 'queued', results_url: `/results/${first.key}` });
    expect(second.url).toBe(`${site.origin}/p1`);
    expect(ftp).toMatchObject({ url: 'ftp://example.com/file', code: 'invalid_url', error: expect.stringContaining('only http and https') });
    expect(number).toEqual({ code: 'invalid_url', error: 'url must be a string' });
    expect(blank.code).toBe('invalid_url');
    for (const [entry, page] of [[first, 'page0'], [second, 'page1']] as const) {
      const result = await waitForResult(service.baseUrl, entry.key);
      expect(result.status).toBe(200);
      expect(result.body.map(([word]: [string]) => word)).toEqual(['harbor', page, 'tide']);
      expect((await getJson(`${service.baseUrl}/status/${entry.key}`)).body.content).toBe('main');
    }
  });

  it('takes 100 URLs and records them all', async () => {
    const urls = Array.from({ length: 100 }, (_, i) => `${site.origin}/p${i}`);
    const answer = await postJson(`${service.baseUrl}/start`, { urls });
    expect(answer.status).toBe(202);
    expect(answer.body.accepted).toBe(100);
    const keys: string[] = answer.body.results.map((entry: { key: string }) => entry.key);
    expect(new Set(keys).size).toBe(100);
    const rows = await service.db.select({ key: results.key, url: results.url }).from(results).where(inArray(results.key, keys));
    expect(new Map(rows.map((row) => [row.key, row.url]))).toEqual(new Map(keys.map((key, i) => [key, urls[i]])));
    const last = await waitForResult(service.baseUrl, keys[99]!, '', 30_000);
    expect(last.body[1]).toEqual(['page99', 1]);
  });

  it('refuses a batch it cannot take, naming the problem', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ urls: [] }, /urls must be a list of 1 to 100/],
      [{ urls: Array.from({ length: 101 }, (_, i) => `https://example.com/${i}`) }, /urls must be a list of 1 to 100/],
      [{ urls: 'https://example.com/' }, /urls must be a list/],
      [{ urls: ['https://example.com/'], url: 'https://example.com/' }, /either url .* or urls/],
      [{ urls: ['https://example.com/'], crawl: { max_pages: 5 } }, /a crawl starts from one page/],
      [{ urls: ['https://example.com/'], content: 'all' }, /content must be/],
    ];
    for (const [body, error] of cases) {
      const answer = await postJson(`${service.baseUrl}/start`, body);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ code: 'invalid_request', error: expect.stringMatching(error) });
    }
  });

  it('answers 400 naming each URL when none of them is accepted', async () => {
    const answer = await postJson(`${service.baseUrl}/start`, { urls: ['mailto:a@example.com', ''] });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('invalid_url');
    expect(answer.body.error).toMatch(/none of the 2 URLs was accepted: urls\[0\]: only http and https .*; urls\[1\]: url is required/);
  });
});

describe('batch submission under the per-client rules', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService({ RATE_LIMIT_PER_MINUTE: '5', CLIENT_MAX_IN_FLIGHT: '3', REUSE_WINDOW_SECONDS: '600' }, { worker: false });
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('reuses a recent result, stops at the in-flight limit, and counts every URL against the rate limit', async () => {
    const earlier = await postJson(`${service.baseUrl}/start`, { url: 'https://example.com/batch/a' });
    const answer = await postJson(`${service.baseUrl}/start`, {
      urls: ['https://example.com/batch/a', 'https://example.com/batch/b', 'https://example.com/batch/c', 'https://example.com/batch/d'],
    });
    expect(answer.status).toBe(202);
    const [a, b, c, d] = answer.body.results;
    expect(a).toMatchObject({ key: earlier.body.key, reused: true });
    expect([b.status, c.status]).toEqual(['queued', 'queued']);
    expect(d).toMatchObject({ code: 'too_many_in_flight', url: 'https://example.com/batch/d' });
    // 1 + 4 of 5 submissions a minute used: a batch of 2 more is over the limit, 1 is not.
    const over = await postJson(`${service.baseUrl}/start`, { urls: ['https://example.com/x', 'https://example.com/y'] });
    expect(over.status).toBe(429);
    expect(over.body.code).toBe('rate_limited');
  });
});
