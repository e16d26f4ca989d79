import { describe, expect, it } from 'vitest';
import { outcomeIncrements, parseJobMetrics } from '../../src/queue/job-tally.js';

function tally(...outcomes: Parameters<typeof outcomeIncrements>[0][]): Record<string, number> {
  const hash: Record<string, number> = {};
  for (const outcome of outcomes) for (const [field, by] of outcomeIncrements(outcome)) hash[field] = (hash[field] ?? 0) + by;
  return hash;
}

describe('job metrics', () => {
  it('counts outcomes, failures by code and cumulative histogram buckets', () => {
    const metrics = parseJobMetrics(tally(
      { status: 'completed', seconds: 0.08, bytes: 40_000 },
      { status: 'completed', seconds: 0.3, bytes: 300_000 },
      { status: 'failed', code: 'http_status', seconds: 0.02 },
    ));
    expect(metrics.finished).toEqual({ completed: 2, failed: 1 });
    expect(metrics.failures).toEqual({ http_status: 1 });
    expect(metrics.duration.count).toBe(3);
    expect(metrics.duration.sum).toBeCloseTo(0.4);
    expect(metrics.duration.buckets.slice(0, 4)).toEqual([[0.05, 1], [0.1, 2], [0.25, 2], [0.5, 3]]);
    expect(metrics.fetchSize.count).toBe(2);
    expect(metrics.fetchSize.buckets.slice(0, 4)).toEqual([[10_000, 0], [50_000, 1], [100_000, 1], [250_000, 1]]);
  });

  it('reads an empty tally as zeros', () => {
    expect(parseJobMetrics({})).toMatchObject({ finished: {}, failures: {}, duration: { count: 0, sum: 0 } });
  });
});
