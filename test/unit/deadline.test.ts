import { describe, expect, it } from 'vitest';
import { DeadlineError, withDeadline } from '../../src/core/deadline.js';

describe('withDeadline', () => {
  it('settles as the promise does when it is in time', async () => {
    await expect(withDeadline(Promise.resolve(7), 1_000, 'seven')).resolves.toBe(7);
    await expect(withDeadline(Promise.reject(new Error('no')), 1_000, 'seven')).rejects.toThrow('no');
  });

  it('rejects with a DeadlineError naming what was waited for when it is not', async () => {
    const never = new Promise<never>(() => {});
    const failure = await withDeadline(never, 10, 'the queue').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DeadlineError);
    expect((failure as Error).message).toBe('the queue: no answer within 10 ms');
  });
});
