import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { HostGate, HostPace, HostTurn } from '../../src/core/job-contract.js';
import { FULL_HOST_POLL_MS, redisHostGate } from '../../src/queue/host-gate.js';
import { deleteQueueKeys } from '../support/redis-cleanup.js';
import { waitFor } from '../support/wait-for.js';

const REDIS_URL = 'redis://127.0.0.1:6379';
const prefix = `host-gate-test-${randomUUID()}`;
// Two connections, as two worker processes would hold.
const connections = [new Redis(REDIS_URL), new Redis(REDIS_URL)] as const;
const [first, second] = [redisHostGate(connections[0], prefix, 30_000), redisHostGate(connections[1], prefix, 30_000)];

afterAll(async () => {
  await deleteQueueKeys(REDIS_URL, prefix);
  for (const redis of connections) redis.disconnect();
});

/** A host of the test's own, so that tests share no state. */
const newHost = () => `${randomUUID()}.test:8080`;

/** Redis's clock, the one the gate goes by, in (fractional) ms. */
async function redisNowMs(): Promise<number> {
  const [seconds, micros] = await connections[0].time();
  return Number(seconds) * 1000 + Number(micros) / 1000;
}

type GrantedTurn = Extract<HostTurn, { granted: true }>;

function expectGranted(turn: HostTurn): GrantedTurn {
  expect(turn.granted).toBe(true);
  return turn as GrantedTurn;
}

function expectRefused(turn: HostTurn): number {
  expect(turn.granted).toBe(false);
  return (turn as Extract<HostTurn, { granted: false }>).waitMs;
}

/** Asks until a turn is granted, as a crawl job would, waiting what the gate says; fails after the deadline. */
async function acquireWhenAllowed(gate: HostGate, host: string, pace: HostPace, timeoutMs = 5_000): Promise<GrantedTurn> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const turn = await gate.acquire(host, pace);
    if (turn.granted) return turn;
    if (Date.now() > deadline) throw new Error(`no turn for ${host} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, turn.waitMs));
  }
}

describe('the Redis host gate', () => {
  it('lets `concurrency` requests run across processes, and a third only once one is released', async () => {
    const host = newHost();
    const pace = { concurrency: 2, minGapMs: 0 };
    const one = expectGranted(await first.acquire(host, pace));
    const two = expectGranted(await second.acquire(host, pace));
    const waitMs = expectRefused(await first.acquire(host, pace));
    // Both leases have 30 s to run, but a release usually comes sooner: the caller polls.
    expect(waitMs).toBeGreaterThan(0);
    expect(waitMs).toBeLessThanOrEqual(FULL_HOST_POLL_MS);
    expectRefused(await second.acquire(host, pace));
    await two.release();
    await two.release(); // a second release frees nothing more
    const three = expectGranted(await first.acquire(host, pace));
    expectRefused(await second.acquire(host, pace));
    for (const turn of [one, three]) await turn.release();
  });

  it('spaces two starts by the gap, on Redis\'s clock, and says how long is left', async () => {
    const host = newHost();
    const pace = { concurrency: 5, minGapMs: 300 };
    // Read before the first grant and after the second, so the spans measured contain the gate's own.
    const [redisBefore, wallBefore] = [await redisNowMs(), performance.now()];
    const one = expectGranted(await first.acquire(host, pace));
    const waitMs = expectRefused(await second.acquire(host, pace));
    expect(waitMs).toBeGreaterThan(0);
    expect(waitMs).toBeLessThanOrEqual(300);
    const two = await acquireWhenAllowed(second, host, pace);
    // The script keeps whole ms of TIME, so the true span may be up to 1 ms short of the gap.
    expect(await redisNowMs() - redisBefore).toBeGreaterThanOrEqual(299);
    expect(performance.now() - wallBefore).toBeGreaterThanOrEqual(299);
    for (const turn of [one, two]) await turn.release();
  });

  it('frees the slot of a turn never released once its lease expires', async () => {
    const shortLease = redisHostGate(connections[1], prefix, 200);
    const host = newHost();
    const pace = { concurrency: 2, minGapMs: 0 };
    // A held 30 s turn keeps the host's key alive, so only the lease's own expiry can free the other slot.
    const held = expectGranted(await first.acquire(host, pace));
    expectGranted(await shortLease.acquire(host, pace));
    expectRefused(await first.acquire(host, pace));
    const startedAt = Date.now();
    const turn = await waitFor(async () => {
      const attempt = await first.acquire(host, pace);
      return attempt.granted ? attempt : undefined;
    }, 3_000, 'the expired lease to free its slot');
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(100);
    expectRefused(await second.acquire(host, pace));
    for (const each of [held, turn]) await each.release();
  });

  it('holds a host back after slowDown, whatever its pace, and never shortens a longer wait', async () => {
    const host = newHost();
    const pace = { concurrency: 3, minGapMs: 0 };
    await first.slowDown(host, 400);
    const waitMs = expectRefused(await second.acquire(host, pace));
    expect(waitMs).toBeGreaterThan(200);
    expect(waitMs).toBeLessThanOrEqual(400);
    await second.slowDown(host, 50);
    expect(expectRefused(await first.acquire(host, pace))).toBeGreaterThan(200);
    const startedAt = Date.now();
    const turn = await acquireWhenAllowed(first, host, pace);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(150);
    await turn.release();
  });

  it('grants exactly `concurrency` turns to a crowd asking at once from two processes', async () => {
    const host = newHost();
    const pace = { concurrency: 3, minGapMs: 0 };
    const turns = await Promise.all(Array.from({ length: 20 }, (_, index) => (index % 2 === 0 ? first : second).acquire(host, pace)));
    const granted = turns.filter((turn): turn is GrantedTurn => turn.granted);
    expect(granted).toHaveLength(3);
    for (const turn of granted) await turn.release();
  });

  it('resolves a release that Redis does not hear, leaving the lease to expire', async () => {
    const lost = new Redis(REDIS_URL);
    const turn = expectGranted(await redisHostGate(lost, prefix, 30_000).acquire(newHost(), { concurrency: 1, minGapMs: 0 }));
    lost.disconnect();
    await expect(turn.release()).resolves.toBeUndefined();
  });

  it('keeps hosts apart', async () => {
    const [busy, other] = [newHost(), newHost()];
    const pace = { concurrency: 1, minGapMs: 10_000 };
    const turn = expectGranted(await first.acquire(busy, pace));
    await first.slowDown(busy, 10_000);
    expectRefused(await second.acquire(busy, pace));
    const elsewhere = expectGranted(await second.acquire(other, pace));
    for (const each of [turn, elsewhere]) await each.release();
  });

  it('leaves keys that expire, so idle hosts vanish', async () => {
    const host = newHost();
    const turn = expectGranted(await first.acquire(host, { concurrency: 1, minGapMs: 500 }));
    const [leases, next] = [`${prefix}:host:${host}:leases`, `${prefix}:host:${host}:next`];
    expect(await connections[0].pttl(leases)).toBeGreaterThan(29_000);
    expect(await connections[0].pttl(next)).toBeGreaterThan(0);
    expect(await connections[0].pttl(next)).toBeLessThanOrEqual(1_500);
    await turn.release();
    expect(await connections[0].exists(leases)).toBe(0);
  });
});
