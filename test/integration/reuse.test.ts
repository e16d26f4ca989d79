import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { results } from '../../src/db/schema.js';
import { postJson, waitForResult, type Answer } from '../support/api-client.js';
import { respond, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { startTestService, type TestService } from '../support/service.js';

// A repeat of the same canonical URL within REUSE_WINDOW_SECONDS answers with the earlier result's key
// instead of fetching the page again, unless that result failed or the request asks for a fresh one.
const WINDOW = '300';
const PAGE = respond('<p>reuse reuse page</p>');

/** The 202 of a submission answered with an earlier result. */
function expectReused(answer: Answer, earlier: { key: string; url: string }, status: string) {
  expect(answer.status).toBe(202);
  expect(answer.body).toEqual({ key: earlier.key, url: earlier.url, status, results_url: `/results/${earlier.key}`, reused: true });
  expect(answer.headers.get('location')).toBe(`/results/${earlier.key}`);
}

/** The 202 of a submission that queued a new crawl. */
function expectNew(answer: Answer, ...notOneOf: string[]): string {
  expect(answer.status).toBe(202);
  expect(answer.body).toEqual({ key: expect.any(String), url: expect.any(String), status: 'queued', results_url: `/results/${answer.body.key}` });
  expect(notOneOf).not.toContain(answer.body.key);
  return answer.body.key;
}

describe(`with REUSE_WINDOW_SECONDS=${WINDOW} and a worker`, () => {
  let service: TestService;
  let site: FixtureServer;
  const submitJson = (body: unknown) => postJson(`${service.baseUrl}/start`, body);
  /** Submits, waits until the crawl has finished, and returns the key and the URL as recorded. */
  const crawl = async (url: string) => {
    const { body } = await submitJson({ url });
    await waitForResult(service.baseUrl, body.key);
    return { key: body.key as string, url: body.url as string };
  };

  beforeAll(async () => {
    site = await startFixtureServer({ '/same': PAGE, '/variants': PAGE, '/fresh': PAGE, '/path-one': PAGE, '/path-two': PAGE, '/expiring': PAGE });
    service = await startTestService({ REUSE_WINDOW_SECONDS: WINDOW });
  });
  afterAll(async () => {
    await service?.stop();
    await site?.close();
  });

  it('answers a repeat with the earlier key and its current status, without fetching again', async () => {
    const first = await submitJson({ url: `${site.origin}/same` });
    const key = expectNew(first);
    expect((await waitForResult(service.baseUrl, key)).status).toBe(200);

    expectReused(await submitJson({ url: `${site.origin}/same` }), { key, url: `${site.origin}/same` }, 'completed');
    expect(site.hits.get('/same')).toBe(1);
  });

  it('treats URLs that differ only in fragment, utm_* parameters, parameter order or scheme case as the same page', async () => {
    const earlier = await crawl(`${site.origin}/variants?b=2&a=1`);
    for (const variant of [
      `${site.origin}/variants?b=2&a=1#section`,
      `${site.origin}/variants?a=1&b=2`,
      `${site.origin}/variants?utm_source=x&b=2&UTM_Medium=y&a=1&utm_campaign=z`,
      `HTTP://${site.origin.slice('http://'.length)}/variants?a=1&b=2`,
      `  ${site.origin}/variants?b=2&a=1  `,
    ]) {
      expectReused(await submitJson({ url: variant }), earlier, 'completed');
    }
    expect(site.hits.get('/variants')).toBe(1);
  });

  it('fetches again when asked for a fresh result, by JSON "fresh": true or the form field fresh=true', async () => {
    const earlier = await crawl(`${site.origin}/fresh`);

    const forced = expectNew(await submitJson({ url: `${site.origin}/fresh`, fresh: true }), earlier.key);
    await waitForResult(service.baseUrl, forced);
    expect(site.hits.get('/fresh')).toBe(2);

    const form = await fetch(`${service.baseUrl}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ url: `${site.origin}/fresh`, fresh: 'true' }),
      redirect: 'manual',
    });
    expect(form.status).toBe(303);
    const formKey = /^\/r\/([0-9a-f-]{36})$/.exec(form.headers.get('location') ?? '')?.[1];
    expect([undefined, earlier.key, forced]).not.toContain(formKey);
    await waitForResult(service.baseUrl, formKey!);
    expect(site.hits.get('/fresh')).toBe(3);

    // A plain repeat now gets the newest result.
    expectReused(await submitJson({ url: `${site.origin}/fresh` }), { key: formKey!, url: earlier.url }, 'completed');
  });

  it('gives a different path (paths are case-sensitive) a new crawl', async () => {
    const earlier = await crawl(`${site.origin}/path-one`);
    const other = expectNew(await submitJson({ url: `${site.origin}/path-two` }), earlier.key);
    const cased = expectNew(await submitJson({ url: `${site.origin}/Path-one` }), earlier.key, other);
    await waitForResult(service.baseUrl, other);
    await waitForResult(service.baseUrl, cased);
    expect(site.hits.get('/path-one')).toBe(1);
  });

  it('does not reuse a failed result', async () => {
    // Unknown paths answer 404, which fails the crawl at once.
    const path = `/missing-${randomUUID()}`;
    const failed = expectNew(await submitJson({ url: `${site.origin}${path}` }));
    expect((await waitForResult(service.baseUrl, failed)).status).toBe(422);

    const again = expectNew(await submitJson({ url: `${site.origin}${path}` }), failed);
    expect((await waitForResult(service.baseUrl, again)).status).toBe(422);
    expect(site.hits.get(path)).toBe(2);
  });

  it('gives simultaneous identical submissions one key', async () => {
    const url = `${site.origin}/same?at=${randomUUID()}`;
    const answers = await Promise.all(Array.from({ length: 10 }, () => submitJson({ url })));
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(202));
    expect(new Set(answers.map((answer) => answer.body.key)).size).toBe(1);
    expect(await service.db.$count(results, eq(results.url, url))).toBe(1);
  });

  it('reuses a result only while it is younger than the window', async () => {
    const earlier = await crawl(`${site.origin}/expiring`);
    const age = (seconds: number) =>
      service.db.update(results).set({ createdAt: sql`now() - make_interval(secs => ${seconds})` }).where(eq(results.key, earlier.key));

    await age(Number(WINDOW) - 10);
    expectReused(await submitJson({ url: `${site.origin}/expiring` }), earlier, 'completed');
    await age(Number(WINDOW) + 1);
    const renewed = expectNew(await submitJson({ url: `${site.origin}/expiring` }), earlier.key);
    await waitForResult(service.baseUrl, renewed);
    expect(site.hits.get('/expiring')).toBe(2);
  });
});

describe(`with REUSE_WINDOW_SECONDS=${WINDOW} and no worker`, () => {
  // Host case and default ports need names and ports no fixture can serve, so these results stay
  // queued; a result still queued (or running) is reused just the same.
  let service: TestService;
  const submitJson = (url: string) => postJson(`${service.baseUrl}/start`, { url });
  beforeAll(async () => {
    service = await startTestService({ REUSE_WINDOW_SECONDS: WINDOW }, { worker: false });
  });
  afterAll(() => service?.stop());

  it('treats a host in any case, and the scheme\'s default port, as the same page', async () => {
    const id = randomUUID().slice(0, 8);
    const http = await submitJson(`http://reuse-${id}.example/page?x=1`);
    const earlier = { key: expectNew(http), url: `http://reuse-${id}.example/page?x=1` };
    for (const variant of [`http://REUSE-${id.toUpperCase()}.Example/page?x=1`, `http://reuse-${id}.example:80/page?x=1#top`, `HTTP://Reuse-${id}.EXAMPLE:80/page?x=1`]) {
      expectReused(await submitJson(variant), earlier, 'queued');
    }
    expectNew(await submitJson(`http://reuse-${id}.example:8080/page?x=1`), earlier.key);

    const https = await submitJson(`https://bücher-${id}.example/`);
    const idn = { key: expectNew(https, earlier.key), url: https.body.url };
    expect(idn.url).toMatch(/^https:\/\/xn--/);
    expectReused(await submitJson(`https://BÜCHER-${id.toUpperCase()}.example:443/`), idn, 'queued');
  });
});

describe('with REUSE_WINDOW_SECONDS=0', () => {
  let service: TestService;
  let site: FixtureServer;
  beforeAll(async () => {
    site = await startFixtureServer({ '/again': PAGE });
    service = await startTestService({ REUSE_WINDOW_SECONDS: '0' });
  });
  afterAll(async () => {
    await service?.stop();
    await site?.close();
  });

  it('crawls every submission anew', async () => {
    const keys: string[] = [];
    for (let i = 0; i < 3; i++) {
      const key = expectNew(await postJson(`${service.baseUrl}/start`, { url: `${site.origin}/again` }), ...keys);
      await waitForResult(service.baseUrl, key);
      keys.push(key);
    }
    expect(site.hits.get('/again')).toBe(3);
  });
});
