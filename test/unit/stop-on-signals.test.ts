import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stopOnSignals } from '../../src/core/lifecycle.js';
import { waitFor } from '../support/wait-for.js';

/** A logger whose lines land in an array. */
function recordingLogger() {
  const lines: Array<{ level: number; msg: string; err?: { message: string } }> = [];
  return { lines, logger: pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) }) };
}

// stopOnSignals adds listeners to this very process; each test removes the ones it added.
const signals = ['SIGTERM', 'SIGINT'] as const;
let before = new Map(signals.map((signal) => [signal, process.listeners(signal)]));
afterEach(() => {
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)!.includes(listener)) process.off(signal, listener);
  }
  before = new Map(signals.map((signal) => [signal, process.listeners(signal)]));
  vi.restoreAllMocks();
});

describe('stopOnSignals', () => {
  it('stops everything newest first and exits 0', async () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation(() => undefined as never);
    const { logger } = recordingLogger();
    const order: string[] = [];
    stopOnSignals([async () => void order.push('database'), async () => void order.push('web')], logger);
    process.emit('SIGTERM', 'SIGTERM');
    await waitFor(() => (exit.mock.calls.length > 0 ? true : undefined), 2_000, 'exit');
    expect(order).toEqual(['web', 'database']);
    expect(exit).toHaveBeenCalledWith(0);
  });

  it('logs a stop that fails, still runs the others, and exits 1', async () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation(() => undefined as never);
    const { lines, logger } = recordingLogger();
    const order: string[] = [];
    stopOnSignals(
      [
        async () => void order.push('database'),
        async () => {
          throw new Error('redis would not close');
        },
        async () => void order.push('web'),
      ],
      logger,
    );
    process.emit('SIGTERM', 'SIGTERM');
    await waitFor(() => (exit.mock.calls.length > 0 ? true : undefined), 2_000, 'exit');
    expect(order).toEqual(['web', 'database']);
    expect(lines.filter((line) => line.level === 50).map((line) => line.err?.message)).toEqual(['redis would not close']);
    expect(exit).toHaveBeenCalledWith(1);
  });
});
