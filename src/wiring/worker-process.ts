import type { Config } from '../core/config.js';
import type { Stop } from '../core/lifecycle.js';
import type { Logger } from '../core/logger.js';
import { createCountingPool } from '../counting/counting-pool.js';
import type { Database } from '../db/database.js';
import { createPageFetcher } from '../fetch/fetch-page.js';
import { createCrawlPage, createFailCrawl } from '../jobs/crawl-page.js';
import { requeueUnfinished } from '../jobs/requeue-unfinished.js';
import { startCrawlConsumer } from '../queue/crawl-consumer.js';
import { createCrawlQueue } from '../queue/crawl-queue.js';
import type { QueueStore } from '../queue/queue-store.js';

export function startWorkerProcess(config: Config, db: Database, store: QueueStore, logger: Logger): Stop {
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
  return async () => {
    await stopRequeue();
    await (await consumer).close();
    await Promise.all([fetcher.close(), counting.close(), queue.close()]);
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

function crawlSettings(config: Config) {
  return {
    maxSeconds: config.CRAWL_MAX_SECONDS,
    hostConcurrency: config.CRAWL_HOST_CONCURRENCY,
    hostDelayMs: config.CRAWL_HOST_DELAY_MS,
  };
}
