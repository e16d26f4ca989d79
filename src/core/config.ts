import ipaddr from 'ipaddr.js';
import { z } from 'zod';

const MIB = 1024 * 1024;

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** Digits only: Number() would also take ' ', '0x1F' and '1e3'. */
const integer = (min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .default(String(fallback))
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const redisUrl = z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' });
const databaseUrl = z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' });

const ENV_SCHEMA = z.object({
  PORT: integer(0, 65535, 5000),
  DATABASE_URL: databaseUrl.optional(),
  // How to use TLS to Postgres: auto follows sslmode in DATABASE_URL, then PGSSLMODE; no-verify
  // encrypts without checking the certificate (what Heroku Postgres needs).
  DATABASE_SSL: z.enum(['auto', 'off', 'no-verify', 'verify'], { error: 'must be auto, off, no-verify or verify' }).default('auto'),
  PGSSLMODE: z.string().optional(),
  // Required by the web and worker processes; unset, `npm start` keeps its jobs in its database instead.
  REDIS_URL: redisUrl.optional(),
  // Heroku Redis serves rediss:// with a self-signed certificate; false skips the check for that connection only.
  REDIS_TLS_VERIFY: booleanFlag.default(true),
  // BullMQ keys are "<prefix>:<queue>:..."; a colon inside the prefix would blur that boundary.
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, dots, dashes or underscores')
    .default('wordcrawler'),
  // Jobs spend most of their time waiting on the network, so one process can hold several.
  WORKER_CONCURRENCY: integer(1, 256, 8),
  // Threads that extract, tokenize and count beside a worker's main thread, which fetches and writes:
  // about one per core the worker may use (two let counting go to whichever core is free on a 2-core dyno).
  COUNTING_THREADS: integer(1, 64, 2),
  // The heap of each counting thread. Ordinary text up to FETCH_MAX_BYTES' default (5 MB) needs well
  // under 100 MB; a page that needs more (hundreds of thousands of distinct words) fails with too_large.
  COUNTING_HEAP_MB: integer(32, 16_384, 256),
  // How long a counting thread may spend on one page before it is stopped and the page fails with
  // too_complex. An ordinary 5 MB page counts in well under a second; without a limit, two pages
  // built to be slow could hold both threads for minutes while every other page waits.
  COUNT_TIMEOUT_MS: integer(100, 600_000, 10_000),
  // How long a result keeps its counted text (words in context read it), counted from when it finished;
  // a sweep in the worker then sets it to null. 0 stores none, and the counting threads skip compressing it.
  COUNTED_TEXT_RETENTION_DAYS: integer(0, 36_500, 30),
  // A job's lock, renewed every half of it while the job runs: a worker killed mid-job leaves the job
  // to another within about 1.25 times this (see queue/crawl-consumer.ts). Longer survives longer freezes of
  // a worker's main thread without a second worker starting the same job; shorter recovers faster.
  JOB_LOCK_MS: integer(1_000, 600_000, 8_000),
  // On SIGTERM, active jobs get this long to finish before they are handed back to the queue. At most
  // 20 s: handing them back and closing Redis and Postgres must fit before the process's own 25 s
  // deadline (core/lifecycle.ts), which exits 1; a grace of the whole 25 s would always end that way.
  WORKER_SHUTDOWN_GRACE_MS: integer(0, 20_000, 20_000),
  // How often each worker looks for unfinished results whose job Redis lost.
  REQUEUE_INTERVAL_MS: integer(1_000, 86_400_000, 60_000),
  FETCH_TIMEOUT_MS: integer(100, 600_000, 30_000),
  FETCH_MAX_BYTES: integer(1024, 1024 * MIB, 5 * MIB),
  FETCH_MAX_REDIRECTS: integer(0, 20, 5),
  FETCH_ALLOW_PRIVATE: booleanFlag.default(false),
  FETCH_ALLOW_NETWORKS: z
    .string()
    .default('')
    .transform((list, ctx) => {
      const cidrs = list.split(',').map((item) => item.trim()).filter(Boolean);
      for (const cidr of cidrs) {
        if (!ipaddr.isValidCIDR(cidr)) ctx.addIssue({ code: 'custom', message: `"${cidr}" is not a CIDR such as 10.0.0.0/8` });
      }
      return Object.freeze(cidrs);
    }),
  // The only ports fetched (every hop), so we cannot be used to probe a host's other services; with
  // FETCH_ALLOW_PRIVATE=true (local development, the tests) every port is allowed, as every address is.
  FETCH_ALLOWED_PORTS: z
    .string()
    .default('80,443')
    .transform((list, ctx) => {
      const ports = list.split(',').map((item) => item.trim()).filter(Boolean);
      for (const port of ports) {
        if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) ctx.addIssue({ code: 'custom', message: `"${port}" is not a port from 1 to 65535` });
      }
      if (ports.length === 0) ctx.addIssue({ code: 'custom', message: 'must list at least one port' });
      return Object.freeze(ports.map(Number));
    }),
  // Submissions per client address per minute, shared across web processes; 0 turns the limit off.
  RATE_LIMIT_PER_MINUTE: integer(0, 100_000, 30),
  // Full-count downloads (counts.csv, counts.json) per client per minute, shared likewise; 0 turns it off.
  DOWNLOADS_PER_MINUTE: integer(0, 100_000, 30),
  // Pages one client (an IPv4 address or IPv6 /64) may have waiting or being counted at once, so one
  // client's slow pages cannot fill every worker slot; its jobs also queue behind those of clients with
  // fewer in flight. 0 turns both off (the bench, and a deployment behind its own admission control).
  CLIENT_MAX_IN_FLIGHT: integer(0, 10_000, 20),
  // A repeat of the same page within this many seconds gets the earlier result; 0 always crawls again.
  REUSE_WINDOW_SECONDS: integer(0, 7 * 24 * 3600, 300),
  // Site crawls (README, "Crawling a site"). The most pages one crawl may count; a crawl asks for up to this many.
  CRAWL_MAX_PAGES: integer(1, 100_000, 500),
  // A crawl still running after this long stops queueing pages and completes with what it has (stopped: deadline).
  CRAWL_MAX_SECONDS: integer(1, 7 * 24 * 3600, 1800),
  // Requests in flight to one host (name and port) across every crawl and worker of the deployment.
  CRAWL_HOST_CONCURRENCY: integer(1, 256, 2),
  // The least time between two request starts to one host; a robots.txt Crawl-delay asks for more (up to
  // 30 s). One second is the pace most sites' guidelines ask of a crawler, and keeps a 2-dyno deployment
  // from ever being more than a trickle on anyone's server; 0 for a host you own (the bench).
  CRAWL_HOST_DELAY_MS: integer(0, 60_000, 1_000),
  // Crawls one client may have unfinished at once; a crawl counts as one submission for the rate limit.
  CRAWL_CLIENT_MAX_IN_FLIGHT: integer(0, 1_000, 2),
  // Proxies in front of the web process whose X-Forwarded-For is believed (1 on Heroku, behind its router).
  TRUST_PROXY_HOPS: integer(0, 10, 0),
  // The queue dashboard and /metrics need ADMIN_PASSWORD; without it they are switched off.
  ADMIN_USER: z.string().min(1).default('admin'),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  // The dashboard is read-only unless this is true (retry and remove jobs).
  ADMIN_READ_WRITE: booleanFlag.default(false),
  // Callbacks (README, "Webhooks") are signed with this; without it a submission's callback_url is refused.
  WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  // Delivery attempts of one callback, the first included; each retry waits twice as long as the one before.
  WEBHOOK_ATTEMPTS: integer(1, 20, 8),
  // The wait before the first retry. Eight attempts from 10 s span about 21 minutes (10 s × (2^7 − 1)).
  WEBHOOK_RETRY_DELAY_MS: integer(100, 3_600_000, 10_000),
  // The service's public address (https://words.example.com), so that a callback's results_url and
  // status_url are absolute; without it they are paths. Behind proxies only the operator knows it.
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  PGLITE_DIR: z.string().min(1).default('.data/pglite'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('development'),
});

export type Config = Readonly<z.infer<typeof ENV_SCHEMA>>;

/** A configuration problem, worded as the one line an operator needs. */
export class ConfigError extends Error {}

/** Variables whose values are secret: passwords, tokens, and URLs (which may carry a password). */
function isSecretName(name: string): boolean {
  return name.endsWith('_URL') || /PASSWORD|SECRET|TOKEN/.test(name);
}

/** Reads and validates the environment once; empty strings count as unset. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const parsed = ENV_SCHEMA.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    // Secrets are never echoed: an error line ends up in logs that more people read than hold the secret.
    const got = isSecretName(name) ? '' : ` (got ${JSON.stringify(present[name])})`;
    throw new ConfigError(`${name}: ${issue.message}${got}`);
  }
  return Object.freeze(parsed.data);
}

/** The web and worker processes share their jobs through Redis; only `npm start` can do without. */
export function requireRedisUrl(config: Config): string {
  if (!config.REDIS_URL) {
    throw new ConfigError('REDIS_URL: required for the separate web and worker processes (use `npm start` for the embedded queue)');
  }
  return config.REDIS_URL;
}

/** The split web and worker processes cannot share an embedded database. */
export function requireDatabaseUrl(config: Config): string {
  if (!config.DATABASE_URL) {
    throw new ConfigError(
      'DATABASE_URL: required for the separate web and worker processes (use `npm start` for the embedded database)',
    );
  }
  return config.DATABASE_URL;
}
