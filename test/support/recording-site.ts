import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FixtureHandler } from './fixture-server.js';

/** One request as the fixture site saw it, times from performance.now() in this process. */
export interface RecordedRequest {
  path: string;
  userAgent: string | undefined;
  startedAt: number;
  /** When the answer was fully written (or the socket closed), undefined while in flight. */
  endedAt?: number;
  status?: number;
}

export interface RecordingSite {
  origin: string;
  /** Every request, in the order they arrived. */
  requests: RecordedRequest[];
  /** Requests to one path, in the order they arrived. */
  requestsTo(path: string): RecordedRequest[];
  /** Requests started and not yet answered, now, and the most there ever were at once. */
  inFlight(): number;
  maxInFlight(): number;
  close(): Promise<void>;
}

/**
 * A fixture site on 127.0.0.1 that records each request (path, User-Agent, start and end) and
 * counts requests in flight, so politeness can be measured where it matters: at the server.
 * Unknown paths answer 404, as a site without that page would.
 */
export async function startRecordingSite(routes: Record<string, FixtureHandler>): Promise<RecordingSite> {
  const requests: RecordedRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://fixture').pathname;
    const request: RecordedRequest = { path, userAgent: req.headers['user-agent'], startedAt: performance.now() };
    requests.push(request);
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      inFlight -= 1;
      request.endedAt = performance.now();
      request.status = res.statusCode;
    };
    res.on('finish', end);
    res.on('close', end);
    const handler = routes[path];
    if (handler) return handler(req, res);
    res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not here</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    requestsTo: (path) => requests.filter((request) => request.path === path),
    inFlight: () => inFlight,
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The gaps in ms between consecutive request starts. */
export function startGaps(requests: readonly RecordedRequest[]): number[] {
  return requests.slice(1).map((request, i) => request.startedAt - requests[i]!.startedAt);
}

/** An HTML page with a title, some words and links. */
export function htmlPage(title: string, words: string, links: readonly string[] = []): string {
  const anchors = links.map((href) => `<a href="${href}">${href}</a>`).join(' ');
  return `<!doctype html><html><head><title>${title}</title></head><body><p>${words}</p>${anchors}</body></html>`;
}

/** Answers `html` after holding the response for `holdMs`, as a slow server would. */
export function slowHtml(html: string, holdMs: number): FixtureHandler {
  return (_req, res) => {
    setTimeout(() => {
      if (!res.destroyed) res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    }, holdMs);
  };
}

/** Answers a plain-text robots.txt. */
export function robotsTxt(text: string): FixtureHandler {
  return (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(text);
}
