import { STATUS_CODES } from 'node:http';
import { Agent, request, type Dispatcher } from 'undici';
import { AppError } from '../errors.js';
import { createAddressPolicy } from './address-policy.js';
import type { PageBody } from './extract-text.js';
import { buildGuardedConnector } from './guarded-connector.js';

const ACCEPTED_TYPES = new Set(['text/html', 'application/xhtml+xml', 'text/plain']);
const RETRYABLE_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);
const USER_AGENT = 'wordcrawler/0.1 (word-frequency counter; +https://github.com/wordcrawler/wordcrawler)';

export interface FetchOptions {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  allowPrivate: boolean;
  allowNetworks: readonly string[];
}

export interface FetchedPage extends PageBody {
  /** The URL the body came from, after redirects. */
  finalUrl: string;
}

export interface PageFetcher {
  fetchPage(url: string): Promise<FetchedPage>;
  close(): Promise<void>;
}

/** One agent per process: connections are pooled and every one goes through the address check. */
export function createPageFetcher(options: FetchOptions): PageFetcher {
  const policy = createAddressPolicy(options);
  const agent = new Agent({
    connect: buildGuardedConnector(policy, Math.min(options.timeoutMs, 10_000)),
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  });
  return {
    fetchPage: (url) => fetchWithRedirects(agent, url, options),
    close: () => agent.close(),
  };
}

async function fetchWithRedirects(agent: Dispatcher, startUrl: string, options: FetchOptions): Promise<FetchedPage> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  let url = startUrl;
  for (let hop = 0; ; hop++) {
    const response = await send(agent, url, signal, options.timeoutMs);
    const location = response.headers.location;
    if (response.statusCode >= 300 && response.statusCode < 400 && typeof location === 'string') {
      await response.body.dump();
      if (hop >= options.maxRedirects) {
        throw new AppError('too_many_redirects', `gave up after ${options.maxRedirects} redirects (last one to ${location})`);
      }
      url = nextHop(url, location);
      continue;
    }
    return readPage(response, url, options.maxBytes, options.timeoutMs);
  }
}

async function send(agent: Dispatcher, url: string, signal: AbortSignal, timeoutMs: number): Promise<Dispatcher.ResponseData> {
  try {
    return await request(url, {
      dispatcher: agent,
      signal,
      headers: {
        'user-agent': USER_AGENT,
        accept: 'text/html,application/xhtml+xml,text/plain;q=0.9',
        'accept-encoding': 'identity',
      },
    });
  } catch (error) {
    throw fetchError(error, url, timeoutMs);
  }
}

function nextHop(from: string, location: string): string {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw new AppError('fetch_failed', `the server redirected to an invalid URL: ${location}`);
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw new AppError('fetch_failed', `the server redirected to a ${next.protocol.slice(0, -1)} URL, which cannot be crawled`);
  }
  next.hash = '';
  return next.href;
}

async function readPage(response: Dispatcher.ResponseData, url: string, maxBytes: number, timeoutMs: number): Promise<FetchedPage> {
  const { statusCode, headers, body } = response;
  if (statusCode >= 400 || statusCode < 200) {
    await body.dump();
    const reason = STATUS_CODES[statusCode] ?? 'error';
    throw new AppError('http_status', `the server answered ${statusCode} ${reason}`, RETRYABLE_STATUSES.has(statusCode));
  }
  const { mimeType, charset } = parseContentType(headers['content-type']);
  if (!ACCEPTED_TYPES.has(mimeType)) {
    await body.dump();
    throw new AppError('not_html', `unsupported content type ${mimeType}`);
  }
  const declaredLength = Number(headers['content-length']);
  if (declaredLength > maxBytes) {
    body.destroy();
    throw tooLarge(maxBytes);
  }
  const chunks: Buffer[] = [];
  let received = 0;
  try {
    for await (const chunk of body) {
      received += chunk.length;
      if (received > maxBytes) {
        body.destroy();
        throw tooLarge(maxBytes);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    throw error instanceof AppError ? error : fetchError(error, url, timeoutMs);
  }
  return { finalUrl: url, bytes: Buffer.concat(chunks, received), mimeType, charset };
}

/** A missing Content-Type is read as HTML, as browsers mostly do. */
export function parseContentType(header: string | string[] | undefined): { mimeType: string; charset?: string } {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return { mimeType: 'text/html' };
  const [type = '', ...params] = value.split(';');
  const charsetParam = params.map((param) => param.trim()).find((param) => /^charset=/i.test(param));
  const charset = charsetParam?.slice('charset='.length).replace(/^["']|["']$/g, '').trim();
  return { mimeType: type.trim().toLowerCase(), ...(charset ? { charset } : {}) };
}

function tooLarge(maxBytes: number): AppError {
  const mb = maxBytes / (1024 * 1024);
  const shown = mb >= 1 ? `${Number(mb.toFixed(1))} MB` : `${Math.round(maxBytes / 1024)} KB`;
  return new AppError('too_large', `page is larger than ${shown}`);
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

/** Maps what undici and the OS throw to an AppError a person can read. */
function fetchError(error: unknown, url: string, timeoutMs: number): AppError {
  if (error instanceof AppError) return error;
  const cause = error instanceof Error && error.cause instanceof AppError ? error.cause : undefined;
  if (cause) return cause;
  const err = error as { name?: string; code?: string; message?: string };
  const host = new URL(url).host;
  if (err.name === 'TimeoutError' || err.name === 'AbortError' || TIMEOUT_CODES.has(err.code ?? '')) {
    return new AppError('timeout', `${host} did not answer within ${timeoutMs / 1000} s`, true, { cause: error });
  }
  if (err.code === 'ENOTFOUND') return new AppError('dns_not_found', `could not find the server ${host}`, false, { cause: error });
  if (/CERT|SSL|TLS/.test(err.code ?? '')) {
    return new AppError('fetch_failed', `the TLS certificate of ${host} is not valid (${err.code})`, false, { cause: error });
  }
  if (err.code === 'ECONNREFUSED') return new AppError('fetch_failed', `${host} refused the connection`, true, { cause: error });
  return new AppError('fetch_failed', `could not fetch ${host}: ${err.code ?? err.message ?? 'network error'}`, true, { cause: error });
}
