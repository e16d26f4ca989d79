// npx tsx bench/takeover.ts [runs]: how long a dead worker's job takes to complete on another worker,
// with the production defaults (JOB_LOCK_MS and the stalled check derived from it). Each run: a worker
// takes a job whose page holds its answer, is killed with SIGKILL at a random point of its lock's
// renewal cycle, a new worker starts, and the time from its "worker started" line to its "crawl
// completed" line is recorded. Needs Postgres and Redis as the tests do (TEST_DATABASE_ADMIN_URL).
import { randomUUID } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { loadConfig } from '../src/core/config.js';
import { connectPostgres } from '../src/db/database.js';
import { startProcess, type RunningProcess } from '../test/support/child-process.js';
import { freePort } from '../test/support/free-port.js';
import { deleteQueueKeys } from '../test/support/redis-cleanup.js';
import { waitFor } from '../test/support/wait-for.js';

const RUNS = Number(process.argv[2] ?? 8);
const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const DATABASE = 'wordcrawler_takeover';

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  await client.query(statement).finally(() => client.end());
}

// Each run's first fetch is held (the worker dies holding it); once the gate opens, fetches answer at once.
let held: ServerResponse[] = [];
let open = false;
let hits = 0;
const answer = (res: ServerResponse) => res.writeHead(200, { 'content-type': 'text/html' }).end('<p>taken over</p>');
const site = createServer((_req, res) => {
  hits += 1;
  if (open) answer(res);
  else held.push(res);
});
const release = () => {
  open = true;
  for (const res of held.splice(0)) if (!res.destroyed) answer(res);
};

await admin(`drop database if exists ${DATABASE} with (force)`);
await admin(`create database ${DATABASE}`);
const databaseUrl = new URL(ADMIN_URL);
databaseUrl.pathname = `/${DATABASE}`;
const database = connectPostgres(databaseUrl.href, { poolSize: 1 });
await database.migrate();
await database.close();
await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;

const env = {
  DATABASE_URL: databaseUrl.href, REDIS_URL, QUEUE_PREFIX: `wc-takeover-${randomUUID()}`, FETCH_ALLOW_PRIVATE: 'true', LOG_LEVEL: 'info',
};
const lockMs = loadConfig(env).JOB_LOCK_MS;
const webPort = await freePort();
const web = startProcess('src/entries/web.ts', { ...env, PORT: String(webPort), RATE_LIMIT_PER_MINUTE: '0', REUSE_WINDOW_SECONDS: '0' });
await web.waitForLog('web listening', 30_000);

// Every process is killed on the way out, or a failed run would leave workers sweeping the next run's rows.
const started: RunningProcess[] = [web];
const start = (entry: string) => {
  const child = startProcess(entry, env);
  started.push(child);
  return child;
};
const stop = async (worker: RunningProcess) => {
  worker.child.kill('SIGKILL');
  await worker.exited;
};
process.on('exit', () => {
  for (const child of started) child.child.kill('SIGKILL');
});
const at = (line: Record<string, unknown>) => line.time as number;
const seconds = (ms: number) => (ms / 1000).toFixed(1);
const windows: number[] = [];
const outages: number[] = [];
for (let run = 1; run <= RUNS; run++) {
  open = false;
  const first = start('worker.ts');
  await first.waitForLog('worker started', 30_000);
  const before = hits;
  const response = await fetch(`http://127.0.0.1:${webPort}/start`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: `${origin}/page/${run}` }),
  });
  const { key } = (await response.json()) as { key: string };
  if (response.status !== 202) throw new Error(`POST /start answered ${response.status}`);
  await waitFor(() => (hits > before ? true : undefined), 10_000, 'the first fetch');
  // Anywhere in the lock's renewal cycle (renewed every half lock), as a crash would be.
  await new Promise((resolve) => setTimeout(resolve, Math.random() * lockMs / 2));
  await stop(first);
  const killedAt = Date.now();
  release();
  const second = start('worker.ts');
  const up = await second.waitForLog('worker started', 30_000);
  const completed = await waitFor(() => second.logLines().find((line) => line.msg === 'crawl completed' && line.key === key), 40_000, 'the takeover');
  windows.push(at(completed) - at(up));
  outages.push(at(completed) - killedAt);
  console.log(`run ${run}: completed ${seconds(at(completed) - at(up))} s after the new worker started, ${seconds(at(completed) - killedAt)} s after the kill`);
  await stop(second);
}
await stop(web);
site.close();
await admin(`drop database if exists ${DATABASE} with (force)`);
await deleteQueueKeys(REDIS_URL, env.QUEUE_PREFIX);
const range = (values: number[]) => {
  values.sort((a, b) => a - b);
  return `${seconds(values[0]!)}–${seconds(values.at(-1)!)} s, median ${seconds(values[Math.floor(values.length / 2)]!)} s`;
};
console.log(`JOB_LOCK_MS ${lockMs}, ${RUNS} runs: completed ${range(windows)} after the new worker started; ${range(outages)} after the kill`);
