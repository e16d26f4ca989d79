import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submit, waitForResult } from '../support/api-client.js';
import { respond, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { startTestService, type TestService } from '../support/service.js';

let site: FixtureServer;
let service: TestService;
let key: string;

beforeAll(async () => {
  site = await startFixtureServer({ '/page': respond('<p>The cat and the hat. Cat naps; the cat wins.</p>') });
  service = await startTestService();
  key = await submit(service.baseUrl, `${site.origin}/page`);
  await waitForResult(service.baseUrl, key);
});

afterAll(async () => {
  await service?.stop();
  await site?.close();
});

describe('downloads', () => {
  it('serves every count as CSV, with and without stop words', async () => {
    const response = await fetch(`${service.baseUrl}/results/${key}/counts.csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename=wordcrawler-${key}.csv`);
    // The BOM tells spreadsheets the file is UTF-8 (response.text() would strip it).
    expect(Buffer.from(await response.arrayBuffer()).toString('utf8')).toBe('\uFEFFword,count\r\ncat,3\r\nhat,1\r\nnaps,1\r\nwins,1\r\n');

    const all = await fetch(`${service.baseUrl}/results/${key}/counts.csv?stopwords=include`);
    expect((await all.text()).split('\r\n').slice(1, 4)).toEqual(['cat,3', 'the,3', 'and,1']);
  });

  it('serves every count as JSON', async () => {
    const response = await fetch(`${service.baseUrl}/results/${key}/counts.json?stopwords=include`);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename=wordcrawler-${key}-all.json`);
    expect(await response.json()).toEqual([['cat', 3], ['the', 3], ['and', 1], ['hat', 1], ['naps', 1], ['wins', 1]]);
  });

  it('answers 404 for an unknown key or format', async () => {
    expect((await fetch(`${service.baseUrl}/results/00000000-0000-4000-8000-000000000000/counts.csv`)).status).toBe(404);
    expect((await fetch(`${service.baseUrl}/results/${key}/counts.xml`)).status).toBe(404);
  });
});

describe('pages', () => {
  it('answers a form post with 303 to the result page and remembers the key in a cookie', async () => {
    const response = await fetch(`${service.baseUrl}/`, {
      method: 'POST',
      body: new URLSearchParams({ url: `${site.origin}/page` }),
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    const location = response.headers.get('location')!;
    expect(location).toMatch(/^\/r\/[0-9a-f-]{36}$/);
    expect(response.headers.get('set-cookie')).toContain(`recent=${location.slice(3)}`);
  });

  it('renders an HTML 404 page for an unknown result, and JSON for API clients', async () => {
    const html = await fetch(`${service.baseUrl}/r/00000000-0000-4000-8000-000000000000`, { headers: { accept: 'text/html' } });
    expect(html.status).toBe(404);
    expect(await html.text()).toContain('no result with key');
    const json = await fetch(`${service.baseUrl}/r/nope`, { headers: { accept: 'application/json' } });
    expect(await json.json()).toEqual({ error: 'no result with key "nope"', code: 'not_found' });
  });

  it('sends a Content-Security-Policy that allows no inline script', async () => {
    const csp = (await fetch(service.baseUrl)).headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline\'; script');
    expect(csp).toMatch(/default-src 'self'/);
  });
});
