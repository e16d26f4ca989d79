import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.js';
import { connectPostgres } from '../../src/db/database.js';
import { results } from '../../src/db/schema.js';
import { connectRedisQueueStore } from '../../src/queue/queue-store.js';
import { startWorkerProcess } from '../../src/wiring/worker-process.js';
import { getJson, postJson, waitForResult } from '../support/api-client.js';
import { startCallbackReceiver, verifySignature, type CallbackReceiver } from '../support/callback-receiver.js';
import { respond, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { gatedPage } from '../support/gate.js';
import { startTestService, type TestService } from '../support/service.js';
import { waitFor } from '../support/wait-for.js';

const SECRET = 'test-webhook-secret-0123456789';
const PUBLIC_URL = 'https://words.example';
// Small enough that three attempts take a fraction of a second: 100 ms, then 200 ms.
const RETRY_DELAY_MS = 100;

const page = (body: string, links: string[] = []) =>
  respond(`<!doctype html><html><body><p>${body}</p>${links.map((href) => `<a href="${href}">${href}</a>`).join(' ')}</body></html>`);

// A crawl's start page that answers when the test says, so the crawl is surely running when it is cancelled.
const heldStart = gatedPage('<p>held start page</p><a href="/a">a</a>');
let service: TestService;
let site: FixtureServer;
let receiver: CallbackReceiver;

beforeAll(async () => {
  site = await startFixtureServer({
    '/harbor': page('the harbor and the harbor light and a ship'),
    '/': page('home harbor', ['/a', '/b']),
    '/a': page('alpha page words'),
    '/b': page('beta page words'),
    '/held': heldStart.handler,
  });
  receiver = await startCallbackReceiver({ '/flaky': [500, 500, 200], '/gone': [410], '/down': [503] });
  // Reuse on, as in production: a submission with a callback must still get a result of its own.
  service = await startTestService({ WEBHOOK_SECRET: SECRET, PUBLIC_URL, WEBHOOK_RETRY_DELAY_MS: String(RETRY_DELAY_MS), REUSE_WINDOW_SECONDS: '300' });
});

afterAll(async () => {
  await service?.stop();
  await receiver?.close();
  await site?.close();
});

async function submitWithCallback(body: Record<string, unknown>): Promise<string> {
  const answer = await postJson(`${service.baseUrl}/start`, body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(202);
  return answer.body.key as string;
}

const callbackOf = async (key: string) => (await getJson(`${service.baseUrl}/status/${key}`)).body.callback;

describe('callbacks', () => {
  it('POSTs a completed page its summary, signed over the raw body, and shows the delivery in /status', async () => {
    const key = await submitWithCallback({ url: `${site.origin}/harbor`, callback_url: `${receiver.origin}/done` });
    const [callback] = await receiver.waitFor('/done', 1);
    expect(verifySignature(SECRET, String(callback!.headers['wordcrawler-signature']), callback!.rawBody)).toBe(true);
    expect(callback!.headers['content-type']).toBe('application/json');
    expect(callback!.headers['wordcrawler-event']).toBe('result.completed');
    expect(callback!.headers['wordcrawler-delivery']).toMatch(/^[0-9a-f-]{36}$/);
    expect(callback!.body).toEqual({
      event: 'result.completed', key, kind: 'page', url: `${site.origin}/harbor`, final_url: `${site.origin}/harbor`, status: 'completed',
      total_words: 9, unique_words: 6, top: [['harbor', 2], ['light', 1], ['ship', 1]], error: null, code: null,
      results_url: `${PUBLIC_URL}/results/${key}`, status_url: `${PUBLIC_URL}/status/${key}`, crawl_key: null,
      finished_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const state = await waitFor(async () => ((await callbackOf(key)).state === 'delivered' ? callbackOf(key) : undefined));
    expect(state).toEqual({ url: `${receiver.origin}/done`, state: 'delivered', attempts: 1, last_error: null });
  });

  it('says result.failed, with the error and its code, when the page fails', async () => {
    const key = await submitWithCallback({ url: `${site.origin}/missing`, callback_url: `${receiver.origin}/failed` });
    const [callback] = await receiver.waitFor('/failed', 1);
    expect(callback!.headers['wordcrawler-event']).toBe('result.failed');
    expect(callback!.body).toMatchObject({ event: 'result.failed', key, status: 'failed', code: 'http_status', total_words: null, top: [] });
    expect(callback!.body.error).toContain('404');
  });

  it('retries a receiver that answers 500 with growing waits, under one delivery id, until it takes it', async () => {
    const key = await submitWithCallback({ url: `${site.origin}/harbor`, callback_url: `${receiver.origin}/flaky` });
    const tries = await receiver.waitFor('/flaky', 3);
    expect(new Set(tries.map((callback) => callback.headers['wordcrawler-delivery'])).size).toBe(1);
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(RETRY_DELAY_MS);
    expect(tries[2]!.at - tries[1]!.at).toBeGreaterThanOrEqual(2 * RETRY_DELAY_MS);
    const state = await waitFor(async () => ((await callbackOf(key)).state === 'delivered' ? callbackOf(key) : undefined));
    expect(state).toMatchObject({ state: 'delivered', attempts: 3 });
  });

  it('gives up at once on 410 Gone, and records why', async () => {
    const key = await submitWithCallback({ url: `${site.origin}/harbor`, callback_url: `${receiver.origin}/gone` });
    const state = await waitFor(async () => ((await callbackOf(key)).state === 'failed' ? callbackOf(key) : undefined));
    expect(state).toEqual({ url: `${receiver.origin}/gone`, state: 'failed', attempts: 1, last_error: 'the receiver answered 410 Gone' });
    // A later callback is the fence: a retry of the first, 100 ms after it, would have come before it.
    await submitWithCallback({ url: `${site.origin}/harbor`, callback_url: `${receiver.origin}/after-gone` });
    await receiver.waitFor('/after-gone', 1);
    expect(receiver.at('/gone')).toHaveLength(1);
  });

  it('counts the page again rather than answer with an earlier result, whose callback was someone else’s', async () => {
    const earlier = (await postJson(`${service.baseUrl}/start`, { url: `${site.origin}/a` })).body.key as string;
    expect((await waitForResult(service.baseUrl, earlier)).status).toBe(200);
    const answer = await postJson(`${service.baseUrl}/start`, { url: `${site.origin}/a`, callback_url: `${receiver.origin}/again` });
    expect(answer.body.reused).toBeUndefined();
    expect(answer.body.key).not.toBe(earlier);
    const [callback] = await receiver.waitFor('/again', 1);
    expect(callback!.body.key).toBe(answer.body.key);
  });

  it('calls back for each URL of a batch', async () => {
    const answer = await postJson(`${service.baseUrl}/start`, { urls: [`${site.origin}/harbor`, `${site.origin}/a`], callback_url: `${receiver.origin}/batch` });
    expect(answer.status).toBe(202);
    const callbacks = await receiver.waitFor('/batch', 2);
    expect(callbacks.map((callback) => callback.body.key).sort()).toEqual(answer.body.results.map((entry: { key: string }) => entry.key).sort());
  });

  it('calls back for each page of a crawl with callback_pages, and for the crawl', async () => {
    const key = await submitWithCallback({ url: `${site.origin}/`, crawl: { max_depth: 1, sitemap: false }, callback_url: `${receiver.origin}/crawl`, callback_pages: true });
    const callbacks = await receiver.waitFor('/crawl', 4, 30_000);
    const crawl = callbacks.filter((callback) => callback.body.key === key);
    const pages = callbacks.filter((callback) => callback.body.crawl_key === key);
    expect(crawl).toHaveLength(1);
    expect(crawl[0]!.body).toMatchObject({ event: 'result.completed', kind: 'crawl', status: 'completed', crawl_key: null });
    expect(pages.map((callback) => new URL(callback.body.url).pathname).sort()).toEqual(['/', '/a', '/b']);
    expect(pages.every((callback) => callback.body.kind === 'page' && verifySignature(SECRET, String(callback.headers['wordcrawler-signature']), callback.rawBody))).toBe(true);
  });

  it('calls back for a crawl alone without callback_pages, and not at all without callback_url', async () => {
    const crawl = await submitWithCallback({ url: `${site.origin}/`, crawl: { max_depth: 1, sitemap: false }, callback_url: `${receiver.origin}/crawl-only` });
    const plain = await submitWithCallback({ url: `${site.origin}/harbor`, fresh: true });
    expect((await waitForResult(service.baseUrl, plain)).status).toBe(200);
    expect((await waitForResult(service.baseUrl, crawl, '', 30_000)).status).toBe(200);
    const [only] = await receiver.waitFor('/crawl-only', 1);
    expect(only!.body.key).toBe(crawl);
    // Fenced by one more callback: had the pages or the plain page called back, they would have by now.
    await submitWithCallback({ url: `${site.origin}/harbor`, callback_url: `${receiver.origin}/fence` });
    await receiver.waitFor('/fence', 1);
    expect(receiver.at('/crawl-only')).toHaveLength(1);
    expect(receiver.received.filter((callback) => callback.body.key === plain)).toEqual([]);
    expect((await getJson(`${service.baseUrl}/status/${plain}`)).body.callback).toBeUndefined();
  });

  it('calls back for a cancelled crawl, which completes with what it has', async () => {
    const key = await submitWithCallback({ url: `${site.origin}/held`, crawl: { max_depth: 1, sitemap: false }, callback_url: `${receiver.origin}/cancelled` });
    await waitFor(() => site.hits.get('/held'));
    expect((await postJson(`${service.baseUrl}/results/${key}/cancel`, {})).status).toBe(202);
    heldStart.open();
    const [callback] = await receiver.waitFor('/cancelled', 1, 30_000);
    expect(callback!.body).toMatchObject({ event: 'result.completed', key, kind: 'crawl', status: 'completed' });
    expect((await getJson(`${service.baseUrl}/status/${key}`)).body.stopped).toBe('cancelled');
  });

  it('takes callback_url and callback_pages from a form too', async () => {
    const form = new URLSearchParams({ url: `${site.origin}/`, crawl: 'on', max_depth: '0', callback_url: `${receiver.origin}/form`, callback_pages: 'on' });
    const answer = await fetch(`${service.baseUrl}/start`, { method: 'POST', headers: { accept: 'application/json' }, body: form });
    const body = await answer.json();
    expect(answer.status, JSON.stringify(body)).toBe(202);
    const [row] = await service.db.select({ callbackUrl: results.callbackUrl, callbackPages: results.callbackPages }).from(results).where(eq(results.key, body.key));
    expect(row).toEqual({ callbackUrl: `${receiver.origin}/form`, callbackPages: true });
  });

  it('refuses a callback it could not make, naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ callback_url: 'ftp://example.com/x' }, 'invalid_callback_url', /callback_url must be an absolute http/],
      [{ callback_url: '/relative' }, 'invalid_callback_url', /callback_url must be an absolute http/],
      [{ callback_url: 'https://user:pw@example.com/x' }, 'invalid_callback_url', /user name or password/],
      [{ callback_url: 42 }, 'invalid_callback_url', /callback_url must be a string/],
      [{ callback_url: `${receiver.origin}/x`, callback_pages: true }, 'invalid_request', /callback_pages applies to the pages of a crawl/],
      [{ callback_pages: true, crawl: {} }, 'invalid_request', /callback_pages needs a callback_url/],
    ];
    for (const [fields, code, message] of cases) {
      const answer = await postJson(`${service.baseUrl}/start`, { url: `${site.origin}/harbor`, ...fields });
      expect([answer.status, answer.body.code], JSON.stringify(fields)).toEqual([400, code]);
      expect(answer.body.error).toMatch(message);
    }
  });
});

describe('callbacks and the address policy', () => {
  let strict: TestService;

  beforeAll(async () => {
    // Fetches as in production (no private addresses) but the receiver's port allowed, so the address is what refuses.
    strict = await startTestService({ WEBHOOK_SECRET: SECRET, FETCH_ALLOW_PRIVATE: 'false', FETCH_ALLOWED_PORTS: `80,443,${receiver.port}` });
  });

  afterAll(async () => {
    await strict?.stop();
  });

  it('refuses at submission a callback to a loopback or private address, by IP or by name', async () => {
    for (const callbackUrl of [`${receiver.origin}/x`, `http://localhost:${receiver.port}/x`, 'http://10.1.2.3/x', 'http://[::1]/x', 'http://169.254.169.254/latest']) {
      const answer = await postJson(`${strict.baseUrl}/start`, { url: `${site.origin}/harbor`, callback_url: callbackUrl });
      expect([answer.status, answer.body.code], callbackUrl).toEqual([400, 'invalid_callback_url']);
      expect(answer.body.error).toMatch(/^callback_url .* is not allowed: /);
    }
    expect(receiver.at('/x')).toEqual([]);
  });

  it('fails without a request a callback whose host resolves to a private address by the time it is delivered', async () => {
    // As if localhost had resolved to a public address at submission: the row is written as the submission would.
    const key = randomUUID();
    await strict.db.insert(results).values({ key, url: `${site.origin}/harbor`, callbackUrl: `http://localhost:${receiver.port}/rebound`, status: 'active' });
    await strict.db.update(results).set({ status: 'failed', error: 'test', errorCode: 'fetch_failed', finishedAt: new Date() }).where(eq(results.key, key));
    const state = await waitFor(async () => {
      const callback = (await getJson(`${strict.baseUrl}/status/${key}`)).body.callback;
      return callback.state === 'failed' ? callback : undefined;
    });
    expect(state).toEqual({ url: `http://localhost:${receiver.port}/rebound`, state: 'failed', attempts: 1, last_error: 'refused to fetch localhost: it is not a public address' });
    expect(receiver.at('/rebound')).toEqual([]);
  });
});

describe('callbacks of results that finished with no worker listening', () => {
  let idle: TestService;

  beforeAll(async () => {
    idle = await startTestService({ WEBHOOK_SECRET: SECRET }, { worker: false });
  });

  afterAll(async () => {
    await idle?.stop();
  });

  it('are sent by the next worker to start, from the pending mark the finish left in the row', async () => {
    // Finished and stored, but nothing queued: the worker that wrote it died, or Redis was down.
    const key = randomUUID();
    await idle.db.insert(results).values({ key, url: `${site.origin}/harbor`, callbackUrl: `${receiver.origin}/late`, status: 'active' });
    await idle.db.update(results).set({ status: 'completed', totalWords: 1, uniqueWords: 1, finishedAt: new Date() }).where(eq(results.key, key));
    expect((await getJson(`${idle.baseUrl}/status/${key}`)).body.callback).toMatchObject({ state: 'pending', attempts: 0 });
    const logger = createLogger(idle.config, 'test');
    const database = connectPostgres(idle.config.DATABASE_URL!);
    const store = connectRedisQueueStore({ url: idle.config.REDIS_URL, tlsVerify: true, prefix: idle.config.QUEUE_PREFIX, logger });
    const stopWorker = startWorkerProcess(idle.config, database, store, logger);
    try {
      const [callback] = await receiver.waitFor('/late', 1);
      expect(callback!.body).toMatchObject({ event: 'result.completed', key, status: 'completed', total_words: 1 });
    } finally {
      await stopWorker();
      await store.close();
      await database.close();
    }
  });
});

describe('callbacks while switched off', () => {
  let off: TestService;

  beforeAll(async () => {
    off = await startTestService({}, { worker: false });
  });

  afterAll(async () => {
    await off?.stop();
  });

  it('refuses callback_url until the operator sets WEBHOOK_SECRET', async () => {
    const answer = await postJson(`${off.baseUrl}/start`, { url: `${site.origin}/harbor`, callback_url: `${receiver.origin}/off` });
    expect([answer.status, answer.body.code]).toEqual([400, 'invalid_callback_url']);
    expect(answer.body.error).toMatch(/callbacks are off on this service until its operator sets WEBHOOK_SECRET/);
  });
});
