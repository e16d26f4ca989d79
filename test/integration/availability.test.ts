import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { results } from '../../src/db/schema.js';
import { withDeadline } from '../../src/core/deadline.js';
import { getJson, postJson, submit } from '../support/api-client.js';
import { startTestService, type TestService } from '../support/service.js';

// Nothing listens on port 1, so connections there are refused at once.
const CLOSED_PORT = 1;

describe('while no worker is running', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService({}, { worker: false });
  });
  afterAll(() => service?.stop());

  it('answers 202 with the queued status, progress and a Retry-After hint', async () => {
    const key = await submit(service.baseUrl, 'https://example.com/waiting');
    const answer = await getJson(`${service.baseUrl}/results/${key}`);
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ status: 'queued', progress: 0 });
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await getJson(`${service.baseUrl}/status/${key}`)).body).toMatchObject({ status: 'queued', final_url: null });
  });
});

describe('when Redis is unreachable', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService({ REDIS_URL: `redis://127.0.0.1:${CLOSED_PORT}` }, { worker: false });
  });
  afterAll(() => service?.stop());

  it('answers 503 rather than waiting for Redis, and leaves no row behind', async () => {
    const url = `https://example.com/${randomUUID()}`;
    // The service gives up on Redis within its 2 s enqueue deadline. This one is far enough past that
    // for a busy machine, and still fails a request left waiting for Redis to come back.
    const answer = await withDeadline(postJson(`${service.baseUrl}/start`, { url }), 15_000, 'the answer to POST /start');
    expect(answer.status).toBe(503);
    expect(answer.body).toEqual({ code: 'queue_unavailable', error: 'the job queue is unavailable; please try again shortly' });
    expect(await service.db.select().from(results).where(eq(results.url, url))).toEqual([]);
  });
});

describe('when Postgres is unreachable', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService({ DATABASE_URL: `postgresql://postgres@127.0.0.1:${CLOSED_PORT}/none` }, { worker: false });
  });
  afterAll(() => service?.stop());

  it('answers 503 database_unavailable to submissions and reads', async () => {
    const submitted = await postJson(`${service.baseUrl}/start`, { url: 'https://example.com/' });
    expect(submitted.status).toBe(503);
    expect(submitted.body.code).toBe('database_unavailable');
    const read = await getJson(`${service.baseUrl}/results/${randomUUID()}`);
    expect(read.status).toBe(503);
    expect(read.body).toEqual({ code: 'database_unavailable', error: 'the database is unavailable; please try again shortly' });
  });
});
