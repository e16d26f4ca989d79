import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.js';
import { startJobTallyWriter } from '../../src/queue/job-tally-writer.js';
import { readJobTally } from '../../src/queue/job-tally.js';
import { redisTallies } from '../../src/queue/queue-store.js';
import { deleteQueueKeys } from '../support/redis-cleanup.js';
import { testConfig } from '../support/service.js';

const REDIS_URL = 'redis://127.0.0.1:6379';
const prefix = `tally-test-${randomUUID()}`;
const sharedPrefix = `${prefix}-shared`;
const redis = new Redis(REDIS_URL);
const logger = createLogger(testConfig(), 'test');

afterAll(async () => {
  for (const each of [prefix, sharedPrefix]) await deleteQueueKeys(REDIS_URL, each);
  redis.disconnect();
});

describe('the job tally', () => {
  it('adds outcomes up in memory and writes them to the shared hash by closing time', async () => {
    const tally = startJobTallyWriter(redisTallies(redis, prefix), logger);
    tally.record({ status: 'completed', seconds: 0.08 });
    tally.record({ status: 'completed', seconds: 0.3 });
    tally.record({ status: 'failed', code: 'http_status', seconds: 0.02 });
    await tally.close();
    const jobTally = await readJobTally(redisTallies(redis, prefix));
    expect(jobTally.finished).toEqual({ completed: 2, failed: 1 });
    expect(jobTally.failures).toEqual({ http_status: 1 });
    expect(jobTally.duration.count).toBe(3);
    expect(jobTally.duration.sum).toBeCloseTo(0.4);
  });

  it('adds to what other workers wrote rather than replacing it', async () => {
    const earlier = startJobTallyWriter(redisTallies(redis, sharedPrefix), logger);
    earlier.record({ status: 'completed', seconds: 1 });
    earlier.record({ status: 'completed', seconds: 1 });
    await earlier.close();
    const [first, second] = [startJobTallyWriter(redisTallies(redis, sharedPrefix), logger), startJobTallyWriter(redisTallies(redis, sharedPrefix), logger)];
    first.record({ status: 'completed', seconds: 1 });
    second.record({ status: 'completed', seconds: 1 });
    await Promise.all([first.close(), second.close()]);
    expect((await readJobTally(redisTallies(redis, sharedPrefix))).finished.completed).toBe(4);
  });

  it('keeps the increments of a write that failed and writes them with the next one', async () => {
    // A string under the hash's key makes every HINCRBY fail (WRONGTYPE) until it is removed.
    const wrongTypePrefix = `${prefix}-wrongtype`;
    await redis.set(`${wrongTypePrefix}:metrics`, 'not a hash');
    const tally = startJobTallyWriter(redisTallies(redis, wrongTypePrefix), logger);
    tally.record({ status: 'completed', seconds: 0.5 });
    await tally.close();
    await redis.del(`${wrongTypePrefix}:metrics`);
    tally.record({ status: 'completed', seconds: 0.5 });
    await tally.close();
    expect((await readJobTally(redisTallies(redis, wrongTypePrefix))).finished.completed).toBe(2);
    await redis.del(`${wrongTypePrefix}:metrics`);
  });
});
