import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, postJson, waitForResult } from '../support/api-client.js';
import { respond, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { startTestService, type TestService } from '../support/service.js';

const page = (title: string, body: string, links: string[] = []) =>
  respond(`<!doctype html><html><head><title>${title}</title></head><body><p>${body}</p>${links.map((href) => `<a href="${href}">${href}</a>`).join(' ')}</body></html>`);

let service: TestService;
let site: FixtureServer;

beforeAll(async () => {
  site = await startFixtureServer({
    '/robots.txt': respond('User-agent: *\nDisallow: /private\n', { 'content-type': 'text/plain' }),
    '/': page('Home', 'harbor harbor lighthouse', ['/a', '/b', '/a?utm_source=x', '/private/secret', 'mailto:x@example.com', '/#top']),
    '/a': page('A', 'harbor ship ship', ['/', '/b', '/c']),
    '/b': page('B', 'lighthouse keeper', ['/a']),
    '/c': page('C', 'deep page', ['/d']),
    '/d': page('D', 'too deep'),
  });
  service = await startTestService();
});

afterAll(async () => {
  await service?.stop();
  await site?.close();
});

describe('a site crawl', () => {
  it('follows links within depth, skips what robots.txt forbids, and sums the pages', async () => {
    const started = await postJson(`${service.baseUrl}/start`, { url: `${site.origin}/`, crawl: { max_depth: 2, sitemap: false } });
    expect(started.status).toBe(202);
    expect(started.body.kind).toBe('crawl');
    const result = await waitForResult(service.baseUrl, started.body.key, '?limit=100', 30_000);
    expect(result.status).toBe(200);
    const counts = Object.fromEntries(result.body);
    expect(counts).toMatchObject({ harbor: 3, lighthouse: 2, ship: 2, keeper: 1, deep: 1 });
    expect(counts.too).toBeUndefined();
    const pages = await getJson(`${service.baseUrl}/results/${started.body.key}/pages`);
    expect(pages.body.pages.map((entry: { url: string; status: string; code: string | null }) => [new URL(entry.url).pathname, entry.status, entry.code])).toEqual([
      ['/', 'completed', null], ['/a', 'completed', null], ['/b', 'completed', null], ['/private/secret', 'skipped', 'robots'], ['/c', 'completed', null],
    ]);
    const status = await getJson(`${service.baseUrl}/status/${started.body.key}`);
    expect(status.body).toMatchObject({ kind: 'crawl', stopped: 'done', pages: { completed: 4, skipped: 1, queued: 0 } });
    expect(site.hits.get('/private/secret')).toBeUndefined();
    expect(site.hits.get('/robots.txt')).toBe(1);
  });

  it('draws its scope around where the start page redirects to, sitemaps included', async () => {
    const moved = await startFixtureServer({
      '/robots.txt': respond('User-agent: *\nAllow: /\n', { 'content-type': 'text/plain' }),
      '/sitemap.xml': (_req, res) => res.writeHead(200, { 'content-type': 'application/xml' })
        .end(`<urlset><url><loc>http://localhost:${new URL(moved.origin).port}/listed</loc></url></urlset>`),
      '/home': page('Moved', 'anchor', ['/next']),
      '/next': page('Next', 'chain'),
      '/listed': page('Listed', 'sitemap'),
    });
    // The same server by another name: what http://example.com → https://www.example.com is to a real site.
    const otherName = `http://localhost:${new URL(moved.origin).port}`;
    const entrance = await startFixtureServer({
      '/robots.txt': respond('User-agent: *\nAllow: /\n', { 'content-type': 'text/plain' }),
      '/': (_req, res) => res.writeHead(301, { location: `${otherName}/home` }).end(),
    });
    try {
      const started = await postJson(`${service.baseUrl}/start`, { url: `${entrance.origin}/`, crawl: {} });
      const result = await waitForResult(service.baseUrl, started.body.key, '?limit=100', 30_000);
      expect(Object.fromEntries(result.body)).toEqual({ anchor: 1, chain: 1, next: 1, sitemap: 1 });
    } finally {
      await moved.close();
      await entrance.close();
    }
  });

  it('fails with the start page\'s reason when no page could be counted', async () => {
    const started = await postJson(`${service.baseUrl}/start`, { url: `${site.origin}/missing`, crawl: { sitemap: false } });
    const result = await waitForResult(service.baseUrl, started.body.key, '', 30_000);
    expect(result.status).toBe(422);
    expect(result.body).toMatchObject({ status: 'failed', code: 'http_status', kind: 'crawl', pages: { failed: 1 } });
    expect(result.body.error).toBe('no page could be counted: the start page failed (the server answered 404 Not Found)');
  });
});
