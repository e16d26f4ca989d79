import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submit, waitForResult } from '../support/api-client.js';
import { startCommand, type RunningProcess } from '../support/child-process.js';
import { respond, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { deleteQueueKeys } from '../support/redis-cleanup.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { freePort } from '../support/free-port.js';
import { waitFor } from '../support/wait-for.js';

const PROJECT_ROOT = new URL('../..', import.meta.url);
const REDIS_URL = 'redis://127.0.0.1:6379';
const QUEUE_PREFIX = `wc-procfile-${randomUUID()}`;

/** The Procfile's process types and commands, read as the platform reads them. */
function readProcfile(): Record<string, string> {
  const text = readFileSync(new URL('Procfile', PROJECT_ROOT), 'utf8');
  return Object.fromEntries(text.split('\n').filter((line) => /^\w+:/.test(line)).map((line) => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon), line.slice(colon + 1).trim()];
  }));
}

let database: TestDatabase;
let site: FixtureServer;
let env: Record<string, string>;
const running: RunningProcess[] = [];

beforeAll(async () => {
  // What the platform's build step does before any process starts.
  await promisify(execFile)('npm', ['run', 'build'], { cwd: PROJECT_ROOT });
  database = await createTestDatabase({ empty: true });
  site = await startFixtureServer({ '/article': respond('<h1>Procfile</h1><p>every process type runs as written, as written</p>') });
  env = {
    PORT: String(await freePort()),
    DATABASE_URL: database.url,
    REDIS_URL,
    QUEUE_PREFIX,
    FETCH_ALLOW_PRIVATE: 'true',
    LOG_LEVEL: 'info',
    NODE_ENV: 'production',
  };
}, 120_000);

afterAll(async () => {
  for (const process of running) process.child.kill('SIGKILL');
  await site?.close();
  await database?.drop();
  await deleteQueueKeys(REDIS_URL, QUEUE_PREFIX);
});

describe('the Procfile', () => {
  it('declares release, web and worker, each running node directly (V8 flags allowed)', () => {
    const types = readProcfile();
    expect(Object.keys(types).sort()).toEqual(['release', 'web', 'worker']);
    for (const command of Object.values(types)) expect(command).toMatch(/^node (--[a-z-]+=\d+ )*dist\//);
  });

  it('runs release, then web and worker exactly as written, and counts a page through them', async () => {
    const types = readProcfile();
    const release = startCommand(types.release!, env);
    expect(await release.exited).toBe(0);
    expect(release.logLines().map((line) => line.msg)).toContain('migrations applied');

    const web = startCommand(types.web!, env);
    const worker = startCommand(types.worker!, env);
    running.push(web, worker);
    await web.waitForLog('web listening');
    await worker.waitForLog('worker started');

    const baseUrl = `http://127.0.0.1:${env.PORT}`;
    const key = await submit(baseUrl, `${site.origin}/article`);
    const result = await waitForResult(baseUrl, key);
    expect(result.body).toEqual([['written', 2], ['process', 1], ['Procfile', 1], ['runs', 1], ['type', 1]]);

    // Logs are JSON lines with the fields an operator filters on.
    await waitFor(() => web.logLines().find((line) => line.msg === 'request' && (line.req as { path: string }).path === `/results/${key}`), 5_000, 'the request log');
    const request = web.logLines().find((line) => line.msg === 'request' && (line.req as { path: string }).path === '/start')!;
    expect(request).toMatchObject({ req: { method: 'POST', path: '/start', id: expect.any(String) }, res: { status: 202 }, ms: expect.any(Number) });

    web.child.kill('SIGTERM');
    worker.child.kill('SIGTERM');
    expect(await Promise.all([web.exited, worker.exited])).toEqual([0, 0]);
    for (const process of [web, worker]) {
      const lines = process.stdoutLines();
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    }
  });
});
