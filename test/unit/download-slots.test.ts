import { EventEmitter } from 'node:events';
import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { limitDownloadsInProgress } from '../../src/web/api/download-slots.js';

/** Just what the middleware uses of a response: its 'close' event. */
const response = () => new EventEmitter() as unknown as Response;

describe('limitDownloadsInProgress', () => {
  it('lets `max` downloads run, answers busy past that, and frees a slot when one closes', () => {
    const limit = limitDownloadsInProgress(2);
    const run = (res: Response) => {
      let passed = false;
      limit({} as Request, res, () => (passed = true));
      return passed;
    };
    const [first, second] = [response(), response()];
    expect(run(first)).toBe(true);
    expect(run(second)).toBe(true);
    expect(() => run(response())).toThrow(expect.objectContaining({ code: 'busy', retryAfterMs: 1_000 }));
    (first as unknown as EventEmitter).emit('close');
    expect(run(response())).toBe(true);
    expect(() => run(response())).toThrow(expect.objectContaining({ code: 'busy' }));
  });
});
