import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { getJson, submit, waitForResult } from '../support/api-client.js';
import { startFixtureServer, respond, type FixtureServer } from '../support/fixture-server.js';
import { gatedPage } from '../support/gate.js';
import { startTestService, type TestService } from '../support/service.js';
import { waitFor } from '../support/wait-for.js';
import { RESULT_FINISHED_CHANNEL } from '../../src/db/finished-results.js';

// GET /results/:key?wait=N holds an unfinished answer until the result finishes (heard from
// Postgres's notices) or N seconds pass; polls of unfinished pages are answered from memory until then.
describe('waiting for a result', () => {
  let service: TestService;
  let site: FixtureServer;
  const gates = Array.from({ length: 4 }, (_, i) => gatedPage(`<p>gate number ${i} harbor harbor</p>`));

  beforeAll(async () => {
    site = await startFixtureServer({
      '/ready': respond('<p>ready harbor ships harbor</p>'),
      '/missing': respond('gone', { 'content-type': 'text/html' }, 404),
      ...Object.fromEntries(gates.map((gate, i) => [`/gated${i}`, gate.handler])),
    });
    service = await startTestService();
  });

  afterAll(async () => {
    gates.forEach((gate) => gate.open());
    await service?.stop();
    await site?.close();
  });

  it('answers the counts as soon as the page is stored, in the one request that waited', async () => {
    const key = await submit(service.baseUrl, `${site.origin}/gated0`);
    const waiting = getJson(`${service.baseUrl}/results/${key}?wait=20`);
    let answered = false;
    void waiting.then(() => (answered = true));
    // The page is held back by the site, so the request must still be waiting.
    await waitFor(async () => ((await getJson(`${service.baseUrl}/status/${key}`)).body.status === 'active' ? true : undefined));
    expect(answered).toBe(false);
    gates[0]!.open();
    const answer = await waiting;
    expect(answer.status).toBe(200);
    expect(answer.body[0]).toEqual(['harbor', 2]);
  });

  it('answers 202 with Retry-After when the wait runs out, and at once without wait', async () => {
    const key = await submit(service.baseUrl, `${site.origin}/gated1`);
    const started = performance.now();
    const now = await getJson(`${service.baseUrl}/results/${key}`);
    expect(now.status).toBe(202);
    expect(now.headers.get('retry-after')).toBe('1');
    const later = await getJson(`${service.baseUrl}/results/${key}?wait=1`);
    expect(later.status).toBe(202);
    expect(later.body.status).toMatch(/queued|active/);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_000);
    gates[1]!.open();
    expect((await waitForResult(service.baseUrl, key)).status).toBe(200);
  });

  it('answers a failure with 422 while waiting', async () => {
    const key = await submit(service.baseUrl, `${site.origin}/missing`);
    const answer = await getJson(`${service.baseUrl}/results/${key}?wait=20`);
    expect(answer.status).toBe(422);
    expect(answer.body.code).toBe('http_status');
  });

  it('refuses a wait it cannot honour, naming the parameter', async () => {
    const key = await submit(service.baseUrl, `${site.origin}/ready`);
    for (const wait of ['26', '-1', 'soon', '1.5']) {
      const answer = await getJson(`${service.baseUrl}/results/${key}?wait=${wait}`);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ code: 'invalid_request', error: expect.stringContaining('wait') });
    }
    expect((await getJson(`${service.baseUrl}/results/00000000-0000-4000-8000-000000000000?wait=2`)).status).toBe(404);
  });

  it('is told by Postgres when a page completes or fails, with its key', async () => {
    const listener = new pg.Client({ connectionString: service.config.DATABASE_URL });
    await listener.connect();
    try {
      const heard: string[] = [];
      listener.on('notification', ({ channel, payload }) => channel === RESULT_FINISHED_CHANNEL && heard.push(payload!));
      await listener.query(`LISTEN ${RESULT_FINISHED_CHANNEL}`);
      const completed = await submit(service.baseUrl, `${site.origin}/gated2`);
      const failed = await submit(service.baseUrl, `${site.origin}/missing`);
      await waitFor(() => (heard.includes(failed) ? true : undefined), 10_000, 'the failed page\'s notice');
      // Fetched and held by the site: active, which is no finish.
      expect(heard).not.toContain(completed);
      gates[2]!.open();
      await waitFor(() => (heard.includes(completed) ? true : undefined), 10_000, 'the completed page\'s notice');
      expect(heard.filter((key) => key === completed)).toHaveLength(1);
    } finally {
      await listener.end();
    }
  });

  it('hears finishes again after its listening connection is cut', async () => {
    const admin = new pg.Client({ connectionString: service.config.DATABASE_URL });
    await admin.connect();
    try {
      const listeners = async () => (await admin.query(
        'select pid from pg_stat_activity where datname = current_database() and query = $1', [`LISTEN ${RESULT_FINISHED_CHANNEL}`],
      )).rows.map((row: { pid: number }) => row.pid);
      const [pid] = await waitFor(async () => ((await listeners()).length > 0 ? listeners() : undefined));
      await admin.query('select pg_terminate_backend($1)', [pid]);
      await waitFor(async () => ((await listeners()).some((other) => other !== pid) ? true : undefined), 10_000, 'a new listening connection');
      const key = await submit(service.baseUrl, `${site.origin}/gated3`);
      const waiting = getJson(`${service.baseUrl}/results/${key}?wait=20`);
      gates[3]!.open();
      expect((await waiting).status).toBe(200);
    } finally {
      await admin.end();
    }
  });
});
