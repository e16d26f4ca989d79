import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect } from 'vitest';
import { getJson, postJson, waitForResult } from './api-client.js';
import type { FixtureHandler } from './fixture-server.js';
import { startTestService, type TestService } from './service.js';

/** A fixture site for crawls: it lets everything through robots.txt unless told otherwise. */
export const ALLOW_ALL_ROBOTS = 'User-agent: *\nAllow: /\n';

export interface CrawlSite {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  origin: string;
  port: number;
  /** Every request's target (path and query, as sent), in order of arrival. */
  requests: string[];
  /** Requests for exactly this path and query. */
  hits(target: string): number;
  /** Requests for this path, whatever their query. */
  pathHits(pathname: string): number;
  close(): Promise<void>;
}

export interface CrawlSiteOptions {
  host?: string;
  port?: number;
  /** Answers paths that have no route of their own (a generated trap); unknown paths answer 404 without it. */
  fallback?: FixtureHandler;
}

type Routes = Record<string, FixtureHandler>;

/**
 * A local site with one handler per path (the query is the handler's to read) and, unless a route
 * says otherwise, a robots.txt allowing everything. Unlike fixture-server.ts it records each
 * request's query too, so URL variants of one path can be told apart. The routes may be a function
 * of the site's origin, for pages that link to themselves by absolute URL.
 */
export async function startCrawlSite(routes: Routes | ((origin: string) => Routes), options: CrawlSiteOptions = {}): Promise<CrawlSite> {
  const requests: string[] = [];
  let table: Routes = {};
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests.push(req.url ?? '/');
    const handler = table[new URL(req.url ?? '/', 'http://fixture').pathname] ?? options.fallback;
    if (handler) return handler(req, res);
    res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not here</h1>');
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = port === 80 ? `http://${host}` : `http://${host}:${port}`;
  table = { '/robots.txt': text(ALLOW_ALL_ROBOTS), ...(typeof routes === 'function' ? routes(origin) : routes) };
  const pathOf = (target: string) => new URL(target, 'http://fixture').pathname;
  return {
    origin,
    port,
    requests,
    hits: (target) => requests.filter((request) => request === target).length,
    pathHits: (pathname) => requests.filter((request) => pathOf(request) === pathname).length,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A plain-text answer (robots.txt). */
export function text(body: string, status = 200): FixtureHandler {
  return (_req, res) => res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(body);
}

/** A redirect to `location`. */
export function redirect(location: string, status = 302): FixtureHandler {
  return (_req, res) => res.writeHead(status, { location }).end();
}

/** An English HTML page of `words` with `links` (anchors without text, so that only `words` is counted), and `head` markup. */
export function html(words: string, links: string[] = [], head = '', extra = ''): FixtureHandler {
  return (_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(htmlText(words, links, head, extra));
}

export function htmlText(words: string, links: string[] = [], head = '', extra = ''): string {
  const anchors = links.map((href) => `<a href="${href.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"></a>`).join('');
  return `<!doctype html><html lang="en"><head>${head}</head><body><p>${words}</p>${anchors}${extra}</body></html>`;
}

export interface PageRow {
  url: string;
  final_url: string | null;
  depth: number;
  status: string;
  code: string | null;
  error: string | null;
  total_words: number | null;
  key: string | null;
}

export interface FinishedCrawl {
  key: string;
  /** The combined counts, as an object. */
  counts: Record<string, number>;
  /** Every page the crawl kept, in discovery order. */
  pages: PageRow[];
  status: any;
}

/** Starts a crawl through the API and waits for its combined result (all words), its pages and its status. */
export async function runCrawl(service: TestService, url: string, crawl: Record<string, unknown>, timeoutMs = 20_000): Promise<FinishedCrawl> {
  const started = await postJson(`${service.baseUrl}/start`, { url, crawl });
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  expect(started.body.kind).toBe('crawl');
  const key = started.body.key as string;
  const result = await waitForResult(service.baseUrl, key, '?limit=100', timeoutMs);
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  const listed = await getJson(`${service.baseUrl}/results/${key}/pages?limit=1000`);
  expect(listed.status).toBe(200);
  expect(listed.body.total).toBe(listed.body.pages.length);
  const status = await getJson(`${service.baseUrl}/status/${key}`);
  return { key, counts: Object.fromEntries(result.body as Array<[string, number]>), pages: listed.body.pages, status: status.body };
}

/** A page row as [path and query, status, code], for comparing a crawl's page list at a glance. */
export function rowOf(page: PageRow): [string, string, string | null] {
  const url = new URL(page.url);
  return [url.pathname + url.search, page.status, page.code];
}

/** The row of the page whose URL has this path and query; fails when there is none or several. */
export function pageAt(pages: PageRow[], target: string): PageRow {
  const matching = pages.filter((page) => {
    const url = new URL(page.url);
    return url.pathname + url.search === target;
  });
  expect(matching, `pages listed at ${target}: ${JSON.stringify(pages.map(rowOf))}`).toHaveLength(1);
  return matching[0]!;
}

/**
 * A test file's service and the fixture sites its tests start: the service before the file's
 * tests, everything stopped after them. `service` is read when a test runs.
 */
export function crawlTestBed() {
  let service: TestService | undefined;
  const sites: CrawlSite[] = [];
  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(async () => {
    await service?.stop();
    await Promise.all(sites.map((started) => started.close()));
  });
  return {
    get service(): TestService {
      if (!service) throw new Error('the test service has not started');
      return service;
    },
    async site(...args: Parameters<typeof startCrawlSite>): Promise<CrawlSite> {
      const started = await startCrawlSite(...args);
      sites.push(started);
      return started;
    },
  };
}
