import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, waitForResult } from '../support/api-client.js';
import { html, pageAt, redirect, rowOf, runCrawl, startCrawlSite, type CrawlSite } from '../support/crawl-site.js';
import { startTestService, type TestService } from '../support/service.js';

// Every fetch of a crawl goes through the guarded fetch (issue 13, "What is followed"): a page whose
// redirect leads to a refused address is skipped blocked_address, and that address is never contacted.
// The service runs with the production policy, allowing only 127.0.0.1 and the site's port; the
// refused server listens on 127.0.0.1 too, on a port not allowed. Scope "domain" compares host
// names without ports, so that server is within the crawl's scope and only the address policy stops it.

let service: TestService;
let site: CrawlSite;
let refusedPort: CrawlSite;
let otherAddress: CrawlSite;

beforeAll(async () => {
  refusedPort = await startCrawlSite({ '/secret': html('secret') });
  otherAddress = await startCrawlSite({ '/secret': html('hidden') }, { host: '127.0.0.2' });
  site = await startCrawlSite({
    '/': html('harbor', ['/to-refused-port', '/to-other-address', '/fine', `${refusedPort.origin}/secret`]),
    '/to-refused-port': redirect(`${refusedPort.origin}/secret`),
    '/to-other-address': redirect(`${otherAddress.origin}/secret`),
    '/fine': html('lighthouse'),
  });
  service = await startTestService({ FETCH_ALLOW_PRIVATE: 'false', FETCH_ALLOW_NETWORKS: '127.0.0.1/32', FETCH_ALLOWED_PORTS: String(site.port) });
});

afterAll(async () => {
  await service?.stop();
  await Promise.all([site, refusedPort, otherAddress].map((started) => started?.close()));
});

describe('a crawl under the address policy', () => {
  it('skips a redirect to a refused port as blocked_address without contacting it, and completes', async () => {
    const crawled = await runCrawl(service, `${site.origin}/`, { sitemap: false, scope: 'domain' });

    expect(crawled.counts).toEqual({ harbor: 1, lighthouse: 1 });
    expect(pageAt(crawled.pages, '/to-refused-port')).toMatchObject({ status: 'skipped', code: 'blocked_address', key: null });
    expect(pageAt(crawled.pages, '/fine')).toMatchObject({ status: 'completed' });
    expect(crawled.status).toMatchObject({ stopped: 'done', pages: { queued: 0, completed: 2 } });
    expect(refusedPort.requests).toEqual([]);
    // 127.0.0.2 is another site under scope "domain": whichever check stops it, it is not contacted.
    expect(pageAt(crawled.pages, '/to-other-address').status).toBe('skipped');
    expect(otherAddress.requests).toEqual([]);
  });

  it('skips a link to a refused port as blocked_address without contacting it', async () => {
    const crawled = await runCrawl(service, `${site.origin}/`, { sitemap: false, scope: 'domain' });

    const direct = crawled.pages.find((page) => page.url === `${refusedPort.origin}/secret`);
    expect(direct, JSON.stringify(crawled.pages.map(rowOf))).toMatchObject({ status: 'skipped', code: 'blocked_address' });
    expect(refusedPort.requests).toEqual([]);
  });

  it('fails a crawl whose start page is at a refused address as blocked_address, as a single page would, without contacting it', async () => {
    const started = await postJson(`${service.baseUrl}/start`, { url: `${refusedPort.origin}/secret`, crawl: { sitemap: false } });
    expect(started.status).toBe(202);
    const result = await waitForResult(service.baseUrl, started.body.key, '', 20_000);
    expect(result.status).toBe(422);
    expect(result.body).toMatchObject({ status: 'failed', code: 'blocked_address' });
    expect(refusedPort.requests).toEqual([]);
  });
});
