// The end-to-end measurements: throughput (submit everything, wait until Postgres says completed),
// idle latency (one page at a time), and the read path under load (autocannon).
import pg from 'pg';
import { Pool } from 'undici';
import { cpuBetween, cpuByCommand, machineBusyMs, processCpuMs, processMemoryMb, sampleRss } from './proc.js';
import type { Service } from './service.js';

export const round = (value: number, digits = 2) => Number(value.toFixed(digits));

/** Nearest-rank percentile of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

/** POST /start for one URL; returns the key. */
async function submit(client: Pool, url: string): Promise<string> {
  const response = await client.request({
    method: 'POST',
    path: '/start',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url }),
  });
  const body = (await response.body.json()) as { key?: string };
  if (response.statusCode !== 202 || !body.key) throw new Error(`POST /start answered ${response.statusCode}: ${JSON.stringify(body)}`);
  return body.key;
}

/** Submits every URL with `inFlight` requests at a time, as fast as the web process answers. */
export async function submitAll(client: Pool, urls: readonly string[], inFlight: number): Promise<string[]> {
  const keys: string[] = new Array<string>(urls.length);
  let next = 0;
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next < urls.length) {
      const index = next++;
      keys[index] = await submit(client, urls[index]!);
    }
  }));
  return keys;
}

/** Waits until `count` rows are finished (completed or failed), polling Postgres every 20 ms. */
export async function waitForFinished(db: pg.Pool, count: number, timeoutMs: number): Promise<{ completed: number; failed: number }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.query<{ completed: number; failed: number }>(
      "select count(*) filter (where status = 'completed')::int as completed, count(*) filter (where status = 'failed')::int as failed from results",
    );
    const { completed, failed } = rows[0]!;
    if (completed + failed >= count) return { completed, failed };
    if (Date.now() > deadline) throw new Error(`only ${completed + failed} of ${count} finished within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface ThroughputRun {
  pages: number;
  seconds: number;
  pages_per_s: number;
  submit_seconds: number;
  completed: number;
  failed: number;
  total_words: number;
  cpu_ms_per_page: number;
  web_cpu_ms_per_page: number;
  worker_cpu_ms_per_page: number;
  postgres_cpu_ms_per_page: number;
  redis_cpu_ms_per_page: number;
  machine_cpu_ms_per_page: number;
  worker_rss_max_sampled_mb: number;
  web_rss_max_sampled_mb: number;
}

/** One throughput run over `urls` on an empty results table. */
export async function throughputRun(service: Service, db: pg.Pool, urls: readonly string[], inFlight = 32): Promise<ThroughputRun> {
  await db.query('truncate results cascade');
  const client = new Pool(service.baseUrl, { connections: inFlight });
  const servicePids = [service.webPid, ...service.workerPids];
  const cpuBefore = servicePids.map((pid) => processCpuMs(pid) ?? 0);
  const othersBefore = { postgres: cpuByCommand(['postgres']), redis: cpuByCommand(['redis-server']) };
  const machineBefore = machineBusyMs();
  const rss = [sampleRss(service.webPid), ...service.workerPids.map((pid) => sampleRss(pid))];
  const started = performance.now();
  await submitAll(client, urls, inFlight);
  const submitSeconds = (performance.now() - started) / 1000;
  const { completed, failed } = await waitForFinished(db, urls.length, 600_000);
  const seconds = (performance.now() - started) / 1000;
  const machineMs = machineBusyMs() - machineBefore;
  const cpu = servicePids.map((pid, i) => (processCpuMs(pid) ?? 0) - cpuBefore[i]!);
  const postgresMs = cpuBetween(othersBefore.postgres, cpuByCommand(['postgres']));
  const redisMs = cpuBetween(othersBefore.redis, cpuByCommand(['redis-server']));
  const [webRss, ...workerRss] = rss.map((sampler) => sampler.stop());
  await client.close();
  const { rows } = await db.query<{ words: string }>("select coalesce(sum(total_words), 0) as words from results where status = 'completed'");
  const perPage = (ms: number) => round(ms / urls.length);
  const workerCpu = cpu.slice(1).reduce((a, b) => a + b, 0);
  return {
    pages: urls.length,
    seconds: round(seconds, 3),
    pages_per_s: round(urls.length / seconds, 1),
    submit_seconds: round(submitSeconds, 3),
    completed,
    failed,
    total_words: Number(rows[0]!.words),
    cpu_ms_per_page: perPage(cpu[0]! + workerCpu),
    web_cpu_ms_per_page: perPage(cpu[0]!),
    worker_cpu_ms_per_page: perPage(workerCpu),
    postgres_cpu_ms_per_page: perPage(postgresMs),
    redis_cpu_ms_per_page: perPage(redisMs),
    machine_cpu_ms_per_page: perPage(machineMs),
    worker_rss_max_sampled_mb: round(Math.max(...workerRss.map((r) => r.maxSampled)), 1),
    web_rss_max_sampled_mb: round(webRss!.maxSampled, 1),
  };
}

/** Peak RSS (VmHWM) of the web process and the largest of the worker processes, in MB. */
export function peakMemory(service: Service): { web_peak_rss_mb: number; worker_peak_rss_mb: number } {
  const peak = (pid: number) => processMemoryMb(pid)?.peak ?? NaN;
  return {
    web_peak_rss_mb: round(peak(service.webPid), 1),
    worker_peak_rss_mb: round(Math.max(...service.workerPids.map(peak)), 1),
  };
}

export interface LatencyResult {
  submissions: number;
  url: string;
  poll_interval_ms: number;
  client_p50_ms: number;
  client_p99_ms: number;
  client_max_ms: number;
  server_p50_ms: number;
  server_p99_ms: number;
  server_max_ms: number;
}

/**
 * One page at a time: POST /start, then GET /results/:key every `pollMs` until it answers 200
 * (client-observed), and finished_at − created_at from Postgres (server-side).
 */
export async function idleLatency(service: Service, db: pg.Pool, url: string, submissions: number, pollMs = 2): Promise<LatencyResult> {
  const client = new Pool(service.baseUrl, { connections: 2 });
  const clientMs: number[] = [];
  const keys: string[] = [];
  for (let i = 0; i < submissions; i++) {
    const started = performance.now();
    const key = await submit(client, url);
    for (;;) {
      const response = await client.request({ method: 'GET', path: `/results/${key}` });
      await response.body.arrayBuffer();
      if (response.statusCode === 200) break;
      if (response.statusCode !== 202) throw new Error(`GET /results/${key} answered ${response.statusCode}`);
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
    clientMs.push(performance.now() - started);
    keys.push(key);
  }
  await client.close();
  const { rows } = await db.query<{ ms: number }>(
    'select (extract(epoch from finished_at - created_at) * 1000)::float8 as ms from results where key = any($1::uuid[])',
    [keys],
  );
  const serverMs = rows.map((row) => row.ms);
  return {
    submissions,
    url,
    poll_interval_ms: pollMs,
    client_p50_ms: round(median(clientMs)),
    client_p99_ms: round(percentile(clientMs, 99)),
    client_max_ms: round(Math.max(...clientMs)),
    server_p50_ms: round(median(serverMs)),
    server_p99_ms: round(percentile(serverMs, 99)),
    server_max_ms: round(Math.max(...serverMs)),
  };
}

export interface LoadResult {
  url: string;
  connections: number;
  seconds: number;
  req_per_s: number;
  p50_ms: number;
  p99_ms: number;
  non_2xx: number;
  errors: number;
}

/** autocannon against one URL: requests/s (mean) and latency percentiles. */
export async function load(url: string, connections: number, seconds: number): Promise<LoadResult> {
  // @ts-expect-error autocannon ships no types; the shape used here is declared below.
  const { default: autocannon } = (await import('autocannon')) as unknown as {
    default: (options: object) => Promise<{
      requests: { average: number };
      latency: { p50: number; p99: number };
      non2xx: number;
      errors: number;
    }>;
  };
  const result = await autocannon({ url, connections, duration: seconds, pipelining: 1 });
  return {
    url,
    connections,
    seconds,
    req_per_s: round(result.requests.average, 0),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    non_2xx: result.non2xx,
    errors: result.errors,
  };
}
