import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, submit, waitForResult } from '../support/api-client.js';
import { respond, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { startTestService, type TestService } from '../support/service.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { waitFor } from '../support/wait-for.js';

const PASSWORD = 'correct-horse-battery-staple';
const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
const OPERATOR = basic('admin', PASSWORD);

let site: FixtureServer;
let service: TestService;
let failedKey: string;

beforeAll(async () => {
  site = await startFixtureServer({ '/fine': respond('<p>fine words here</p>') });
  service = await startTestService({ ADMIN_PASSWORD: PASSWORD });
  await waitForResult(service.baseUrl, await submit(service.baseUrl, `${site.origin}/fine`));
  failedKey = await submit(service.baseUrl, `${site.origin}/missing`);
  await waitForResult(service.baseUrl, failedKey);
});

afterAll(async () => {
  await service?.stop();
  await site?.close();
});

describe('the queue dashboard', () => {
  it('refuses without credentials or with wrong ones, asking for basic auth', async () => {
    for (const headers of [{}, basic('admin', 'wrong-password-here'), basic('root', PASSWORD)]) {
      const response = await fetch(`${service.baseUrl}/admin/queues`, { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('Basic realm="wordcrawler admin"');
    }
  });

  it('shows the failed job, with its reason, to the operator', async () => {
    expect((await fetch(`${service.baseUrl}/admin/queues`, { headers: OPERATOR })).status).toBe(200);
    const api = await fetch(`${service.baseUrl}/admin/queues/api/queues?activeQueue=crawl&status=failed&page=1&jobsPerPage=10`, { headers: OPERATOR });
    const { queues } = (await api.json()) as { queues: Array<{ name: string; readOnlyMode: boolean; counts: Record<string, number>; jobs: Array<{ id: string; failedReason: string }> }> };
    const crawl = queues.find((queue) => queue.name === 'crawl')!;
    expect(crawl.readOnlyMode).toBe(true);
    expect(crawl.counts.failed).toBe(1);
    expect(crawl.jobs).toEqual([expect.objectContaining({ id: failedKey, failedReason: 'http_status: the server answered 404 Not Found' })]);
  });

  it('is read-only unless ADMIN_READ_WRITE is set: a retry is refused', async () => {
    const retry = await fetch(`${service.baseUrl}/admin/queues/api/queues/crawl/${failedKey}/retry/failed`, { method: 'PUT', headers: OPERATOR });
    expect(retry.ok).toBe(false);
    expect((await getJson(`${service.baseUrl}/status/${failedKey}`)).body.status).toBe('failed');
  });
});

describe('/metrics', () => {
  it('needs the operator credentials', async () => {
    expect((await fetch(`${service.baseUrl}/metrics`)).status).toBe(401);
  });

  it('counts the completed and the failed job, and HTTP requests', async () => {
    // The workers write their tallies once a second, so the figures may trail the results by that much.
    const text = await waitFor(async () => {
      const scraped = await (await fetch(`${service.baseUrl}/metrics`, { headers: OPERATOR })).text();
      return scraped.includes('wordcrawler_jobs_finished_total{status="failed"}') ? scraped : undefined;
    }, 10_000, 'the failed job in /metrics');
    expect(text).toContain('wordcrawler_jobs_finished_total{status="completed"} 1');
    expect(text).toContain('wordcrawler_jobs_finished_total{status="failed"} 1');
    expect(text).toContain('wordcrawler_job_failures_total{code="http_status"} 1');
    expect(text).toContain('wordcrawler_job_duration_seconds_count 2');
    expect(text).toContain('wordcrawler_jobs{state="failed"} 1');
    expect(text).toMatch(/wordcrawler_http_request_duration_seconds_count\{method="POST",route="\/start",status="202"\} 2/);
    expect(text).toContain('wordcrawler_web_process_resident_memory_bytes');
  });
});

describe('without ADMIN_PASSWORD', () => {
  it('has no dashboard and no metrics', async () => {
    const open = await startTestService({}, { worker: false });
    try {
      expect((await fetch(`${open.baseUrl}/admin/queues`)).status).toBe(404);
      expect((await fetch(`${open.baseUrl}/metrics`)).status).toBe(404);
    } finally {
      await open.stop();
    }
  });
});

describe('/healthz and /readyz', () => {
  let proxy: TcpProxy;
  let behindProxy: TestService;
  beforeAll(async () => {
    proxy = await startTcpProxy(6379);
    behindProxy = await startTestService({ REDIS_URL: `redis://127.0.0.1:${proxy.port}` }, { worker: false });
  });
  afterAll(async () => {
    await behindProxy?.stop();
    await proxy?.close();
  });

  it('turns /readyz to 503 naming Redis while it is away, and back when it returns', async () => {
    expect(await getJson(`${behindProxy.baseUrl}/readyz`)).toMatchObject({ status: 200, body: { status: 'ready', redis: 'ok', postgres: 'ok' } });
    proxy.cut();
    const down = await getJson(`${behindProxy.baseUrl}/readyz`);
    expect(down.status).toBe(503);
    expect(down.body).toEqual({ status: 'unavailable', error: 'Redis not reachable', code: 'not_ready', redis: 'unreachable', postgres: 'ok' });
    expect((await getJson(`${behindProxy.baseUrl}/healthz`)).status).toBe(200);
    proxy.restore();
    await waitFor(async () => ((await getJson(`${behindProxy.baseUrl}/readyz`)).status === 200 ? true : undefined), 15_000, 'Redis to come back');
  });
});
