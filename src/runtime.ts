import type { Server } from 'node:http';
import { ConfigError, requireDatabaseUrl, type Config } from './config.js';
import { connectPostgres, type Database, type DatabaseHandle } from './db/database.js';
import { createCrawlPage } from './jobs/crawl-page.js';
import { requeueUnfinished } from './jobs/requeue-unfinished.js';
import type { Logger } from './logger.js';
import { createPageFetcher } from './pipeline/fetch-page.js';
import { createCrawlQueue } from './queue/crawl-queue.js';
import { connectRedis, waitForRedis } from './redis.js';
import { startCrawlWorker } from './queue/crawl-worker.js';
import { createApp } from './web/app.js';

/** Something to stop on shutdown, in the order it was started reversed. */
export type Stop = () => Promise<void>;

/** The Postgres server named by DATABASE_URL (required here), with the configured TLS settings. */
export function connectConfiguredPostgres(config: Config, poolSize?: number): DatabaseHandle {
  return connectPostgres(requireDatabaseUrl(config), {
    ssl: config.DATABASE_SSL,
    pgSslMode: config.PGSSLMODE,
    ...(poolSize === undefined ? {} : { poolSize }),
  });
}

// Long enough for a healthy Redis to answer, short enough for the platform's boot timeout.
const REDIS_START_WAIT_MS = 5_000;

export async function startWeb(config: Config, db: Database, logger: Logger): Promise<Stop> {
  const redis = connectRedis(config.REDIS_URL, 'web', logger, config.REDIS_TLS_VERIFY);
  const queue = createCrawlQueue(redis, config.QUEUE_PREFIX, logger);
  const app = createApp({ db, queue, redis, logger, settings: config });
  if (!(await waitForRedis(redis, REDIS_START_WAIT_MS))) logger.warn('starting without Redis; submissions answer 503 until it is back');
  return new Promise((resolve, reject) => {
    const server: Server = app.listen(config.PORT, '0.0.0.0', () => {
      logger.info({ port: config.PORT }, 'web listening');
      resolve(async () => {
        await new Promise<void>((done) => {
          server.close(() => done());
          server.closeIdleConnections();
        });
        await queue.close();
        redis.disconnect();
      });
    });
    server.once('error', reject);
  });
}

export function startWorker(config: Config, db: Database, logger: Logger): Stop {
  const fetcher = createPageFetcher({
    timeoutMs: config.FETCH_TIMEOUT_MS,
    maxBytes: config.FETCH_MAX_BYTES,
    maxRedirects: config.FETCH_MAX_REDIRECTS,
    allowPrivate: config.FETCH_ALLOW_PRIVATE,
    allowNetworks: config.FETCH_ALLOW_NETWORKS,
  });
  const worker = startCrawlWorker(createCrawlPage({ db, fetcher, logger }), {
    redisUrl: config.REDIS_URL,
    redisTlsVerify: config.REDIS_TLS_VERIFY,
    prefix: config.QUEUE_PREFIX,
    concurrency: config.WORKER_CONCURRENCY,
    lockMs: config.JOB_LOCK_MS,
    shutdownGraceMs: config.WORKER_SHUTDOWN_GRACE_MS,
    logger,
  });
  const stopRequeue = startRequeueSweep(config, db, logger);
  logger.info({ concurrency: config.WORKER_CONCURRENCY, allowPrivate: config.FETCH_ALLOW_PRIVATE }, 'worker started');
  return async () => {
    await stopRequeue();
    await worker.close();
    await fetcher.close();
  };
}

/** Sweeps for unfinished results without a job at start-up and then every REQUEUE_INTERVAL_MS. */
function startRequeueSweep(config: Config, db: Database, logger: Logger): Stop {
  const redis = connectRedis(config.REDIS_URL, 'web', logger, config.REDIS_TLS_VERIFY);
  const queue = createCrawlQueue(redis, config.QUEUE_PREFIX, logger);
  let sweeping: Promise<unknown> = Promise.resolve();
  const sweep = () => {
    sweeping = requeueUnfinished(db, queue, logger).catch((error: Error) => {
      logger.warn({ error: error.message }, 'requeue sweep failed; will try again');
    });
  };
  redis.once('ready', sweep);
  const timer = setInterval(sweep, config.REQUEUE_INTERVAL_MS).unref();
  return async () => {
    clearInterval(timer);
    await sweeping;
    await queue.close();
    redis.disconnect();
  };
}

// Heroku sends SIGKILL 30 s after SIGTERM; stop before that so the exit is ours.
const SHUTDOWN_DEADLINE_MS = 25_000;

/** Stops everything on SIGTERM or SIGINT, newest first, then exits; exits 1 if the deadline passes. */
export function stopOnSignals(stops: Stop[], logger: Logger): void {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error('shutdown deadline passed, exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    for (const stop of [...stops].reverse()) await stop();
    clearTimeout(timer);
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', (signal) => void shutdown(signal));
  process.on('SIGINT', (signal) => void shutdown(signal));
}

/** Runs an entry point; a configuration error ends the process with one line naming the variable. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (error instanceof ConfigError) {
      console.error(`wordcrawler: configuration error: ${error.message}`);
    } else {
      console.error('wordcrawler: failed to start:', error);
    }
    process.exit(1);
  });
}
