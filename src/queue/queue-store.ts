import {
  createPostgresBackend, isPgPool, Queue, runMigrations, withBackend, Worker,
  type PgPool, type PostgresPoolConfig, type Processor, type WorkerOptions,
} from 'bullmq';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { HostGate } from '../core/job-contract.js';
import type { Logger } from '../core/logger.js';
import { CALLBACK_QUEUE_NAME, type CallbackJobData } from './callback-job.js';
import { CRAWL_QUEUE_NAME, type CrawlJobData } from './crawl-job.js';
import { DEFAULT_HOST_LEASE_MS, memoryHostGate, redisHostGate } from './host-gate.js';
import { connectRedis, RedisOutageReport, waitForRedis } from './redis.js';

export type CrawlBullQueue = Queue<CrawlJobData>;
export type CrawlBullWorker = Worker<CrawlJobData>;
export type CrawlConsumerSettings = Pick<WorkerOptions, 'concurrency' | 'lockDuration' | 'stalledInterval'>;
export type CallbackBullQueue = Queue<CallbackJobData>;
export type CallbackBullWorker = Worker<CallbackJobData>;

/** Counters every process of a deployment adds to (the workers' job tallies), read by /metrics. */
export interface TallyStore {
  add(increments: ReadonlyMap<string, number>): Promise<void>;
  read(): Promise<Record<string, number>>;
}

/**
 * Where the jobs and the counters shared between processes live: Redis in production, or the
 * database itself for `npm start` without REDIS_URL (BullMQ's Postgres backend; one process only,
 * since that backend's moveToDelayed misbehaves across processes, and that is our Retry-After path).
 */
export interface QueueStore {
  readonly kind: 'redis' | 'database';
  openQueue(): CrawlBullQueue;
  openConsumer(processor: Processor<CrawlJobData>, settings: CrawlConsumerSettings): CrawlBullWorker;
  /** The callbacks' own queue (README, "Webhooks"), so their retries never wait behind crawls or hold their slots. */
  openCallbackQueue(): CallbackBullQueue;
  openCallbackConsumer(processor: Processor<CallbackJobData>, settings: Pick<WorkerOptions, 'concurrency'>): CallbackBullWorker;
  rateLimiter(limits: { points: number; duration: number; keyPrefix: string }): RateLimiterAbstract;
  readonly tallies: TallyStore;
  /** Per-host politeness shared by every process the store serves. */
  readonly hostGate: HostGate;
  /** Redis's answer, for readiness; absent when the jobs live in the database, which is checked anyway. */
  readonly ping?: () => Promise<unknown>;
  /** True once the store answers; false if it did not within `ms`. */
  waitUntilReady(ms: number): Promise<boolean>;
  close(): Promise<void>;
}

export interface RedisStoreSettings {
  url: string;
  tlsVerify: boolean;
  prefix: string;
  logger: Logger;
  /** How long an unreleased host turn holds its slot: the fetch timeout plus a margin. */
  hostLeaseMs?: number;
}

export function connectRedisQueueStore({ url, tlsVerify, prefix, logger, hostLeaseMs = DEFAULT_HOST_LEASE_MS }: RedisStoreSettings): QueueStore {
  const report = new RedisOutageReport(url, logger);
  const redis = connectRedis(url, 'queue', report, tlsVerify);
  const workerConnections: Redis[] = [];
  // A BullMQ worker blocks its connection waiting for jobs, so each has one of its own.
  const consumerConnection = () => {
    const connection = connectRedis(url, 'consumer', report, tlsVerify);
    workerConnections.push(connection);
    return connection;
  };
  return {
    kind: 'redis',
    openQueue: () => new Queue<CrawlJobData>(CRAWL_QUEUE_NAME, { connection: redis, prefix }),
    openConsumer: (processor, settings) => new Worker<CrawlJobData>(CRAWL_QUEUE_NAME, processor, { ...settings, connection: consumerConnection(), prefix }),
    openCallbackQueue: () => new Queue<CallbackJobData>(CALLBACK_QUEUE_NAME, { connection: redis, prefix }),
    openCallbackConsumer: (processor, settings) =>
      new Worker<CallbackJobData>(CALLBACK_QUEUE_NAME, processor, { ...settings, connection: consumerConnection(), prefix }),
    // While Redis is down each process counts in memory rather than letting everything through.
    rateLimiter: (limits) => new RateLimiterRedis({
      ...limits, storeClient: redis, rejectIfRedisNotReady: true, insuranceLimiter: new RateLimiterMemory(limits),
    }),
    tallies: redisTallies(redis, prefix),
    hostGate: redisHostGate(redis, prefix, hostLeaseMs),
    ping: () => redis.ping(),
    waitUntilReady: (ms) => waitForRedis(redis, ms),
    async close() {
      for (const connection of workerConnections) connection.disconnect();
      redis.disconnect();
    },
  };
}

/**
 * The deployment's job tally as one Redis hash. Its key, `<prefix>:metrics`, predates the name "job
 * tally"; renaming it would reset every deployment's counters, so it stays.
 */
export function redisTallies(redis: Redis, prefix: string): TallyStore {
  const key = `${prefix}:metrics`;
  return {
    async add(increments) {
      const pipeline = redis.pipeline();
      for (const [field, by] of increments) {
        if (Number.isInteger(by)) pipeline.hincrby(key, field, by);
        else pipeline.hincrbyfloat(key, field, by);
      }
      // exec() resolves with a per-command error list rather than rejecting; a failed increment must be retried.
      const replies = await pipeline.exec();
      const failed = replies?.find(([error]) => error !== null);
      if (replies === null || failed) throw failed?.[0] ?? new Error('the metrics pipeline was discarded');
    },
    async read() {
      const hash = await redis.hgetall(key);
      return Object.fromEntries(Object.entries(hash).map(([field, value]) => [field, Number(value)]));
    },
  };
}

/** Tallies of a deployment that is one process. */
function memoryTallies(): TallyStore {
  const counts = new Map<string, number>();
  return {
    async add(increments) {
      for (const [field, by] of increments) counts.set(field, (counts.get(field) ?? 0) + by);
    },
    read: async () => Object.fromEntries(counts),
  };
}

/**
 * Jobs in the app's own database, in schema `bullmq`, migrated here: the embedded one through a
 * pool-shaped adapter (openPglitePool), or a Postgres server by its connection settings. The
 * high-level Queue and Worker are the same classes as on Redis, so the job model, retries and the
 * dashboard are one.
 */
export async function openDatabaseQueueStore(database: PgPool | PostgresPoolConfig, hostLeaseMs = DEFAULT_HOST_LEASE_MS): Promise<QueueStore> {
  let connection: PgPool | PostgresPoolConfig = database;
  if (isPgPool(database)) {
    const client = await database.connect();
    try {
      await runMigrations(client);
    } finally {
      client.release();
    }
  } else {
    // BullMQ builds a pool per Queue and Worker from these, migrating on first connect.
    connection = { ...database, migrate: true };
  }
  const pool = isPgPool(connection) ? connection : undefined;
  const backend = withBackend(createPostgresBackend);
  return {
    kind: 'database',
    // The classes differ from the Redis ones only in their backend type parameters.
    openQueue: () => new backend.Queue<CrawlJobData>(CRAWL_QUEUE_NAME, { connection }) as unknown as CrawlBullQueue,
    openConsumer: (processor, settings) =>
      new backend.Worker<CrawlJobData>(CRAWL_QUEUE_NAME, processor as never, { ...settings, connection }) as unknown as CrawlBullWorker,
    openCallbackQueue: () => new backend.Queue<CallbackJobData>(CALLBACK_QUEUE_NAME, { connection }) as unknown as CallbackBullQueue,
    openCallbackConsumer: (processor, settings) =>
      new backend.Worker<CallbackJobData>(CALLBACK_QUEUE_NAME, processor as never, { ...settings, connection }) as unknown as CallbackBullWorker,
    rateLimiter: (limits) => new RateLimiterMemory(limits),
    tallies: memoryTallies(),
    hostGate: memoryHostGate(hostLeaseMs),
    waitUntilReady: async () => true,
    close: async () => pool?.end(),
  };
}
