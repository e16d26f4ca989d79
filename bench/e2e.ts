// End to end against the service started as the Procfile says. Writes one JSON document.
//   node --import tsx bench/e2e.ts main    <out.json>   throughput ×RUNS, memory, idle latency, read path
//   node --import tsx bench/e2e.ts scaling <out.json>   300 vs 3,000 pages, WORKER_CONCURRENCY 1/4/16, 1 vs 2 workers
// Env (set by run.sh): BENCH_ROOT, BENCH_URLS (file), BENCH_DATABASE_URL, BENCH_REDIS_URL, BENCH_LOG_DIR,
// BENCH_RUNS (3), BENCH_PORT (5089), BENCH_WORKERS (1), BENCH_LATENCY_URL, BENCH_LOAD_SECONDS (10).
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { idleLatency, load, median, peakMemory, round, throughputRun, type ThroughputRun } from './lib/measure.js';
import { startService, type Service } from './lib/service.js';

const [mode = 'main', out = 'bench/results/tmp/e2e.json'] = process.argv.slice(2);
const env = (name: string, fallback?: string) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const ROOT = env('BENCH_ROOT', process.cwd());
const URLS = readFileSync(env('BENCH_URLS'), 'utf8').split('\n').filter(Boolean);
const RUNS = Number(env('BENCH_RUNS', '3'));
const PORT = Number(env('BENCH_PORT', '5089'));
const db = new pg.Pool({ connectionString: env('BENCH_DATABASE_URL'), max: 2 });

let prefixes = 0;
let warmup: ThroughputRun | undefined;
async function withService<T>(label: string, settings: { workers?: number; env?: Record<string, string>; warmupPages?: number }, use: (service: Service) => Promise<T>): Promise<T> {
  const service = await startService({
    root: ROOT,
    port: PORT,
    databaseUrl: env('BENCH_DATABASE_URL'),
    redisUrl: env('BENCH_REDIS_URL'),
    queuePrefix: `wcbench${process.pid}x${prefixes++}`,
    workers: settings.workers ?? Number(env('BENCH_WORKERS', '1')),
    env: settings.env ?? {},
    logDir: env('BENCH_LOG_DIR'),
    label,
  });
  try {
    // Warm-up: connections opened, code paths compiled, as in a service that has been running; like
    // the anchors, start-up is not timed. The warm-up's own figures are kept in the output.
    warmup = await throughputRun(service, db, URLS.slice(0, settings.warmupPages ?? URLS.length));
    console.error(`[e2e] ${label} warm-up: ${JSON.stringify(warmup)}`);
    return await use(service);
  } finally {
    await service.stop();
  }
}

function summarize(runs: ThroughputRun[]) {
  const field = (name: keyof ThroughputRun) => runs.map((run) => run[name] as number);
  const summary: Record<string, number> = {};
  for (const name of Object.keys(runs[0]!) as (keyof ThroughputRun)[]) summary[name] = median(field(name));
  summary.pages_per_s_min = Math.min(...field('pages_per_s'));
  summary.pages_per_s_max = Math.max(...field('pages_per_s'));
  return summary;
}

async function startHello(port: number): Promise<() => void> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./hello-server.mjs', import.meta.url)), String(port)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`hello server exited with ${code}`)));
  });
  return () => child.kill('SIGTERM');
}

async function main() {
  const seconds = Number(env('BENCH_LOAD_SECONDS', '10'));
  return withService('main', {}, async (service) => {
    const runs: ThroughputRun[] = [];
    for (let i = 0; i < RUNS; i++) {
      runs.push(await throughputRun(service, db, URLS));
      console.error(`[e2e] throughput run ${i + 1}: ${JSON.stringify(runs.at(-1))}`);
    }
    const memory = peakMemory(service);
    const latency = await idleLatency(service, db, env('BENCH_LATENCY_URL'), 100);
    console.error(`[e2e] idle latency: ${JSON.stringify(latency)}`);
    const { rows } = await db.query<{ key: string }>("select key from results where status = 'completed' limit 1");
    const results = await load(`${service.baseUrl}/results/${rows[0]!.key}`, 10, seconds);
    const stopHello = await startHello(PORT + 1);
    const hello = await load(`http://127.0.0.1:${PORT + 1}/hello`, 10, seconds).finally(stopHello);
    console.error(`[e2e] read path: ${JSON.stringify(results)} ceiling ${JSON.stringify(hello)}`);
    return {
      workers: Number(env('BENCH_WORKERS', '1')),
      worker_concurrency: Number(process.env.WORKER_CONCURRENCY ?? 8),
      counting_threads: Number(process.env.COUNTING_THREADS ?? 2),
      throughput: { runs, median: summarize(runs), warmup_untimed: warmup },
      memory: { ...memory, after: 'warm-up, the throughput runs, idle latency and the read-path load' },
      latency,
      read_path: { results, hello, ratio_to_hello: round(results.req_per_s / hello.req_per_s, 3) },
    };
  });
}

/** One fresh service per configuration, one throughput run each, peak memory at the end of it. */
async function scaling() {
  const configs: { label: string; pages: number; workers: number; concurrency?: number; threads?: number }[] = [
    { label: 'pages-300', pages: 300, workers: 1 },
    { label: 'pages-3000', pages: 3000, workers: 1 },
    { label: 'concurrency-1', pages: 300, workers: 1, concurrency: 1 },
    { label: 'concurrency-4', pages: 300, workers: 1, concurrency: 4 },
    { label: 'concurrency-16', pages: 300, workers: 1, concurrency: 16 },
    { label: 'counting-threads-1', pages: 300, workers: 1, threads: 1 },
    { label: 'counting-threads-1-pages-3000', pages: 3000, workers: 1, threads: 1 },
    { label: 'workers-2', pages: 300, workers: 2 },
    { label: 'workers-2-pages-3000', pages: 3000, workers: 2 },
  ];
  const results = [];
  // BENCH_SCALING_CONFIGS=pages-3000,workers-2 runs only those rows.
  const only = process.env.BENCH_SCALING_CONFIGS?.split(',');
  for (const config of configs.filter((c) => !only || only.includes(c.label))) {
    const urls = Array.from({ length: config.pages }, (_, i) => URLS[i % URLS.length]!);
    const env: Record<string, string> = {
      ...(config.concurrency ? { WORKER_CONCURRENCY: String(config.concurrency) } : {}),
      ...(config.threads ? { COUNTING_THREADS: String(config.threads) } : {}),
    };
    const settings = { workers: config.workers, env };
    const row = await withService(config.label, settings, async (service) => ({
      config: config.label,
      workers: config.workers,
      worker_concurrency: config.concurrency ?? 8,
      counting_threads: config.threads ?? 2,
      ...(await throughputRun(service, db, urls)),
      ...peakMemory(service),
    }));
    console.error(`[e2e] scaling ${JSON.stringify(row)}`);
    results.push(row);
  }
  return { scaling: results };
}

try {
  const result = mode === 'scaling' ? await scaling() : await main();
  writeFileSync(out, `${JSON.stringify(result, null, 1)}\n`);
} finally {
  await db.end();
}
