import { eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { results } from '../../src/db/schema.js';
import { getJson, postJson, waitForResult } from '../support/api-client.js';
import { respond, startFixtureServer, type FixtureHandler, type FixtureServer } from '../support/fixture-server.js';
import { gatedPage } from '../support/gate.js';
import { startTestService, type TestService } from '../support/service.js';
import { waitFor } from '../support/wait-for.js';

const started: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const stop of started.splice(0).reverse()) await stop();
});

/** An index linking /p1../p5, /p1 held until its gate opens; page i says "pageN" once. */
async function heldSite() {
  const held = gatedPage('<p>page1</p>');
  const routes: Record<string, FixtureHandler> = {
    '/robots.txt': respond('User-agent: *\nAllow: /\n', { 'content-type': 'text/plain' }),
    '/': respond(`<p>index</p>${[1, 2, 3, 4, 5].map((i) => `<a href="/p${i}"></a>`).join('')}`),
    '/p1': held.handler,
  };
  for (const i of [2, 3, 4, 5]) routes[`/p${i}`] = respond(`<p>page${i}</p>`);
  const site: FixtureServer = await startFixtureServer(routes);
  started.push(() => site.close());
  return { site, held };
}

async function service(overrides: Record<string, string>) {
  const running: TestService = await startTestService(overrides);
  started.push(() => running.stop());
  return running;
}

async function crawl(baseUrl: string, url: string, options: Record<string, unknown> = { sitemap: false }) {
  return postJson(`${baseUrl}/start`, { url, crawl: options });
}

describe('cancelling a crawl', () => {
  it('lets the page in flight finish, skips the rest as cancelled, and completes with what it has', async () => {
    const { site, held } = await heldSite();
    // One job at a time: while /p1 is held the other pages wait in the queue.
    const { baseUrl } = await service({ WORKER_CONCURRENCY: '1' });
    const { body } = await crawl(baseUrl, `${site.origin}/`);
    await waitFor(() => (site.hits.get('/p1') === 1 ? true : undefined), 10_000, '/p1 being fetched');
    const cancel = await postJson(`${baseUrl}/results/${body.key}/cancel`, {});
    expect(cancel.status).toBe(202);
    held.open();
    const result = await waitForResult(baseUrl, body.key, '?limit=100', 20_000);
    expect(Object.fromEntries(result.body)).toEqual({ index: 1, page1: 1 });
    const status = await getJson(`${baseUrl}/status/${body.key}`);
    expect(status.body).toMatchObject({ status: 'completed', stopped: 'cancelled', pages: { completed: 2, skipped: 4, queued: 0, active: 0 } });
    const pages = await getJson(`${baseUrl}/results/${body.key}/pages`);
    expect(pages.body.pages.filter((page: { code: string }) => page.code === 'cancelled')).toHaveLength(4);
    for (const i of [2, 3, 4, 5]) expect(site.hits.get(`/p${i}`)).toBeUndefined();
    const again = await postJson(`${baseUrl}/results/${body.key}/cancel`, {});
    expect(again).toMatchObject({ status: 400, body: { code: 'invalid_request' } });
  });

  it('is refused to another site\'s page, which could otherwise stop a visitor\'s crawl', async () => {
    const { site, held } = await heldSite();
    const { baseUrl } = await service({});
    const { body } = await crawl(baseUrl, `${site.origin}/`);
    const forged = await fetch(`${baseUrl}/results/${body.key}/cancel`, { method: 'POST', headers: { origin: 'https://elsewhere.example', 'sec-fetch-site': 'cross-site' } });
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ code: 'cross_site' });
    held.open();
    const status = await waitForResult(baseUrl, body.key, '', 20_000).then(() => getJson(`${baseUrl}/status/${body.key}`));
    expect(status.body.stopped).toBe('done');
  });

  it('is refused for a single page, and unknown for an unknown key', async () => {
    const { site, held } = await heldSite();
    held.open();
    const { baseUrl } = await service({});
    const single = await postJson(`${baseUrl}/start`, { url: `${site.origin}/p2` });
    expect((await postJson(`${baseUrl}/results/${single.body.key}/cancel`, {})).status).toBe(404);
    expect((await postJson(`${baseUrl}/results/00000000-0000-4000-8000-000000000000/cancel`, {})).status).toBe(404);
  });
});

describe('a crawl past CRAWL_MAX_SECONDS', () => {
  it('stops queueing and completes with stopped "deadline"', async () => {
    const { site, held } = await heldSite();
    const running = await service({ WORKER_CONCURRENCY: '1', CRAWL_MAX_SECONDS: '60' });
    const { body } = await crawl(running.baseUrl, `${site.origin}/`);
    await waitFor(() => (site.hits.get('/p1') === 1 ? true : undefined), 10_000, '/p1 being fetched');
    // The crawl started a minute ago, as far as its deadline can tell: no test has to wait one out.
    await running.db.update(results).set({ startedAt: sql`now() - interval '61 seconds'` }).where(eq(results.key, body.key));
    held.open();
    await waitForResult(running.baseUrl, body.key, '', 20_000);
    const status = await getJson(`${running.baseUrl}/status/${body.key}`);
    expect(status.body).toMatchObject({ status: 'completed', stopped: 'deadline', pages: { completed: 2, skipped: 4 } });
    for (const i of [2, 3, 4, 5]) expect(site.hits.get(`/p${i}`)).toBeUndefined();
  });
});

describe('limits on crawls per client', () => {
  it('counts a crawl as one submission for the rate limit', async () => {
    const { site, held } = await heldSite();
    held.open();
    const { baseUrl } = await service({ RATE_LIMIT_PER_MINUTE: '2' });
    const first = await crawl(baseUrl, `${site.origin}/`);
    expect(first.status).toBe(202);
    await waitForResult(baseUrl, first.body.key, '', 20_000);
    expect((await postJson(`${baseUrl}/start`, { url: `${site.origin}/p2` })).status).toBe(202);
    expect((await postJson(`${baseUrl}/start`, { url: `${site.origin}/p3` })).body.code).toBe('rate_limited');
  });

  it('caps the crawls one client may have running at CRAWL_CLIENT_MAX_IN_FLIGHT', async () => {
    const { site, held } = await heldSite();
    const { baseUrl } = await service({ CRAWL_CLIENT_MAX_IN_FLIGHT: '1' });
    const first = await crawl(baseUrl, `${site.origin}/`);
    expect(first.status).toBe(202);
    const second = await crawl(baseUrl, `${site.origin}/p2`);
    expect(second.status).toBe(429);
    expect(second.body).toMatchObject({ code: 'too_many_in_flight' });
    expect(second.body.error).toMatch(/site crawls are still running/);
    // A single page is not a crawl, and is still accepted.
    expect((await postJson(`${baseUrl}/start`, { url: `${site.origin}/p3` })).status).toBe(202);
    held.open();
    await waitForResult(baseUrl, first.body.key, '', 20_000);
    expect((await crawl(baseUrl, `${site.origin}/p2`)).status).toBe(202);
  });
});

describe('the pages of a large crawl as CSV', () => {
  it('lists every URL kept, past the JSON list\'s 1,000 a request', async () => {
    const links = Array.from({ length: 1_100 }, (_, i) => `<a href="/n${i}"></a>`).join('');
    const routes: Record<string, FixtureHandler> = {
      '/robots.txt': respond('User-agent: *\nAllow: /\n', { 'content-type': 'text/plain' }),
      '/': respond(`<p>index</p>${links}`),
    };
    for (let i = 0; i < 1_100; i++) routes[`/n${i}`] = respond(`<p>node</p>`);
    const site: FixtureServer = await startFixtureServer(routes);
    started.push(() => site.close());
    const { baseUrl } = await service({});
    // 101 pages counted: the crawl keeps ten URLs for each, 1,010 in all.
    const { body } = await crawl(baseUrl, `${site.origin}/`, { sitemap: false, max_pages: 101, max_depth: 1 });
    await waitForResult(baseUrl, body.key, '', 60_000);
    const { total } = (await getJson(`${baseUrl}/results/${body.key}/pages?limit=1`)).body;
    expect(total).toBe(1_010);
    const csv = Buffer.from(await (await fetch(`${baseUrl}/results/${body.key}/pages.csv`)).arrayBuffer()).toString('utf8');
    const rows = csv.trimEnd().split('\r\n');
    // The BOM, so that spreadsheets read it as UTF-8.
    expect(rows[0]).toBe('\uFEFFurl,final_url,depth,status,code,error,total_words,key');
    expect(rows).toHaveLength(1 + total);
    expect(new Set(rows.slice(1).map((row) => row.split(',')[0])).size).toBe(total);
  }, 90_000);
});
