// Starts the service the way the Procfile says (its `web` and `worker` lines, built JS, real Postgres
// and Redis), with the bench's environment, and stops it with SIGTERM as the platform would.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ServiceOptions {
  root: string;
  port: number;
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  workers: number;
  /** Extra environment, e.g. WORKER_CONCURRENCY. */
  env?: Record<string, string>;
  logDir: string;
  label: string;
}

export interface Service {
  baseUrl: string;
  webPid: number;
  workerPids: number[];
  stop(): Promise<void>;
}

/** The command of one Procfile process type, split into argv (the Procfile uses no shell features). */
export function procfileCommand(root: string, type: string): string[] {
  const line = readFileSync(join(root, 'Procfile'), 'utf8').split('\n').find((l) => l.startsWith(`${type}:`));
  if (!line) throw new Error(`Procfile has no ${type} process`);
  return line.slice(type.length + 1).trim().split(/\s+/);
}

export async function startService(options: ServiceOptions): Promise<Service> {
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(options.port),
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    QUEUE_PREFIX: options.queuePrefix,
    // The corpus is served on 127.0.0.1; every URL is new to the service; one client submits everything.
    FETCH_ALLOW_PRIVATE: 'true',
    RATE_LIMIT_PER_MINUTE: '0',
    REUSE_WINDOW_SECONDS: '0',
    CLIENT_MAX_IN_FLIGHT: '0',
    ...options.env,
  };
  const children: ChildProcess[] = [];
  const launch = (type: string, index: number) => {
    const [command, ...args] = procfileCommand(options.root, type);
    // BENCH_NODE_FLAGS (both processes) and BENCH_NODE_FLAGS_WEB / _WORKER, e.g. `--cpu-prof` (run.sh
    // --profile) or `--max-old-space-size=96`, go before the script; Node 20 refuses --cpu-prof in NODE_OPTIONS.
    const flagsOf = (name: string) => (process.env[name] ?? '').split(' ').filter(Boolean);
    const flags = command === 'node' ? [...flagsOf('BENCH_NODE_FLAGS'), ...flagsOf(`BENCH_NODE_FLAGS_${type.toUpperCase()}`)] : [];
    const child = spawn(command!, [...flags, ...args], { cwd: options.root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const log = createWriteStream(join(options.logDir, `${options.label}-${type}${index}.log`));
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    children.push(child);
    return child;
  };
  const web = launch('web', 0);
  const workers = Array.from({ length: options.workers }, (_, i) => launch('worker', i));
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    await Promise.all(children.map((child) => stopChild(child)));
  };
  try {
    await waitForWeb(baseUrl, web);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, webPid: web.pid!, workerPids: workers.map((w) => w.pid!), stop };
}

/** Ready when an unknown key answers 404: the web process listens and reads Postgres. */
async function waitForWeb(baseUrl: string, web: ChildProcess): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (web.exitCode !== null) throw new Error(`web exited with ${web.exitCode}`);
    try {
      const response = await fetch(`${baseUrl}/results/00000000-0000-4000-8000-000000000000`);
      await response.arrayBuffer();
      if (response.status === 404) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('web did not become ready within 20 s');
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
