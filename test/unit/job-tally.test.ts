import { describe, expect, it } from 'vitest';
import { parseJobTally, tallyIncrements } from '../../src/queue/job-tally.js';

function tally(...outcomes: Parameters<typeof tallyIncrements>[0][]): Record<string, number> {
  const hash: Record<string, number> = {};
  for (const outcome of outcomes) for (const [field, by] of tallyIncrements(outcome)) hash[field] = (hash[field] ?? 0) + by;
  return hash;
}

describe('the job tally', () => {
  it('counts outcomes, failures by code and cumulative histogram buckets', () => {
    const jobTally = parseJobTally(tally(
      { status: 'completed', seconds: 0.08, bytes: 40_000 },
      { status: 'completed', seconds: 0.3, bytes: 300_000 },
      { status: 'failed', code: 'http_status', seconds: 0.02 },
    ));
    expect(jobTally.finished).toEqual({ completed: 2, failed: 1 });
    expect(jobTally.failures).toEqual({ http_status: 1 });
    expect(jobTally.duration.count).toBe(3);
    expect(jobTally.duration.sum).toBeCloseTo(0.4);
    expect(jobTally.duration.buckets.slice(0, 4)).toEqual([[0.05, 1], [0.1, 2], [0.25, 2], [0.5, 3]]);
    expect(jobTally.fetchSize.count).toBe(2);
    expect(jobTally.fetchSize.buckets.slice(0, 4)).toEqual([[10_000, 0], [50_000, 1], [100_000, 1], [250_000, 1]]);
  });

  it('reads an empty tally as zeros', () => {
    expect(parseJobTally({})).toMatchObject({ finished: {}, failures: {}, duration: { count: 0, sum: 0 } });
  });
});
