import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FixtureHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface FixtureServer {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  origin: string;
  /** How many requests each path received. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

/** A local HTTP server with one handler per path; unknown paths answer 404. */
export async function startFixtureServer(routes: Record<string, FixtureHandler>, host = '127.0.0.1'): Promise<FixtureServer> {
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://fixture').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const handler = routes[path];
    if (handler) return handler(req, res);
    res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not here</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${host}:${port}`,
    hits,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A handler that answers with a fixed body. */
export function respond(body: string | Buffer, headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8' }, status = 200): FixtureHandler {
  return (_req, res) => res.writeHead(status, headers).end(body);
}
