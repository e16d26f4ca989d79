import { requireDatabaseUrl, requireRedisUrl, type Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import { connectPostgres, type DatabaseHandle, type PgliteHandle } from '../db/database.js';
import { resolvePostgresConnection } from '../db/postgres-ssl.js';
import { openPglitePool } from '../queue/pglite-pool.js';
import { connectRedisQueueStore, openDatabaseQueueStore, type QueueStore } from '../queue/queue-store.js';

/** The Postgres server named by DATABASE_URL (required here), with the configured TLS settings. */
export function connectConfiguredPostgres(config: Config, poolSize?: number): DatabaseHandle {
  return connectPostgres(requireDatabaseUrl(config), {
    ssl: config.DATABASE_SSL,
    pgSslMode: config.PGSSLMODE,
    ...(poolSize === undefined ? {} : { poolSize }),
  });
}

/**
 * A host's turn outlives the longest fetch, so only a worker that died holding one lets it lapse; a
 * dead worker's turns hold their host's slots this long (35 s with the defaults), no longer.
 */
function hostLeaseMs(config: Config): number {
  return config.FETCH_TIMEOUT_MS + 5_000;
}

/** The Redis named by REDIS_URL (required here), which the web and worker processes share. */
export function connectConfiguredRedisStore(config: Config, logger: Logger): QueueStore {
  return connectRedisQueueStore({
    url: requireRedisUrl(config), tlsVerify: config.REDIS_TLS_VERIFY, prefix: config.QUEUE_PREFIX, logger, hostLeaseMs: hostLeaseMs(config),
  });
}

/** For the one-process mode: Redis when REDIS_URL is set, else the jobs go in the app's own database. */
export async function openQueueStoreBeside(config: Config, database: DatabaseHandle | PgliteHandle, logger: Logger): Promise<QueueStore> {
  if (config.REDIS_URL) return connectConfiguredRedisStore(config, logger);
  logger.info('no REDIS_URL: jobs are kept in the database (one process only)');
  if ('pglite' in database) return openDatabaseQueueStore(await openPglitePool(database.pglite), hostLeaseMs(config));
  const connection = resolvePostgresConnection(config.DATABASE_URL!, config.DATABASE_SSL, config.PGSSLMODE);
  return openDatabaseQueueStore({ ...connection, max: 4 }, hostLeaseMs(config));
}
