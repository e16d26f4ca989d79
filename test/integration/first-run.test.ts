import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, submit, waitForResult } from '../support/api-client.js';
import { startCommand, type RunningProcess } from '../support/child-process.js';
import { respond, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { freePort } from '../support/free-port.js';
import { isRunning, processTree, remoteTcpPorts, stopProcessTree } from '../support/process-sockets.js';
import { waitFor } from '../support/wait-for.js';

// A newcomer's first run: `npm start` on a machine with nothing but Node, so no REDIS_URL and no
// DATABASE_URL. Redis does listen on this machine's 6379, which is what makes the check below
// meaningful: a connection attempted there would have succeeded and would still be open.
const REDIS_PORT = 6379;
const ADMIN_PASSWORD = 'first-run-password';

let dataDir: string;
let site: FixtureServer;
let start: RunningProcess;
let baseUrl: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'wordcrawler-first-run-'));
  site = await startFixtureServer({ '/page': respond('<h1>First run</h1><p>nothing but node, nothing but node</p>') });
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  start = startCommand('npm start', {
    PORT: String(port),
    PGLITE_DIR: join(dataDir, 'pglite'),
    FETCH_ALLOW_PRIVATE: 'true',
    ADMIN_PASSWORD,
    RATE_LIMIT_PER_MINUTE: '2',
    NODE_ENV: 'production',
  });
  // npm, tsx and PGlite's first start: slow on a loaded machine, so the deadline is generous.
  await start.waitForLog('web listening', 100_000);
}, 120_000);

afterAll(async () => {
  if (start?.child.pid) {
    const tree = await processTree(start.child.pid);
    await stopProcessTree(start.child.pid);
    await waitFor(async () => ((await Promise.all(tree.map(isRunning))).some(Boolean) ? undefined : true), 30_000, 'npm start to stop');
  }
  await site?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm start with neither REDIS_URL nor DATABASE_URL', () => {
  it('counts a page, with its jobs in the embedded database', async () => {
    const key = await submit(baseUrl, `${site.origin}/page`);
    expect((await waitForResult(baseUrl, key, '', 20_000)).body).toEqual([['node', 2], ['nothing', 2], ['First', 1], ['run', 1]]);
    expect((await getJson(`${baseUrl}/readyz`)).body).toEqual({ status: 'ready', queue: 'database', postgres: 'ok' });
  });

  it('keeps the rate limit and the job tallies in the process', async () => {
    // The first test's submission was one; the limit is two a minute. Another URL, or it would be reused.
    await submit(baseUrl, `${site.origin}/page?again`);
    const refused = await fetch(`${baseUrl}/start`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: `${site.origin}/page` }),
    });
    expect(refused.status).toBe(429);
    const metrics = async () => {
      const response = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}` } });
      return response.text();
    };
    // Tallies are written once a second; both submissions end completed.
    const text = await waitFor(async () => {
      const body = await metrics();
      return body.includes('wordcrawler_jobs_finished_total{status="completed"} 2') ? body : undefined;
    }, 10_000, 'two completed jobs in /metrics');
    expect(text).toMatch(/wordcrawler_fetch_size_bytes_count \d/);
  });

  it('made no connection to Redis and logged nothing about it', async () => {
    const ports = await remoteTcpPorts(await processTree(start.child.pid!));
    expect(ports).not.toContain(REDIS_PORT);
    const logged = start.stdoutLines().join('\n');
    expect(logged).toContain('no REDIS_URL: jobs are kept in the database');
    expect(logged).not.toMatch(/redis connection|ECONNREFUSED|Redis at/i);
  });
});
