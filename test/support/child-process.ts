import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestConfig } from './service.js';
import { waitFor } from './wait-for.js';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningProcess {
  child: ChildProcess;
  /** Every stdout line parsed as JSON (the processes log JSON lines). */
  logLines(): Array<Record<string, unknown>>;
  /** Every non-empty stdout line as written. */
  stdoutLines(): string[];
  stderr(): string;
  waitForLog(msg: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

/** Starts a TypeScript entry point (e.g. `worker.ts`) the way `node` would run its compiled form. */
export function startProcess(entry: string, env: Record<string, string>): RunningProcess {
  return spawnLogged(process.execPath, ['--import', 'tsx', entry], env, entry);
}

/** A worker process on a test service's database, Redis and queue prefix, fetching local pages, logging at info. */
export function startWorkerBeside(service: { config: Pick<TestConfig, 'DATABASE_URL' | 'REDIS_URL' | 'QUEUE_PREFIX'> }, env: Record<string, string> = {}): RunningProcess {
  return startProcess('worker.ts', {
    DATABASE_URL: service.config.DATABASE_URL!,
    REDIS_URL: service.config.REDIS_URL,
    QUEUE_PREFIX: service.config.QUEUE_PREFIX,
    FETCH_ALLOW_PRIVATE: 'true',
    LOG_LEVEL: 'info',
    ...env,
  });
}

/** Runs a command line as a Procfile does: through bash, from the project root. */
export function startCommand(command: string, env: Record<string, string>): RunningProcess {
  return spawnLogged('bash', ['-c', command], env, command);
}

function spawnLogged(file: string, args: string[], env: Record<string, string>, entry: string): RunningProcess {
  const child = spawn(file, args, {
    cwd: PROJECT_ROOT,
    // Only what we pass: the test decides every variable the process sees.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const logLines = () =>
    stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return {
    child,
    logLines,
    stdoutLines: () => stdout.split('\n').filter((line) => line !== ''),
    stderr: () => stderr,
    // A process started through tsx compiles its modules first: under a loaded 2-core machine (and on
    // Node 22) that took more than 15 s. The deadline only decides how long a failing test waits.
    waitForLog: (msg, timeoutMs = 45_000) =>
      waitFor(() => logLines().find((line) => line.msg === msg), timeoutMs, `log "${msg}" from ${entry}; stderr: ${stderr}`),
    exited,
  };
}
