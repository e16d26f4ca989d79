import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submit, waitForResult } from '../support/api-client.js';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { waitForFinishedJob } from '../support/queue-state.js';
import { startTestService, type TestService } from '../support/service.js';

const hitTimes = new Map<string, number[]>();
/** Answers `status` with `retryAfter()` for the first `busyAnswers` requests to a path, then the page. */
function busy(path: string, status: number, retryAfter: () => string, busyAnswers = 1) {
  return (_req: unknown, res: ServerResponse) => {
    const times = hitTimes.get(path) ?? [];
    times.push(Date.now());
    hitTimes.set(path, times);
    if (times.length <= busyAnswers) return res.writeHead(status, { 'retry-after': retryAfter(), 'content-type': 'text/plain' }).end('busy');
    res.writeHead(200, { 'content-type': 'text/plain' }).end('patience patience pays');
  };
}
const gapMs = (path: string) => hitTimes.get(path)![1]! - hitTimes.get(path)![0]!;

let site: FixtureServer;
let service: TestService;

beforeAll(async () => {
  site = await startFixtureServer({
    '/429-seconds': busy('/429-seconds', 429, () => '2'),
    // HTTP-dates have whole seconds, so this asks for between 2 and 3 s.
    '/503-date': busy('/503-date', 503, () => new Date(Date.now() + 3_000).toUTCString()),
    '/always-429': busy('/always-429', 429, () => '1', Infinity),
    '/429-too-long': busy('/429-too-long', 429, () => '3600', Infinity),
  });
  service = await startTestService();
});

afterAll(async () => {
  await service?.stop();
  await site?.close();
});

describe('Retry-After', () => {
  // The usual first retry comes after 0.5 to 1 s, so a gap of 2 s or more is the server's doing.
  it.concurrent.for(['/429-seconds', '/503-date'])('waits as long as %s asks before trying again', async (path, { expect }) => {
    const key = await submit(service.baseUrl, `${site.origin}${path}`);
    expect((await waitForResult(service.baseUrl, key)).body).toEqual([['patience', 2], ['pays', 1]]);
    expect(hitTimes.get(path)).toHaveLength(2);
    expect(gapMs(path)).toBeGreaterThanOrEqual(2_000);
  });

  it.concurrent('still counts the waits as attempts, and fails the fourth for good', async ({ expect }) => {
    const key = await submit(service.baseUrl, `${site.origin}/always-429`);
    const result = await waitForResult(service.baseUrl, key);
    expect(result.body).toEqual({ status: 'failed', code: 'http_status', error: 'the server answered 429 Too Many Requests' });
    // BullMQ has finished with the job too: no fifth attempt is waiting to run.
    expect(await waitForFinishedJob(service.config, key)).toMatchObject({ state: 'failed', attemptsStarted: 4 });
    expect(hitTimes.get('/always-429')).toHaveLength(4);
  });

  it.concurrent('gives up at once when asked to wait longer than a minute', async ({ expect }) => {
    const key = await submit(service.baseUrl, `${site.origin}/429-too-long`);
    expect((await waitForResult(service.baseUrl, key)).body).toEqual({
      status: 'failed',
      code: 'http_status',
      error: 'the server answered 429 Too Many Requests and asked to retry after 3600 s, longer than the 60 s we wait',
    });
    expect(await waitForFinishedJob(service.config, key)).toEqual({ state: 'failed', attemptsMade: 1, attemptsStarted: 1 });
    expect(hitTimes.get('/429-too-long')).toHaveLength(1);
  });
});
