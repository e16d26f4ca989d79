import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, submit, waitForResult } from '../support/api-client.js';
import { respond, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { startTestService, type TestService } from '../support/service.js';
import { waitFor } from '../support/wait-for.js';

// Issue 11: pages that held both counting threads for minutes, and pages that failed "unexpectedly"
// four fetches in a row. Each test runs the attack against a real worker.

let site: FixtureServer;
beforeAll(async () => {
  // 7 million empty inline elements, 48 MB: a second or more to count on any machine, past a 300 ms deadline.
  const slow = `<p>${'<i></i>'.repeat(7_000_000)}</p>`;
  site = await startFixtureServer({
    '/slow-1': respond(slow),
    '/slow-2': respond(slow),
    '/normal': respond('<p>an ordinary page</p>'),
    // x-user-defined is only chosen by a header; iconv-lite does not know it.
    '/user-defined': respond(Buffer.from([...Buffer.from('<p>caf'), 0xe9, ...Buffer.from(' user defined</p>')]), { 'content-type': 'text/html; charset=x-user-defined' }),
    // One letter and 5 million combining marks (10 MB): the tokenizer's pattern overflowed the stack.
    '/marks': respond(`<p>plain words a${'\u0301'.repeat(5_000_000)}</p>`),
  });
});
afterAll(() => site?.close());

const status = async (service: TestService, key: string) => (await getJson(`${service.baseUrl}/status/${key}`)).body;

describe('a page slower to count than COUNT_TIMEOUT_MS', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService({ COUNT_TIMEOUT_MS: '300', FETCH_MAX_BYTES: String(64 * 1024 * 1024), COUNTING_THREADS: '2' });
  }, 60_000);
  afterAll(() => service?.stop());

  it('fails with too_complex, fetched once, while a normal page submitted beside two of them completes promptly', async () => {
    const slow = [await submit(service.baseUrl, `${site.origin}/slow-1`), await submit(service.baseUrl, `${site.origin}/slow-2`)];
    // Both threads are taken once both slow pages are being counted.
    await waitFor(async () => {
      const stages = await Promise.all(slow.map(async (key) => (await getJson(`${service.baseUrl}/results/${key}`)).body));
      return stages.every((body) => body.status === 'failed' || (body.status === 'active' && body.progress >= 60)) || undefined;
    }, 30_000, 'both slow pages counting');
    const submittedAt = performance.now();
    const normal = await submit(service.baseUrl, `${site.origin}/normal`);
    expect(await waitForResult(service.baseUrl, normal)).toMatchObject({ status: 200, body: [['ordinary', 1], ['page', 1]] });
    const normalMs = performance.now() - submittedAt;

    for (const key of slow) {
      expect(await waitForResult(service.baseUrl, key, '', 30_000)).toMatchObject({
        status: 422,
        body: { code: 'too_complex', error: expect.stringContaining('within 300 ms (COUNT_TIMEOUT_MS)') },
      });
    }
    expect(site.hits.get('/slow-1')).toBe(1);
    expect(site.hits.get('/slow-2')).toBe(1);
    // The thread it waits for is stopped at the deadline (300 ms) and replaced: seconds at most, not the slow pages' whole count.
    expect(normalMs).toBeLessThan(5_000);
  }, 90_000);
});

describe('pages that failed unexpectedly on every attempt', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService({ FETCH_MAX_BYTES: String(16 * 1024 * 1024) });
  }, 60_000);
  afterAll(() => service?.stop());

  it('count an x-user-defined page and a page of combining marks, submitted at once, each fetched once', async () => {
    const [userDefined, marks] = await Promise.all([submit(service.baseUrl, `${site.origin}/user-defined`), submit(service.baseUrl, `${site.origin}/marks`)]);
    // 0xE9 is U+F7E9 in x-user-defined, a private-use character: no letter, so "caf" ends there.
    expect(await waitForResult(service.baseUrl, userDefined, '', 30_000)).toMatchObject({ status: 200, body: [['caf', 1], ['defined', 1], ['user', 1]] });
    // The run of marks is no word; the words before it still count.
    expect(await waitForResult(service.baseUrl, marks, '', 30_000)).toMatchObject({ status: 200, body: [['plain', 1], ['words', 1]] });
    expect(await status(service, marks)).toMatchObject({ status: 'completed' });
    expect(site.hits.get('/user-defined')).toBe(1);
    expect(site.hits.get('/marks')).toBe(1);
  }, 60_000);
});
