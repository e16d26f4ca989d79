import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, postJson, submit, waitForResult } from '../support/api-client.js';
import { respond, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { waitForFinishedJob } from '../support/queue-state.js';
import { startTestService, type TestService } from '../support/service.js';

const ARTICLE = readFileSync(new URL('../fixtures/article.html', import.meta.url));

const EXPECTED_TOP_TEN = [
  ['worker', 6],
  ['Python', 5],
  ['crawler', 4],
  ['queue', 4],
  ['café', 3],
  ['web-dev', 3],
  // "Don't" (2) is an English stop word, so the tenth place goes to the first word seen once.
  ['naïve', 2],
  ['Zebra', 2],
  ['Москва', 2],
  ['stop-words', 1],
];

let site: FixtureServer;
let service: TestService;
let flakyAnswers = 0;

beforeAll(async () => {
  site = await startFixtureServer({
    '/article.html': respond(ARTICLE),
    '/moved': (_req, res) => res.writeHead(301, { location: '/article.html' }).end(),
    '/loop': (_req, res) => res.writeHead(302, { location: '/loop' }).end(),
    '/image.png': respond(Buffer.from([0x89, 0x50, 0x4e, 0x47]), { 'content-type': 'image/png' }),
    '/huge-declared': respond('x'.repeat(2 * 1024 * 1024), { 'content-type': 'text/html' }),
    '/huge-streamed': (_req, res) => {
      // No Content-Length: the cap has to hold while the body streams in.
      res.writeHead(200, { 'content-type': 'text/html', 'transfer-encoding': 'chunked' });
      const chunk = 'word '.repeat(64 * 1024);
      for (let i = 0; i < 8; i++) res.write(chunk);
      res.end();
    },
    '/flaky': (_req, res) => {
      flakyAnswers += 1;
      if (flakyAnswers <= 2) return res.writeHead(503, { 'content-type': 'text/plain' }).end('busy');
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('finally finally here');
    },
    '/plain.txt': respond('Plain <b>text</b> text', { 'content-type': 'text/plain; charset=utf-8' }),
    '/empty.html': respond('', { 'content-type': 'text/html' }),
  });
  service = await startTestService({ FETCH_MAX_BYTES: String(1024 * 1024), FETCH_MAX_REDIRECTS: '3' });
});

afterAll(async () => {
  await service?.stop();
  await site?.close();
});

describe('a page that can be counted', () => {
  it('answers 202 with a Location, then the top ten without stop words', async () => {
    const submitted = await postJson(`${service.baseUrl}/start`, { url: `  ${site.origin}/article.html  ` });
    expect(submitted.status).toBe(202);
    const { key } = submitted.body;
    expect(submitted.body).toEqual({ key, url: `${site.origin}/article.html`, status: 'queued', results_url: `/results/${key}` });
    expect(submitted.headers.get('location')).toBe(`/results/${key}`);

    const result = await waitForResult(service.baseUrl, key);
    expect(result.status).toBe(200);
    expect(result.body).toEqual(EXPECTED_TOP_TEN);
  });

  it('serves all words and other lengths on request, and the full record at /status', async () => {
    const key = await submit(service.baseUrl, `${site.origin}/article.html`);
    await waitForResult(service.baseUrl, key);

    const withStopWords = await getJson(`${service.baseUrl}/results/${key}?stopwords=include&limit=7`);
    expect(withStopWords.body).toEqual([
      ['worker', 6], ['Python', 5], ['crawler', 4], ['queue', 4], ['café', 3], ['the', 3], ['web-dev', 3],
    ]);
    const one = await getJson(`${service.baseUrl}/results/${key}?limit=1`);
    expect(one.body).toEqual([['worker', 6]]);

    const status = await getJson(`${service.baseUrl}/status/${key}`);
    expect(status.body).toMatchObject({
      key,
      url: `${site.origin}/article.html`,
      final_url: `${site.origin}/article.html`,
      status: 'completed',
      progress: 100,
      error: null,
      total_words: 39,
      unique_words: 13,
    });
    const { created_at, started_at, finished_at } = status.body;
    expect(Date.parse(created_at)).toBeLessThanOrEqual(Date.parse(started_at));
    expect(Date.parse(started_at)).toBeLessThanOrEqual(Date.parse(finished_at));
  });

  it('follows redirects and records the final URL', async () => {
    const key = await submit(service.baseUrl, `${site.origin}/moved`);
    expect((await waitForResult(service.baseUrl, key)).body).toEqual(EXPECTED_TOP_TEN);
    const status = await getJson(`${service.baseUrl}/status/${key}`);
    expect(status.body.url).toBe(`${site.origin}/moved`);
    expect(status.body.final_url).toBe(`${site.origin}/article.html`);
  });

  it('accepts a form post, counts text/plain pages and empty pages', async () => {
    const form = await fetch(`${service.baseUrl}/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ url: `${site.origin}/plain.txt` }),
    });
    expect(form.status).toBe(202);
    const { key } = (await form.json()) as { key: string };
    // "b" is a stop word, and the tags of a text/plain page are just text.
    expect((await waitForResult(service.baseUrl, key, '?stopwords=include')).body).toEqual([['b', 2], ['text', 2], ['Plain', 1]]);

    const emptyKey = await submit(service.baseUrl, `${site.origin}/empty.html`);
    expect(await waitForResult(service.baseUrl, emptyKey)).toMatchObject({ status: 200, body: [] });
  });

  it('retries a page that answers 503 until it succeeds', async () => {
    const key = await submit(service.baseUrl, `${site.origin}/flaky`);
    const result = await waitForResult(service.baseUrl, key);
    expect(result.body).toEqual([['finally', 2]]);
    expect(site.hits.get('/flaky')).toBe(3);
  });
});

describe('a page that cannot be counted', () => {
  const cases: Array<[string, string, string]> = [
    ['/missing', 'http_status', 'the server answered 404 Not Found'],
    ['/image.png', 'not_html', 'unsupported content type image/png'],
    ['/huge-declared', 'too_large', 'page is larger than 1 MB'],
    ['/huge-streamed', 'too_large', 'page is larger than 1 MB'],
    ['/loop', 'too_many_redirects', 'gave up after 3 redirects (the server redirected again, to "/loop")'],
  ];

  it.each(cases)('%s fails with %s and a readable reason', async (path, code, error) => {
    const key = await submit(service.baseUrl, `${site.origin}${path}`);
    const result = await waitForResult(service.baseUrl, key);
    expect(result.status).toBe(422);
    expect(result.body).toEqual({ status: 'failed', error, code });
    const status = await getJson(`${service.baseUrl}/status/${key}`);
    expect(status.body).toMatchObject({ status: 'failed', error, code, total_words: null });
  });

  it('fails at once, without retrying, when the page answers 404', async () => {
    const key = await submit(service.baseUrl, `${site.origin}/missing-once`);
    expect((await waitForResult(service.baseUrl, key)).body).toMatchObject({ status: 'failed', code: 'http_status' });
    // The row shows failed before BullMQ has decided on a retry; only a finished job rules one out.
    expect(await waitForFinishedJob(service.config, key)).toEqual({ state: 'failed', attemptsMade: 1, attemptsStarted: 1 });
    expect(site.hits.get('/missing-once')).toBe(1);
  });

  it('fails with dns_not_found for a host that does not exist', async () => {
    const key = await submit(service.baseUrl, 'http://no-such-host.invalid/');
    const result = await waitForResult(service.baseUrl, key);
    expect(result.body).toEqual({ status: 'failed', error: 'could not find the server no-such-host.invalid', code: 'dns_not_found' });
  });
});

describe('bad requests', () => {
  it('rejects malformed JSON with 400 invalid_request: no URL was read at all', async () => {
    const answer = await postJson(`${service.baseUrl}/start`, '{"url": ');
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ code: 'invalid_request', error: 'the request body is not valid JSON' });
  });

  it.each([
    ['a missing url', {}, 'url is required'],
    ['a url that is not a string', { url: 42 }, 'url must be a string'],
    ['a body that is not an object', [1, 2], 'url is required'],
    ['an ftp URL', { url: 'ftp://example.com/file' }, 'only http and https URLs can be crawled, not ftp'],
    ['a javascript: URL', { url: 'javascript:alert(1)' }, 'only http and https URLs can be crawled, not javascript'],
    ['a URL over 2048 characters', { url: `http://example.com/${'a'.repeat(2050)}` }, 'url is longer than 2048 characters'],
  ])('rejects %s with 400 invalid_url', async (_name, body, message) => {
    const answer = await postJson(`${service.baseUrl}/start`, body);
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('invalid_url');
    expect(answer.body.error).toContain(message);
  });

  it('answers 404 not_found for unknown and malformed keys', async () => {
    for (const key of ['00000000-0000-4000-8000-000000000000', 'not-a-key', '1']) {
      for (const path of ['results', 'status']) {
        const answer = await getJson(`${service.baseUrl}/${path}/${key}`);
        expect(answer.status).toBe(404);
        expect(answer.body).toMatchObject({ code: 'not_found' });
      }
    }
  });

  it('rejects a bad limit or stopwords choice with 400', async () => {
    const key = await submit(service.baseUrl, `${site.origin}/article.html`);
    for (const query of ['?limit=0', '?limit=101', '?limit=ten', '?stopwords=maybe']) {
      const answer = await getJson(`${service.baseUrl}/results/${key}${query}`);
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('invalid_request');
    }
  });
});
