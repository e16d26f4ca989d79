import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { HostGate, HostPace, HostTurn } from '../core/job-contract.js';

/** How long a turn holds its slot if it is never released (a crashed worker): callers pass their fetch timeout plus a margin. */
export const DEFAULT_HOST_LEASE_MS = 60_000;

/**
 * The longest wait a full host answers with. Turns are nearly always released when their request
 * ends, long before their lease expires, so waiting for the earliest expiry would idle a freed slot
 * for up to a lease; polling this often costs one small script call per waiting job.
 */
export const FULL_HOST_POLL_MS = 200;

/** How much longer than its content a host's key lives, so that it vanishes only once nothing in it matters. */
const IDLE_MARGIN_MS = 1_000;

/**
 * One host's turn, atomically, on Redis's clock (TIME), so that processes whose own clocks disagree
 * share one timeline. KEYS: the host's leases (a sorted set of tokens scored by expiry, in ms) and
 * its next allowed start (ms). ARGV: concurrency, minGapMs, leaseMs, token, poll ms, idle margin.
 * Returns {1, 0} for a turn, or {0, waitMs}. Redis 5+ replicates a script's effects, so TIME before a write is allowed.
 */
const ACQUIRE_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
  local earliest = tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2])
  return {0, math.min(earliest - now, tonumber(ARGV[5]))}
end
local nextStart = tonumber(redis.call('GET', KEYS[2]) or 0)
if now < nextStart then return {0, nextStart - now} end
local gap, lease, margin = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[6])
redis.call('ZADD', KEYS[1], now + lease, ARGV[4])
if redis.call('PTTL', KEYS[1]) < lease then redis.call('PEXPIRE', KEYS[1], lease + margin) end
if gap > 0 then redis.call('SET', KEYS[2], now + gap, 'PX', gap + margin) end
return {1, 0}
`;

/** Pushes a host's next allowed start to at least now + ARGV[1] ms on Redis's clock. KEYS: its next allowed start. */
const SLOW_DOWN_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local later = now + tonumber(ARGV[1])
if later > tonumber(redis.call('GET', KEYS[1]) or 0) then
  redis.call('SET', KEYS[1], later, 'PX', tonumber(ARGV[1]) + tonumber(ARGV[2]))
end
return 0
`;

// ioredis sends defined commands by EVALSHA and loads the script again when Redis answers NOSCRIPT (after a restart).
type HostGateCommands = {
  wordcrawlerHostAcquire(leases: string, next: string, ...args: Array<string | number>): Promise<[number, number]>;
  wordcrawlerHostSlowDown(next: string, ms: number, margin: number): Promise<number>;
};

/** The gate shared by every process of a deployment, in Redis under `<prefix>:host:<host>:…`; a turn's lease lasts `leaseMs`. */
export function redisHostGate(redis: Redis, prefix: string, leaseMs = DEFAULT_HOST_LEASE_MS): HostGate {
  redis.defineCommand('wordcrawlerHostAcquire', { numberOfKeys: 2, lua: ACQUIRE_SCRIPT });
  redis.defineCommand('wordcrawlerHostSlowDown', { numberOfKeys: 1, lua: SLOW_DOWN_SCRIPT });
  const commands = redis as unknown as HostGateCommands;
  const leasesKey = (host: string) => `${prefix}:host:${host}:leases`;
  const nextKey = (host: string) => `${prefix}:host:${host}:next`;
  return {
    async acquire(host, pace) {
      const { concurrency, minGapMs } = checkedPace(pace);
      const token = randomUUID();
      const [granted, waitMs] = await commands.wordcrawlerHostAcquire(
        leasesKey(host), nextKey(host), concurrency, minGapMs, leaseMs, token, FULL_HOST_POLL_MS, IDLE_MARGIN_MS,
      );
      if (granted !== 1) return { granted: false, waitMs };
      return {
        granted: true,
        // The request has ended whatever happens here; a lease Redis did not hear released expires on its own.
        release: () => redis.zrem(leasesKey(host), token).then(() => undefined, () => undefined),
      };
    },
    async slowDown(host, ms) {
      if (!(ms > 0)) return;
      await commands.wordcrawlerHostSlowDown(nextKey(host), Math.ceil(ms), IDLE_MARGIN_MS);
    },
  };
}

interface HostState {
  /** Live turns by token, with their lease expiry. */
  leases: Map<symbol, number>;
  nextStart: number;
}

/** How often the memory gate forgets hosts with nothing live. */
const IDLE_SWEEP_MS = 60_000;

/**
 * The gate of a deployment that is one process: the same rules as redisHostGate, in a Map, on a
 * monotonic clock (`now`, replaceable for tests).
 */
export function memoryHostGate(leaseMs = DEFAULT_HOST_LEASE_MS, now: () => number = () => performance.now()): HostGate {
  const hosts = new Map<string, HostState>();
  let lastSweep = now();
  const isIdle = (state: HostState, at: number) => state.leases.size === 0 && state.nextStart <= at;
  function stateOf(host: string, at: number): HostState {
    if (at - lastSweep >= IDLE_SWEEP_MS) {
      lastSweep = at;
      for (const [name, state] of hosts) {
        dropExpired(state, at);
        if (isIdle(state, at)) hosts.delete(name);
      }
    }
    let state = hosts.get(host);
    if (!state) hosts.set(host, (state = { leases: new Map(), nextStart: -Infinity }));
    dropExpired(state, at);
    return state;
  }
  return {
    async acquire(host, pace): Promise<HostTurn> {
      const { concurrency, minGapMs } = checkedPace(pace);
      const at = now();
      const state = stateOf(host, at);
      if (state.leases.size >= concurrency) {
        const earliest = Math.min(...state.leases.values());
        return { granted: false, waitMs: Math.min(Math.ceil(earliest - at), FULL_HOST_POLL_MS) };
      }
      if (at < state.nextStart) return { granted: false, waitMs: Math.ceil(state.nextStart - at) };
      const token = Symbol(host);
      state.leases.set(token, at + leaseMs);
      state.nextStart = at + minGapMs;
      return {
        granted: true,
        async release() {
          state.leases.delete(token);
          if (isIdle(state, now()) && hosts.get(host) === state) hosts.delete(host);
        },
      };
    },
    async slowDown(host, ms) {
      if (!(ms > 0)) return;
      const at = now();
      const state = stateOf(host, at);
      state.nextStart = Math.max(state.nextStart, at + ms);
    },
  };
}

function dropExpired(state: HostState, at: number): void {
  for (const [token, expiry] of state.leases) if (expiry <= at) state.leases.delete(token);
}

/** A pace is the caller's own figures (config, robots.txt), so a bad one is a bug to hear of, not to round away. */
function checkedPace({ concurrency, minGapMs }: HostPace): HostPace {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`host concurrency must be a positive integer, not ${concurrency}`);
  if (!Number.isFinite(minGapMs) || minGapMs < 0) throw new RangeError(`host minGapMs must be a finite number >= 0, not ${minGapMs}`);
  return { concurrency, minGapMs: Math.ceil(minGapMs) };
}
