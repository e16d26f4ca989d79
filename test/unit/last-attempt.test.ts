import { describe, expect, it } from 'vitest';
import { AppError, isLastAttempt } from '../../src/core/errors.js';

describe('isLastAttempt', () => {
  const transient = new AppError('timeout', 'slow', true);
  const costly = new AppError('timeout', 'trickled', true, { attemptsAllowed: 2 });
  const permanent = new AppError('http_status', 'gone');

  it('ends a permanent failure at once', () => {
    expect(isLastAttempt(permanent, 1, 4)).toBe(true);
  });

  it('retries a transient failure until the job\'s attempts are used', () => {
    expect([1, 2, 3, 4].map((attempt) => isLastAttempt(transient, attempt, 4))).toEqual([false, false, false, true]);
  });

  it('retries a costly failure only as often as it allows', () => {
    expect([1, 2].map((attempt) => isLastAttempt(costly, attempt, 4))).toEqual([false, true]);
    expect(isLastAttempt(costly, 1, 1)).toBe(true);
  });
});
