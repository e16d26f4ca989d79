import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from './wait-for.js';

/** One callback as it arrived: the raw body (what the signature covers) and the headers. */
export interface ReceivedCallback {
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: any;
  at: number;
}

export interface CallbackReceiver {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  origin: string;
  port: number;
  received: ReceivedCallback[];
  /** Callbacks that arrived at this path. */
  at(path: string): ReceivedCallback[];
  /** Waits until `count` callbacks arrived at `path`. */
  waitFor(path: string, count: number, timeoutMs?: number): Promise<ReceivedCallback[]>;
  close(): Promise<void>;
}

/**
 * A receiver of callbacks on 127.0.0.1. Each path answers the statuses of `answers` in turn (the last
 * one from then on), 200 without; every request is recorded before it is answered.
 */
export async function startCallbackReceiver(answers: Record<string, number[]> = {}): Promise<CallbackReceiver> {
  const received: ReceivedCallback[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const before = received.filter((callback) => callback.path === path).length;
      received.push({ path, headers: req.headers, rawBody, body: JSON.parse(rawBody), at: performance.now() });
      const statuses = answers[path] ?? [200];
      res.writeHead(statuses[Math.min(before, statuses.length - 1)]!).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const at = (path: string) => received.filter((callback) => callback.path === path);
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    received,
    at,
    waitFor: (path, count, timeoutMs = 15_000) => waitFor(() => (at(path).length >= count ? at(path) : undefined), timeoutMs, `${count} callbacks at ${path}`),
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/**
 * What a receiver does with Wordcrawler-Signature (README, "Webhooks"), written from the documented
 * scheme rather than from the service's code: true when v1 is the HMAC-SHA256 of `<t>.<raw body>`
 * and t is within the tolerance of now.
 */
export function verifySignature(secret: string, header: string, rawBody: string, toleranceSeconds = 300, now = Date.now()): boolean {
  const fields = new Map(header.split(',').map((part) => [part.slice(0, part.indexOf('=')), part.slice(part.indexOf('=') + 1)]));
  const t = Number(fields.get('t'));
  const v1 = Buffer.from(fields.get('v1') ?? '', 'hex');
  const expected = createHmac('sha256', secret).update(`${fields.get('t')}.${rawBody}`).digest();
  return Number.isInteger(t) && Math.abs(now / 1000 - t) <= toleranceSeconds && v1.length === expected.length && timingSafeEqual(v1, expected);
}
