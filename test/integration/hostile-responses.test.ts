import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, submit, waitForResult } from '../support/api-client.js';
import { respond, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { startTestService, type TestService } from '../support/service.js';

// Issue 11, "Safe to expose, round two": responses a hostile server can send, each performed for real.
const LAYERS = 1500;
let layered = Buffer.from('<p>layered words</p>'.repeat(100));
for (let i = 0; i < LAYERS; i++) layered = zlib.gzipSync(layered); // 37 KB on the wire

let site: FixtureServer;
let service: TestService;

beforeAll(async () => {
  site = await startFixtureServer({
    '/layers': respond(layered, { 'content-type': 'text/html', 'content-encoding': Array(LAYERS).fill('gzip').join(', ') }),
    '/page': respond('<p>ordinary ordinary page</p>'),
    '/to-long': (_req, res) => res.writeHead(302, { location: `/${'x'.repeat(5000)}` }).end(),
    '/to-invalid': (_req, res) => res.writeHead(302, { location: `http://[\t<b>our own text</b>  ${'y'.repeat(200)}` }).end(),
    '/to-credentials': (req, res) => res.writeHead(302, { location: `http://user:pw@${req.headers.host}/page` }).end(),
    '/bad-type': respond('<p>x</p>', { 'content-type': `text/\u00ad${'t'.repeat(300)}` }),
  });
  // The production deadline, so that only refusing the header can make the layered pages fail fast.
  service = await startTestService({ FETCH_TIMEOUT_MS: '30000' });
});

afterAll(async () => {
  await service?.stop();
  await site?.close();
});

const crawl = async (path: string) => (await waitForResult(service.baseUrl, await submit(service.baseUrl, `${site.origin}${path}`))).body;

describe('a chain of content codings', () => {
  it(`fails ${LAYERS} gzip layers at once as fetch_failed, and the worker goes on serving`, async () => {
    const started = Date.now();
    // Several at once: decoded, each took 18 s of the worker's main thread and a few filled its heap.
    const keys = await Promise.all(Array.from({ length: 4 }, () => submit(service.baseUrl, `${site.origin}/layers`)));
    const results = await Promise.all(keys.map((key) => waitForResult(service.baseUrl, key, '', 15_000)));
    for (const { body } of results) {
      expect(body).toMatchObject({
        status: 'failed',
        code: 'fetch_failed',
        error: expect.stringMatching(/^the server sent the page compressed 1500 times over \("gzip, gzip, .*…"\); at most 2 content codings are accepted$/),
      });
    }
    // Well within the 30 s fetch deadline (a loaded machine needs seconds just to start the jobs):
    // refused on the header, not timed out while decoding.
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(await crawl('/page')).toEqual([['ordinary', 2], ['page', 1]]);
  }, 30_000);
});

describe('server text in messages', () => {
  it('quotes a long Location short, as the server\'s', async () => {
    // With no redirects allowed, the first Location is quoted in the too_many_redirects message.
    const service2 = await startTestService({ FETCH_MAX_REDIRECTS: '0' });
    try {
      const key = await submit(service2.baseUrl, `${site.origin}/to-long`);
      const { body } = await waitForResult(service2.baseUrl, key);
      expect(body).toEqual({
        status: 'failed',
        code: 'too_many_redirects',
        error: `gave up after 0 redirects (the server redirected again, to "/${'x'.repeat(79)}…")`,
      });
    } finally {
      await service2.stop();
    }
  }, 20_000);

  it('quotes an invalid Location printable and short', async () => {
    const { error } = await crawl('/to-invalid');
    expect(error).toBe(`the server redirected to "http://[ <b>our own text</b> ${'y'.repeat(51)}…", which is not a valid URL`);
    expect(error.length).toBeLessThan(140);
  });

  it('quotes an invalid Content-Type likewise', async () => {
    expect(await crawl('/bad-type')).toEqual({
      status: 'failed',
      code: 'not_html',
      error: `the server sent an invalid content type "text/?${'t'.repeat(74)}…"`,
    });
  });
});

describe('a redirect to a URL with credentials', () => {
  it('is refused like such a submission, without showing the password', async () => {
    const key = await submit(service.baseUrl, `${site.origin}/to-credentials`);
    const { body } = await waitForResult(service.baseUrl, key);
    expect(body).toEqual({
      status: 'failed',
      code: 'fetch_failed',
      error: 'the server redirected to a URL with a user name or password, which is not followed',
    });
    const status = await getJson(`${service.baseUrl}/status/${key}`);
    expect(JSON.stringify(status.body)).not.toContain('pw');
    expect(site.hits.get('/page') ?? 0).toBeLessThanOrEqual(1); // only the earlier test's visit
  });
});
