// Throughput as a client sees it (issue 14): each URL is POSTed to /start and its key polled at
// GET /results/:key until 200, by CLIENTS client loops at once, on a service that has just started
// (cold) and then again on the same service (warm). Also a site crawl of the corpus through the API,
// and the cold and warm runs again on a second fresh service with clients that read with ?wait=25.
// RSS of the web and worker processes is sampled through each run (the memory curve). One JSON document.
//   node --import tsx bench/client.ts <out.json>
// Env (set by run.sh): BENCH_ROOT, BENCH_URLS, BENCH_DATABASE_URL, BENCH_REDIS_URL, BENCH_LOG_DIR,
// BENCH_PORT (5089), BENCH_CLIENTS (16), BENCH_SUBMISSIONS (1200), BENCH_INDEX_PORT (8091).
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import pg from 'pg';
import { Pool } from 'undici';
import { percentile, round } from './lib/measure.js';
import { cpuBetween, cpuByCommand, machineBusyMs, processCpuMs, processMemoryMb } from './lib/proc.js';
import { startService, type Service } from './lib/service.js';

const env = (name: string, fallback?: string) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const [out = 'bench/results/tmp/client.json'] = process.argv.slice(2);
const URLS = readFileSync(env('BENCH_URLS'), 'utf8').split('\n').filter(Boolean);
const CLIENTS = Number(env('BENCH_CLIENTS', '16'));
const SUBMISSIONS = Number(env('BENCH_SUBMISSIONS', '1200'));
const POLL_MS = 20;
const db = new pg.Pool({ connectionString: env('BENCH_DATABASE_URL'), max: 2 });

/** RSS of each process every 250 ms while a run lasts: [seconds since start, web MB, worker MB]. */
function sampleCurve(service: Service) {
  const started = performance.now();
  const curve: Array<[number, number, number]> = [];
  const timer = setInterval(() => {
    const web = processMemoryMb(service.webPid)?.rss ?? 0;
    const worker = Math.max(...service.workerPids.map((pid) => processMemoryMb(pid)?.rss ?? 0));
    curve.push([round((performance.now() - started) / 1000, 2), round(web, 1), round(worker, 1)]);
  }, 250);
  return () => {
    clearInterval(timer);
    return curve;
  };
}

async function json(client: Pool, method: 'GET' | 'POST', path: string, body?: unknown) {
  const response = await client.request({ method, path, headers: { 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
  return { status: response.statusCode, body: (await response.body.json()) as Record<string, unknown> };
}

/** CPU ms of the service's processes, Postgres, Redis, this client and the machine, from now until the returned function is called. */
function cpuMeter(service: Service) {
  const service_ms = () => ({
    web: processCpuMs(service.webPid) ?? 0,
    worker: service.workerPids.reduce((sum, pid) => sum + (processCpuMs(pid) ?? 0), 0),
  });
  const client = () => { const { user, system } = process.cpuUsage(); return (user + system) / 1000; };
  const snapshot = () => ({ ...service_ms(), postgres: cpuByCommand(['postgres']), redis: cpuByCommand(['redis-server']), client: client(), machine: machineBusyMs() });
  const before = snapshot();
  return (pages: number) => {
    const after = snapshot();
    const perPage = (ms: number) => round(ms / pages, 2);
    return {
      web: perPage(after.web - before.web),
      worker: perPage(after.worker - before.worker),
      postgres: perPage(cpuBetween(before.postgres, after.postgres)),
      redis: perPage(cpuBetween(before.redis, after.redis)),
      bench_client: perPage(after.client - before.client),
      machine: perPage(after.machine - before.machine),
    };
  };
}

let polls = 0;
type ReadMode = 'poll' | 'wait';

/**
 * Polls one key until its result is readable, as a client script does; returns when it was. `poll`
 * asks every POLL_MS; `wait` asks with ?wait=25, which the service holds until the result is stored.
 */
async function readWhenDone(client: Pool, key: string, mode: ReadMode = 'poll'): Promise<void> {
  for (;;) {
    polls += 1;
    const { status } = await json(client, 'GET', `/results/${key}${mode === 'wait' ? '?wait=25' : ''}`);
    if (status === 200 || status === 422) return;
    if (status !== 202) throw new Error(`GET /results/${key} answered ${status}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** One pass: CLIENTS loops each submitting a URL and reading its result before the next. */
async function clientRun(service: Service, urls: readonly string[], mode: ReadMode) {
  await db.query('truncate results cascade');
  const client = new Pool(service.baseUrl, { connections: CLIENTS * 2 });
  const stopCurve = sampleCurve(service);
  const cpu = cpuMeter(service);
  polls = 0;
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    while (next < urls.length) {
      const url = urls[next++]!;
      const submitted = performance.now();
      const { status, body } = await json(client, 'POST', '/start', { url });
      if (status !== 202) throw new Error(`POST /start answered ${status}: ${JSON.stringify(body)}`);
      await readWhenDone(client, body.key as string, mode);
      latencies.push(performance.now() - submitted);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  const cpuMsPerPage = cpu(urls.length);
  const curve = stopCurve();
  await client.close();
  // The second column: from the first submission to the last row Postgres has finished.
  const { rows } = await db.query<{ span: number; failed: number; bytes_per_page: number }>(
    `select extract(epoch from max(finished_at) - min(created_at))::float as span, count(*) filter (where status = 'failed')::int as failed,
      (pg_total_relation_size('results') / count(*))::int as bytes_per_page from results`,
  );
  return {
    read: mode,
    submissions: urls.length,
    seconds: round(seconds, 3),
    pages_per_s: round(urls.length / seconds, 1),
    postgres_pages_per_s: round(urls.length / rows[0]!.span, 1),
    failed: rows[0]!.failed,
    // The results table with its TOAST and indexes, per row: what a page costs Postgres's disk.
    storage_bytes_per_page: rows[0]!.bytes_per_page,
    latency_ms_p50: round(percentile(latencies, 50), 1),
    latency_ms_p99: round(percentile(latencies, 99), 1),
    polls_per_submission: round(polls / urls.length, 2),
    cpu_ms_per_page: cpuMsPerPage,
    web_rss_max_mb: Math.max(...curve.map(([, web]) => web)),
    worker_rss_max_mb: Math.max(...curve.map(([, , worker]) => worker)),
    rss_curve: curve,
  };
}

/** A page linking every corpus page, on its own port of 127.0.0.1: scope `domain` takes in the corpus server too. */
async function startIndex(port: number): Promise<Server> {
  const index = `<!doctype html><title>corpus</title>${URLS.map((url) => `<a href="${url}">${url}</a>`).join('\n')}`;
  const server = createServer((req, res) => {
    if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(index);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

/** The corpus as one site crawl through the API: started, polled until 200. */
async function crawlRun(service: Service, indexUrl: string) {
  await db.query('truncate results cascade');
  const client = new Pool(service.baseUrl, { connections: 2 });
  const stopCurve = sampleCurve(service);
  const started = performance.now();
  const crawl = { max_pages: URLS.length + 1, max_depth: 1, scope: 'domain', sitemap: false };
  const { status, body } = await json(client, 'POST', '/start', { url: indexUrl, crawl });
  if (status !== 202) throw new Error(`POST /start answered ${status}: ${JSON.stringify(body)}`);
  await readWhenDone(client, body.key as string);
  const seconds = (performance.now() - started) / 1000;
  const curve = stopCurve();
  const progress = await json(client, 'GET', `/status/${body.key as string}`);
  await client.close();
  const pages = progress.body.pages as Record<string, number>;
  return {
    pages: pages.completed,
    seconds: round(seconds, 3),
    pages_per_s: round(pages.completed! / seconds, 1),
    stopped: progress.body.stopped,
    page_states: pages,
    web_rss_max_mb: Math.max(...curve.map(([, web]) => web)),
    worker_rss_max_mb: Math.max(...curve.map(([, , worker]) => worker)),
  };
}

/** Cold and warm client runs on a fresh service, and the crawl after them if asked. */
async function serviceRuns(label: string, runs: readonly string[], mode: ReadMode, result: Record<string, unknown>, workers = 1) {
  const urls = Array.from({ length: SUBMISSIONS }, (_, i) => URLS[i % URLS.length]!);
  // Politeness lifted for the corpus, a host we own: the README says how.
  const service = await startService({
    root: env('BENCH_ROOT', process.cwd()), port: Number(env('BENCH_PORT', '5089')), databaseUrl: env('BENCH_DATABASE_URL'),
    redisUrl: env('BENCH_REDIS_URL'), queuePrefix: `wcclient${process.pid}${label}`, workers, logDir: env('BENCH_LOG_DIR'), label: `client-${label}`,
    env: { CRAWL_HOST_DELAY_MS: '0', CRAWL_HOST_CONCURRENCY: '256', CRAWL_MAX_PAGES: String(URLS.length + 1) },
  });
  const index = await startIndex(Number(env('BENCH_INDEX_PORT', '8091')));
  try {
    for (const run of runs) {
      if (run === 'crawl') {
        const crawl = await crawlRun(service, `http://127.0.0.1:${(index.address() as { port: number }).port}/`);
        console.error(`[client] crawl: ${crawl.pages_per_s} pages/s, ${crawl.pages} pages`);
        result.crawl = crawl;
        continue;
      }
      const figures = await clientRun(service, urls, mode);
      console.error(`[client] ${run}: ${figures.pages_per_s} pages/s (Postgres ${figures.postgres_pages_per_s}), ${figures.polls_per_submission} requests to read each, CPU ms/page ${JSON.stringify(figures.cpu_ms_per_page)}`);
      result[run] = figures;
    }
  } finally {
    index.close();
    await service.stop();
  }
}

async function main() {
  // BENCH_CLIENT_RUNS picks runs, e.g. `crawl` alone (on a fresh service) to measure a change to it.
  // The -wait runs read with ?wait= on a second fresh service, so that their cold run is cold too;
  // the -3-workers runs do the same with three worker processes sharing the queue.
  const runs = env('BENCH_CLIENT_RUNS', 'cold,warm,crawl,cold-wait,warm-wait,cold-3-workers,warm-3-workers').split(',');
  const result: Record<string, unknown> = { clients: CLIENTS, poll_ms: POLL_MS };
  const pick = (names: string[]) => runs.filter((run) => names.includes(run));
  const services = [
    { label: 'poll', runs: pick(['cold', 'warm', 'crawl']), mode: 'poll' as const, workers: 1 },
    { label: 'wait', runs: pick(['cold-wait', 'warm-wait']), mode: 'wait' as const, workers: 1 },
    { label: 'workers3', runs: pick(['cold-3-workers', 'warm-3-workers']), mode: 'wait' as const, workers: 3 },
  ];
  for (const service of services) {
    if (service.runs.length > 0) await serviceRuns(service.label, service.runs, service.mode, result, service.workers);
  }
  return result;
}

try {
  writeFileSync(out, `${JSON.stringify(await main(), null, 1)}\n`);
} finally {
  await db.end();
}
