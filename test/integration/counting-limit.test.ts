import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, submit, waitForResult } from '../support/api-client.js';
import { respond, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { startTestService, type TestService } from '../support/service.js';

let site: FixtureServer;
let service: TestService;

beforeAll(async () => {
  // 400,000 distinct words in under 3 MB: within FETCH_MAX_BYTES, far beyond a 32 MB counting heap.
  const words = Array.from({ length: 400_000 }, (_, i) => `w${i.toString(36)}`).join(' ');
  site = await startFixtureServer({
    '/distinct': respond(`<p>${words}</p>`),
    '/plain': respond('<p>an ordinary page</p>'),
  });
  service = await startTestService({ COUNTING_HEAP_MB: '32' });
});

afterAll(async () => {
  await service?.stop();
  await site?.close();
});

describe('a page whose counting outgrows COUNTING_HEAP_MB', () => {
  it('fails its job with too_large and a readable reason, and the worker keeps counting', async () => {
    const key = await submit(service.baseUrl, `${site.origin}/distinct`);
    expect(await waitForResult(service.baseUrl, key)).toMatchObject({ status: 422, body: { code: 'too_large', error: expect.stringContaining('too many words to count') } });
    const { body } = await getJson(`${service.baseUrl}/status/${key}`);
    expect(body).toMatchObject({ status: 'failed', code: 'too_large', error: expect.stringContaining('within 32 MB') });

    const plain = await submit(service.baseUrl, `${site.origin}/plain`);
    expect(await waitForResult(service.baseUrl, plain)).toMatchObject({ status: 200, body: [['ordinary', 1], ['page', 1]] });
  });
});
