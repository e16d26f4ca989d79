import { describe, expect, it } from 'vitest';
import type { FinishedResults, FinishedResultsListener } from '../../src/db/finished-results.js';
import { createUnfinishedResults } from '../../src/web/unfinished-results.js';

function fakeNotices() {
  let listener: FinishedResultsListener | undefined;
  let listening = true;
  const finished: FinishedResults = {
    isListening: () => listening,
    subscribe: (subscriber) => void (listener = subscriber),
    close: async () => {},
  };
  return {
    finished,
    hear: (key: string) => listener!.finished(key),
    drop: () => {
      listening = false;
      listener!.gap();
    },
  };
}

const QUEUED = { status: 'queued' as const, progress: 0 };

describe('unfinished results remembered in the web process', () => {
  it('repeats a remembered answer until the finish is heard', () => {
    const notices = fakeNotices();
    const unfinished = createUnfinishedResults(notices.finished);
    unfinished.remember('a', QUEUED, performance.now());
    expect(unfinished.recall('a')).toEqual(QUEUED);
    notices.hear('a');
    expect(unfinished.recall('a')).toBeUndefined();
  });

  it('does not remember an answer read before a finish it has already heard', () => {
    const notices = fakeNotices();
    const unfinished = createUnfinishedResults(notices.finished);
    const readAt = performance.now();
    notices.hear('a');
    unfinished.remember('a', QUEUED, readAt);
    expect(unfinished.recall('a')).toBeUndefined();
  });

  it('forgets everything and remembers nothing while notices may be missed', () => {
    const notices = fakeNotices();
    const unfinished = createUnfinishedResults(notices.finished);
    unfinished.remember('a', QUEUED, performance.now());
    notices.drop();
    expect(unfinished.recall('a')).toBeUndefined();
    unfinished.remember('b', QUEUED, performance.now());
    expect(unfinished.recall('b')).toBeUndefined();
  });

  it('stops repeating an answer after a second, so progress is never older than that', () => {
    const notices = fakeNotices();
    const unfinished = createUnfinishedResults(notices.finished);
    unfinished.remember('a', QUEUED, performance.now() - 1_001);
    expect(unfinished.recall('a')).toBeUndefined();
  });

  it('wakes a waiter when its key finishes, on a gap, on abort, or after its time', async () => {
    const notices = fakeNotices();
    const unfinished = createUnfinishedResults(notices.finished);
    const never = new AbortController().signal;
    const woken: string[] = [];
    const wait = (key: string, ms: number, signal = never) => unfinished.waitForFinish(key, ms, signal).then(() => void woken.push(key));
    const heard = wait('heard', 60_000);
    const other = wait('other', 60_000);
    notices.hear('heard');
    await heard;
    expect(woken).toEqual(['heard']);
    const aborted = new AbortController();
    const gone = wait('gone', 60_000, aborted.signal);
    aborted.abort();
    await gone;
    await wait('timed', 5);
    expect(woken).toEqual(['heard', 'gone', 'timed']);
    notices.drop();
    await other;
    expect(woken).toContain('other');
  });
});
