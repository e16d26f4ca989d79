import type { Readable } from 'node:stream';
import { MIMEType } from 'node:util';
import { Agent, request, type Dispatcher } from 'undici';
import { AppError } from '../core/errors.js';
import type { PageBody } from '../core/page-body.js';
import { createAddressPolicy, createPortPolicy } from './address-policy.js';
import { fetchError, quoteServerText, statusError, tooLarge, type FetchTimeouts } from './fetch-errors.js';
import { buildGuardedConnector } from './guarded-connector.js';
import { ACCEPT_ENCODING, contentCodings, readBody } from './read-body.js';

const ACCEPTED_TYPES = new Set(['text/html', 'application/xhtml+xml', 'text/plain']);
const USER_AGENT = 'wordcrawler/0.1 (word-frequency counter; +https://github.com/wordcrawler/wordcrawler)';
/** Connect and idle timeouts, unless the total deadline is so short that half of it is less. */
const STAGE_TIMEOUT_MS = 10_000;

export interface FetchOptions {
  /** The total deadline of one fetch, redirects and body included. */
  timeoutMs: number;
  /** Defaults to 10 s or half of timeoutMs, whichever is less. */
  connectTimeoutMs?: number;
  /** Longest wait for the response headers, and between pieces of the body; defaults as connectTimeoutMs. */
  idleTimeoutMs?: number;
  /** Largest body, counted both as received and as decoded. */
  maxBytes: number;
  maxRedirects: number;
  allowPrivate: boolean;
  allowNetworks: readonly string[];
  /** The only ports fetched unless allowPrivate; defaults to 80 and 443. */
  allowedPorts?: readonly number[];
}

export interface FetchedPage extends PageBody {
  /** The URL the body came from, after redirects. */
  finalUrl: string;
}

/** What one fetch asks beyond the deployment's options (a crawl's robots.txt, sitemaps and pages). */
export interface FetchRequest {
  /** `any` takes whatever type the server sends (robots.txt, sitemaps); by default only pages we can count. */
  accept?: 'page' | 'any';
  /** A smaller cap than the deployment's. */
  maxBytes?: number;
  /** Why a redirect to this URL may not be followed, if it may not: the fetch fails with that error. */
  refuseRedirect?: (url: string) => AppError | undefined;
}

export interface PageFetcher {
  /** `cancel` aborts the fetch early, e.g. when the worker is shutting down. */
  fetchPage(url: string, cancel?: AbortSignal, request?: FetchRequest): Promise<FetchedPage>;
  close(): Promise<void>;
}

/** One agent per process: connections are pooled and every one goes through the address check. */
export function createPageFetcher(options: FetchOptions): PageFetcher {
  // The stage timeouts stay below the total deadline so a dead peer is named by the stage it stalled in.
  const stageMs = Math.min(STAGE_TIMEOUT_MS, Math.floor(options.timeoutMs / 2));
  const timeouts: FetchTimeouts = {
    totalMs: options.timeoutMs,
    connectMs: options.connectTimeoutMs ?? stageMs,
    idleMs: options.idleTimeoutMs ?? stageMs,
  };
  const agent = new Agent({
    connect: buildGuardedConnector(createAddressPolicy(options), timeouts.connectMs, {
      // Only FETCH_ALLOW_NETWORKS lets a strict policy reach an internal address by name.
      concealInternalFailures: !options.allowPrivate,
      mayReachInternalByName: options.allowNetworks.length > 0,
    }),
    headersTimeout: timeouts.idleMs,
    bodyTimeout: timeouts.idleMs,
  });
  const checkPort = createPortPolicy(options);
  return {
    fetchPage: (url, cancel, request = {}) => fetchWithRedirects(agent, checkPort, url, options, timeouts, request, cancel),
    close: () => agent.close(),
  };
}

async function fetchWithRedirects(
  agent: Dispatcher,
  checkPort: (url: URL) => string | undefined,
  startUrl: string,
  options: FetchOptions,
  timeouts: FetchTimeouts,
  fetchRequest: FetchRequest,
  cancel?: AbortSignal,
): Promise<FetchedPage> {
  const maxBytes = Math.min(options.maxBytes, fetchRequest.maxBytes ?? options.maxBytes);
  const accept = fetchRequest.accept === 'any' ? '*/*' : 'text/html,application/xhtml+xml,text/plain;q=0.9';
  // One signal for the whole fetch: undici destroys a body still streaming when it fires, and readBody
  // stops decoding one that has arrived.
  const deadline = AbortSignal.timeout(timeouts.totalMs);
  const signal = cancel ? AbortSignal.any([deadline, cancel]) : deadline;
  let url = startUrl;
  for (let hop = 0; ; hop++) {
    try {
      // Checked on every hop, before any lookup, so a redirect cannot lead to another port either.
      const target = new URL(url);
      const portProblem = checkPort(target);
      if (portProblem !== undefined) throw new AppError('blocked_address', `refused to fetch ${target.host}: ${portProblem}`);
      const response = await request(url, {
        dispatcher: agent,
        signal,
        headers: { 'user-agent': USER_AGENT, accept, 'accept-encoding': ACCEPT_ENCODING },
      });
      const location = response.headers.location;
      if (response.statusCode >= 300 && response.statusCode < 400 && typeof location === 'string') {
        await response.body.dump();
        if (hop >= options.maxRedirects) {
          throw new AppError('too_many_redirects', `gave up after ${options.maxRedirects} redirects (the server redirected again, to ${quoteServerText(location)})`);
        }
        url = nextHop(url, location);
        const refusal = fetchRequest.refuseRedirect?.(url);
        if (refusal) throw refusal;
        continue;
      }
      return { finalUrl: url, ...(await readPage(response, maxBytes, fetchRequest.accept ?? 'page', signal)) };
    } catch (error) {
      throw fetchError(error, url, timeouts);
    }
  }
}

function nextHop(from: string, location: string): string {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw new AppError('fetch_failed', `the server redirected to ${quoteServerText(location)}, which is not a valid URL`);
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw new AppError('fetch_failed', `the server redirected to a ${quoteServerText(next.protocol.slice(0, -1), 20)} URL, which cannot be crawled`);
  }
  // Submissions with credentials are refused (normalize-submitted-url.ts), and a redirect must not be a
  // way around that: the page would be fetched with them and its URL, password and all, shown as the
  // final URL. fetch_failed rather than blocked_address: the address may well be public; what we refuse
  // is the server's instruction. The URL is not quoted, since it carries the password.
  if (next.username !== '' || next.password !== '') {
    throw new AppError('fetch_failed', 'the server redirected to a URL with a user name or password, which is not followed');
  }
  next.hash = '';
  return next.href;
}

async function readPage({ statusCode, headers, body }: Dispatcher.ResponseData, maxBytes: number, accept: 'page' | 'any', signal: AbortSignal): Promise<PageBody> {
  // A 3xx without a Location has nothing to follow and no page to count.
  if (statusCode < 200 || statusCode >= 300) {
    await body.dump();
    throw statusError(statusCode, headers['retry-after']);
  }
  let contentType: ContentType;
  try {
    contentType = accept === 'any' ? anyContentType(headers['content-type']) : acceptedContentType(headers['content-type']);
  } catch (error) {
    await body.dump();
    throw error;
  }
  // Checked before reading: the declared length is the size on the wire, which is also capped.
  if (Number(headers['content-length']) > maxBytes) {
    discard(body);
    throw tooLarge(maxBytes);
  }
  let codings: string[];
  try {
    codings = contentCodings(headers['content-encoding']);
  } catch (error) {
    discard(body);
    throw error;
  }
  return { bytes: await readBody(body, codings, maxBytes, signal), ...contentType };
}

/** Closes a body we will not read. undici reports that as an abort error event, which nobody needs to hear. */
function discard(body: Readable): void {
  body.on('error', () => {}).destroy();
}

type ContentType = Pick<PageBody, 'mimeType' | 'charset'>;

/** A file fetched for what it says, not to be counted: a type it does not state well is simply unknown. */
function anyContentType(header: string | string[] | undefined): ContentType {
  try {
    return parseContentType(header);
  } catch {
    return { mimeType: 'application/octet-stream' };
  }
}

/** The type and charset of a page we can count, or not_html. */
function acceptedContentType(header: string | string[] | undefined): ContentType {
  const contentType = parseContentType(header);
  if (!ACCEPTED_TYPES.has(contentType.mimeType)) throw new AppError('not_html', `unsupported content type ${contentType.mimeType}`);
  return contentType;
}

/**
 * A missing Content-Type is read as HTML, as browsers mostly do; one that is not a media type at all
 * (`html`, `text/html garbage`) fails the page as not_html, since nothing says what the body is.
 */
export function parseContentType(header: string | string[] | undefined): ContentType {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return { mimeType: 'text/html' };
  let type: MIMEType;
  try {
    type = new MIMEType(value);
  } catch {
    throw new AppError('not_html', `the server sent an invalid content type ${quoteServerText(value)}`);
  }
  // MIMEType unquotes "…" values; 'utf-8' in single quotes is wrong but seen in the wild.
  const charset = type.params.get('charset')?.replace(/^'|'$/g, '').trim();
  return { mimeType: type.essence, ...(charset ? { charset } : {}) };
}
