import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { results } from '../../src/db/schema.js';
import { startProcess } from '../support/child-process.js';
import { startFixtureServer, respond, type FixtureHandler, type FixtureServer } from '../support/fixture-server.js';
import { waitForFinishedJob } from '../support/queue-state.js';
import { startTestService, type TestService } from '../support/service.js';
import { waitFor } from '../support/wait-for.js';
import { waitForResult } from '../support/api-client.js';

/** A server that never stops sending, one byte at a time: each fetch lasts the whole deadline. */
const trickle: FixtureHandler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html' });
  const timer = setInterval(() => res.write('a'), 200);
  res.on('close', () => clearInterval(timer));
};

let site: FixtureServer;

beforeAll(async () => {
  const routes: Record<string, FixtureHandler> = { '/trickle': trickle };
  for (const name of ['a1', 'a2', 'a3', 'b1']) routes[`/${name}`] = respond(`<p>page ${name}</p>`);
  site = await startFixtureServer(routes);
});

afterAll(async () => {
  await site?.close();
});

function submitAs(service: TestService, client: string, url: string): Promise<Response> {
  return fetch(`${service.baseUrl}/start`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
    body: JSON.stringify({ url }),
  });
}

describe('one client with many pages in flight', () => {
  let service: TestService;

  beforeAll(async () => {
    // No worker yet: the jobs wait, so what is in flight is exactly what was submitted.
    service = await startTestService({ CLIENT_MAX_IN_FLIGHT: '3', TRUST_PROXY_HOPS: '1' }, { worker: false });
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('is refused past CLIENT_MAX_IN_FLIGHT, while another client is not, and its jobs go after the other\'s', async () => {
    for (const name of ['a1', 'a2', 'a3']) expect((await submitAs(service, '203.0.113.7', `${site.origin}/${name}`)).status).toBe(202);
    const refused = await submitAs(service, '203.0.113.7', `${site.origin}/a4`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await refused.json()).toEqual({
      code: 'too_many_in_flight',
      error: '3 of your pages are still waiting or being counted, the most one client may have at once; submit more when some finish',
    });
    expect((await submitAs(service, '198.51.100.9', `${site.origin}/b1`)).status).toBe(202);

    // One worker slot, so the jobs run one after another in the queue's order.
    const worker = startProcess('worker.ts', {
      DATABASE_URL: service.config.DATABASE_URL!, REDIS_URL: service.config.REDIS_URL, QUEUE_PREFIX: service.config.QUEUE_PREFIX,
      FETCH_ALLOW_PRIVATE: 'true', WORKER_CONCURRENCY: '1', LOG_LEVEL: 'info',
    });
    try {
      const done = () => service.db.$count(results, eq(results.status, 'completed'));
      await waitFor(async () => ((await done()) === 4 ? true : undefined), 30_000, 'all four pages');
      const order = await service.db.select({ url: results.url }).from(results).orderBy(asc(results.startedAt));
      // The second client's only page runs before the first client's second and third.
      expect(order.map((row) => new URL(row.url).pathname)).toEqual(['/a1', '/b1', '/a2', '/a3']);
    } finally {
      worker.child.kill('SIGKILL');
      await worker.exited;
    }
    // Finished pages no longer count: the first client may submit again.
    expect((await submitAs(service, '203.0.113.7', `${site.origin}/a4`)).status).toBe(202);
  }, 60_000);
});

describe('a server that trickles its page within the deadline', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService({ FETCH_TIMEOUT_MS: '1500' });
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('is tried twice, not four times, then fails with timeout', async () => {
    const response = await submitAs(service, '203.0.113.7', `${site.origin}/trickle`);
    const { key } = (await response.json()) as { key: string };
    const result = await waitForResult(service.baseUrl, key, '', 30_000);
    expect(result.body).toMatchObject({ status: 'failed', code: 'timeout' });
    expect(result.body.error).toMatch(/did not send the whole page within 1\.5 s/);
    expect(await waitForFinishedJob(service.config, key)).toMatchObject({ state: 'failed', attemptsStarted: 2 });
    expect(site.hits.get('/trickle')).toBe(2);
  }, 60_000);
});
