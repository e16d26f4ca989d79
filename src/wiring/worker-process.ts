import type { Config } from '../core/config.js';
import type { Stop } from '../core/lifecycle.js';
import type { Logger } from '../core/logger.js';
import { createCountingPool } from '../counting/counting-pool.js';
import type { Database, DatabaseHandle } from '../db/database.js';
import { createPageFetcher } from '../fetch/fetch-page.js';
import { createCallbackPoster } from '../fetch/post-callback.js';
import { createDeliverCallback } from '../jobs/deliver-callback.js';
import { startCallbackDispatcher } from '../jobs/dispatch-callbacks.js';
import { startCallbackConsumer } from '../queue/callback-consumer.js';
import { createCallbackQueue } from '../queue/callback-queue.js';
import { createCrawlPage, createFailCrawl } from '../jobs/crawl-page.js';
import { expireCountedText } from '../jobs/expire-counted-text.js';
import { requeueUnfinished } from '../jobs/requeue-unfinished.js';
import { startCrawlConsumer } from '../queue/crawl-consumer.js';
import { createCrawlQueue } from '../queue/crawl-queue.js';
import type { QueueStore } from '../queue/queue-store.js';

export function startWorkerProcess(config: Config, database: DatabaseHandle, store: QueueStore, logger: Logger): Stop {
  const { db } = database;
  const fetcher = createPageFetcher({
    timeoutMs: config.FETCH_TIMEOUT_MS,
    maxBytes: config.FETCH_MAX_BYTES,
    maxRedirects: config.FETCH_MAX_REDIRECTS,
    allowPrivate: config.FETCH_ALLOW_PRIVATE,
    allowNetworks: config.FETCH_ALLOW_NETWORKS,
    allowedPorts: config.FETCH_ALLOWED_PORTS,
  });
  const counting = createCountingPool({
    threads: config.COUNTING_THREADS,
    heapMb: config.COUNTING_HEAP_MB,
    timeoutMs: config.COUNT_TIMEOUT_MS,
    keepCountedText: config.COUNTED_TEXT_RETENTION_DAYS > 0,
  });
  const queue = createCrawlQueue(store, logger);
  const deps = { db, fetcher, counting, logger, gate: store.hostGate, enqueuePages: queue.enqueuePages, settings: crawlSettings(config) };
  const jobs = { crawlPage: createCrawlPage(deps), failCrawl: createFailCrawl(deps) };
  // Jobs are taken once the counting threads have warmed up: a page taken before would wait for them.
  const consumer = counting.ready().then(() => {
    logger.info({ concurrency: config.WORKER_CONCURRENCY, countingThreads: config.COUNTING_THREADS, allowPrivate: config.FETCH_ALLOW_PRIVATE, queue: store.kind }, 'worker started');
    return startCrawlConsumer(jobs, store, {
      concurrency: config.WORKER_CONCURRENCY,
      lockMs: config.JOB_LOCK_MS,
      shutdownGraceMs: config.WORKER_SHUTDOWN_GRACE_MS,
      logger,
    });
  });
  const stopRequeue = startRequeueSweep(config, db, { ensureQueued: queue.ensureQueued, failCrawl: jobs.failCrawl }, store, logger);
  const stopRetention = startRetentionSweep(config, db, logger);
  const stopCallbacks = startCallbacks(config, database, store, logger);
  return async () => {
    await Promise.all([stopRequeue(), stopRetention()]);
    // Side by side: each has its grace period, and both must fit in the process's shutdown deadline.
    await Promise.all([consumer.then((started) => started.close()), stopCallbacks()]);
    await Promise.all([fetcher.close(), counting.close(), queue.close()]);
  };
}

/**
 * Callbacks (README, "Webhooks"), when WEBHOOK_SECRET is set: the dispatcher queues what finished
 * results marked pending, and a consumer of their own delivers them beside the crawl jobs.
 */
function startCallbacks(config: Config, database: DatabaseHandle, store: QueueStore, logger: Logger): Stop {
  const secret = config.WEBHOOK_SECRET;
  if (!secret) return async () => {};
  const poster = createCallbackPoster({
    allowPrivate: config.FETCH_ALLOW_PRIVATE,
    allowNetworks: config.FETCH_ALLOW_NETWORKS,
    allowedPorts: config.FETCH_ALLOWED_PORTS,
  });
  const deliver = createDeliverCallback({ db: database.db, poster, secret, ...(config.PUBLIC_URL ? { publicUrl: config.PUBLIC_URL } : {}), logger });
  const consumer = startCallbackConsumer(deliver, store, { shutdownGraceMs: config.WORKER_SHUTDOWN_GRACE_MS, logger });
  const queue = createCallbackQueue(store, { attempts: config.WEBHOOK_ATTEMPTS, retryDelayMs: config.WEBHOOK_RETRY_DELAY_MS }, logger);
  const started = database.listenForFinished().then((finished) => ({
    finished,
    stopDispatcher: startCallbackDispatcher(database.db, { finished, enqueue: queue.enqueue, sweepIntervalMs: config.REQUEUE_INTERVAL_MS, logger }),
  }));
  return async () => {
    const { finished, stopDispatcher } = await started;
    await stopDispatcher();
    await finished.close();
    await consumer.close();
    await Promise.all([queue.close(), poster.close()]);
  };
}

/** Sweeps for unfinished results without a job once the store answers, then every REQUEUE_INTERVAL_MS. */
function startRequeueSweep(config: Config, db: Database, jobs: Parameters<typeof requeueUnfinished>[1], store: QueueStore, logger: Logger): Stop {
  let sweeping: Promise<unknown> = Promise.resolve();
  const sweep = () => {
    sweeping = requeueUnfinished(db, jobs, logger).catch((error: Error) => {
      logger.warn({ error: error.message }, 'requeue sweep failed; will try again');
    });
  };
  void store.waitUntilReady(config.REQUEUE_INTERVAL_MS).then((ready) => ready && sweep());
  const timer = setInterval(sweep, config.REQUEUE_INTERVAL_MS).unref();
  return async () => {
    clearInterval(timer);
    await sweeping;
  };
}

/** How often a worker looks for counted text past COUNTED_TEXT_RETENTION_DAYS (and once at start). */
const RETENTION_SWEEP_MS = 3_600_000;

function startRetentionSweep(config: Config, db: Database, logger: Logger): Stop {
  let sweeping: Promise<unknown> = Promise.resolve();
  const sweep = () => {
    sweeping = expireCountedText(db, config.COUNTED_TEXT_RETENTION_DAYS, logger).catch((error: Error) => {
      logger.warn({ error: error.message }, 'counted text retention sweep failed; will try again');
    });
  };
  sweep();
  const timer = setInterval(sweep, RETENTION_SWEEP_MS).unref();
  return async () => {
    clearInterval(timer);
    await sweeping;
  };
}

function crawlSettings(config: Config) {
  return {
    maxSeconds: config.CRAWL_MAX_SECONDS,
    hostConcurrency: config.CRAWL_HOST_CONCURRENCY,
    hostDelayMs: config.CRAWL_HOST_DELAY_MS,
  };
}
