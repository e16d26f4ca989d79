import { describe, expect, it } from 'vitest';
import type { HostTurn } from '../../src/core/job-contract.js';
import { FULL_HOST_POLL_MS, memoryHostGate } from '../../src/queue/host-gate.js';

type GrantedTurn = Extract<HostTurn, { granted: true }>;

function expectGranted(turn: HostTurn): GrantedTurn {
  expect(turn.granted).toBe(true);
  return turn as GrantedTurn;
}

function expectRefused(turn: HostTurn): number {
  expect(turn.granted).toBe(false);
  return (turn as Extract<HostTurn, { granted: false }>).waitMs;
}

/** A gate on a clock the test moves by hand. */
function gateOnClock(leaseMs = 30_000) {
  const clock = { now: 1_000 };
  return { gate: memoryHostGate(leaseMs, () => clock.now), clock };
}

const HOST = 'example.test:443';

describe('the memory host gate', () => {
  it('lets `concurrency` requests run, and another only once one is released', async () => {
    const { gate } = gateOnClock();
    const pace = { concurrency: 2, minGapMs: 0 };
    const one = expectGranted(await gate.acquire(HOST, pace));
    const two = expectGranted(await gate.acquire(HOST, pace));
    const waitMs = expectRefused(await gate.acquire(HOST, pace));
    expect(waitMs).toBe(FULL_HOST_POLL_MS);
    await two.release();
    await two.release(); // a second release frees nothing more
    const three = expectGranted(await gate.acquire(HOST, pace));
    expectRefused(await gate.acquire(HOST, pace));
    await Promise.all([one.release(), three.release()]);
    expectGranted(await gate.acquire(HOST, pace));
  });

  it('spaces starts by the gap and says how long is left', async () => {
    const { gate, clock } = gateOnClock();
    const pace = { concurrency: 5, minGapMs: 300 };
    expectGranted(await gate.acquire(HOST, pace));
    clock.now += 120;
    expect(expectRefused(await gate.acquire(HOST, pace))).toBe(180);
    clock.now += 179;
    expectRefused(await gate.acquire(HOST, pace));
    clock.now += 1;
    expectGranted(await gate.acquire(HOST, pace));
    expect(expectRefused(await gate.acquire(HOST, pace))).toBe(300);
  });

  it('frees the slot of a turn never released once its lease expires, and says when', async () => {
    const { gate, clock } = gateOnClock(200);
    const pace = { concurrency: 1, minGapMs: 0 };
    expectGranted(await gate.acquire(HOST, pace));
    clock.now += 150;
    expect(expectRefused(await gate.acquire(HOST, pace))).toBe(50);
    clock.now += 50;
    expectGranted(await gate.acquire(HOST, pace));
  });

  it('holds a host back after slowDown, and never shortens a longer wait', async () => {
    const { gate, clock } = gateOnClock();
    const pace = { concurrency: 3, minGapMs: 100 };
    expectGranted(await gate.acquire(HOST, pace));
    await gate.slowDown(HOST, 400);
    await gate.slowDown(HOST, 50);
    expect(expectRefused(await gate.acquire(HOST, pace))).toBe(400);
    clock.now += 399;
    expectRefused(await gate.acquire(HOST, pace));
    clock.now += 1;
    expectGranted(await gate.acquire(HOST, pace));
  });

  it('keeps hosts apart', async () => {
    const { gate } = gateOnClock();
    const pace = { concurrency: 1, minGapMs: 10_000 };
    expectGranted(await gate.acquire(HOST, pace));
    await gate.slowDown(HOST, 10_000);
    expectRefused(await gate.acquire(HOST, pace));
    expectGranted(await gate.acquire('other.test:443', pace));
  });

  it('sweeps idle hosts away without losing a live turn or a pending wait', async () => {
    const { gate, clock } = gateOnClock(120_000);
    const pace = { concurrency: 1, minGapMs: 0 };
    const held = expectGranted(await gate.acquire(HOST, pace));
    await gate.slowDown('waiting.test:443', 100_000);
    clock.now += 61_000; // past a sweep
    expectGranted(await gate.acquire('idle.test:443', pace));
    expectRefused(await gate.acquire(HOST, pace));
    expectRefused(await gate.acquire('waiting.test:443', pace));
    await held.release();
    expectGranted(await gate.acquire(HOST, pace));
  });

  it('refuses a pace that makes no sense', async () => {
    const { gate } = gateOnClock();
    await expect(gate.acquire(HOST, { concurrency: 0, minGapMs: 0 })).rejects.toThrow(RangeError);
    await expect(gate.acquire(HOST, { concurrency: 1, minGapMs: Number.NaN })).rejects.toThrow(RangeError);
  });
});
