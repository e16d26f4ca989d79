import { LRUCache } from 'lru-cache';
import { AppError } from '../core/errors.js';
import { WaitForTurn, type HostPace } from '../core/job-contract.js';
import { ALLOW_ALL, DISALLOW_ALL, parseRobots, type RobotsRules } from '../crawl/robots.js';
import { claimRobots, findReadRobots, releaseRobotsClaim, saveRobots, type RobotsVerdict } from '../db/crawl-hosts.js';
import type { SiteCrawlDependencies } from './site-crawl-context.js';

/** RFC 9309 asks a crawler to read at least 500 KiB of a robots.txt. */
const ROBOTS_MAX_BYTES = 512 * 1024;
/** How soon a page whose host's robots.txt another worker is reading looks again. */
const READING_WAIT_MS = 500;

/** A host's rules as read, and whether it could be read at all (a 5xx or a network error could not). */
export interface HostRobots {
  rules: RobotsRules;
  available: boolean;
}

// Parsed once per process per crawl and host: every page of the host consults them, and links are judged by them.
const parsed = new LRUCache<string, HostRobots>({ max: 2_000 });

function fromRecord(robotsUrl: string, robots: RobotsVerdict, robotsTxt: string | null): HostRobots {
  if (robots === 'rules') return { rules: parseRobots(robotsUrl, robotsTxt ?? ''), available: true };
  return robots === 'allow_all' ? { rules: ALLOW_ALL, available: true } : { rules: DISALLOW_ALL, available: false };
}

/** The pace of a host: the deployment's, or slower if its robots.txt asks for a Crawl-delay. */
export function paceOf(deps: SiteCrawlDependencies, robots: HostRobots | undefined): HostPace {
  return { concurrency: deps.settings.hostConcurrency, minGapMs: Math.max(deps.settings.hostDelayMs, robots?.rules.crawlDelayMs ?? 0) };
}

/**
 * The host's robots.txt for this crawl, read once per crawl: the first page of a host to need it
 * reads it (taking the host's turn like any request), the others wait for it. A 4xx allows
 * everything; a 5xx, a 429, a timeout or a network error forbids everything (RFC 9309, 2.3.1).
 */
export async function robotsFor(deps: SiteCrawlDependencies, crawlKey: string, origin: string, signal?: AbortSignal): Promise<HostRobots> {
  const host = new URL(origin).host;
  const robotsUrl = `${origin}/robots.txt`;
  const cacheKey = `${crawlKey} ${origin}`;
  const cached = parsed.get(cacheKey);
  if (cached) return cached;
  // Recorded by origin: robots.txt belongs to a scheme, host and port (RFC 9309, 2.3).
  const record = await claimRobots(deps.db, crawlKey, origin);
  if (record.state === 'reading') throw new WaitForTurn(READING_WAIT_MS);
  if (record.state === 'read') return remember(cacheKey, fromRecord(robotsUrl, record.robots, record.robotsTxt));
  const turn = await deps.gate.acquire(host, paceOf(deps, undefined));
  if (!turn.granted) {
    await releaseRobotsClaim(deps.db, crawlKey, origin);
    throw new WaitForTurn(turn.waitMs);
  }
  let verdict: RobotsVerdict;
  let text: string | null = null;
  try {
    const file = await deps.fetcher.fetchPage(robotsUrl, signal, { accept: 'any', maxBytes: ROBOTS_MAX_BYTES });
    verdict = 'rules';
    text = file.bytes.toString('utf8');
  } catch (error) {
    // A refused address is not unavailable: it is never contacted, and its pages are skipped as such.
    if (signal?.aborted || (error instanceof AppError && error.code === 'blocked_address')) {
      await releaseRobotsClaim(deps.db, crawlKey, origin);
      throw error;
    }
    verdict = robotsFailureVerdict(error);
    deps.logger.info({ crawlKey, host, verdict, error: (error as Error).message }, 'robots.txt not read');
  } finally {
    await turn.release();
  }
  await saveRobots(deps.db, crawlKey, origin, verdict, text);
  const robots = remember(cacheKey, fromRecord(robotsUrl, verdict, text));
  // The robots.txt request took its turn at the deployment's pace; the host's own asks for more.
  const crawlDelayMs = robots.rules.crawlDelayMs ?? 0;
  if (crawlDelayMs > deps.settings.hostDelayMs) await deps.gate.slowDown(host, crawlDelayMs);
  return robots;
}

function robotsFailureVerdict(error: unknown): RobotsVerdict {
  const status = error instanceof AppError ? error.httpStatus : undefined;
  return status !== undefined && status >= 400 && status < 500 && status !== 429 ? 'allow_all' : 'disallow_all';
}

function remember(cacheKey: string, robots: HostRobots): HostRobots {
  parsed.set(cacheKey, robots);
  return robots;
}

/** The rules of every origin this crawl has read robots.txt for, to judge found links without a fetch. */
export async function readRobotsByOrigin(deps: SiteCrawlDependencies, crawlKey: string): Promise<Map<string, HostRobots>> {
  const byOrigin = new Map<string, HostRobots>();
  for (const row of await findReadRobots(deps.db, crawlKey)) {
    const cacheKey = `${crawlKey} ${row.origin}`;
    byOrigin.set(row.origin, parsed.get(cacheKey) ?? remember(cacheKey, fromRecord(`${row.origin}/robots.txt`, row.robots, row.robotsTxt)));
  }
  return byOrigin;
}

/**
 * The same, for the origins a page's claim listed (db/crawl-writes.ts, claimCrawlPage): without a query
 * while every one of them is parsed in this process already, as nearly always.
 */
export async function knownRobots(deps: SiteCrawlDependencies, crawlKey: string, read: ReadonlyArray<[origin: string, verdict: RobotsVerdict]>): Promise<Map<string, HostRobots>> {
  const byOrigin = new Map<string, HostRobots>();
  for (const [origin] of read) {
    const robots = parsed.get(`${crawlKey} ${origin}`);
    if (robots === undefined) return readRobotsByOrigin(deps, crawlKey);
    byOrigin.set(origin, robots);
  }
  return byOrigin;
}
