import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { mkdir } from 'node:fs/promises';
import pg from 'pg';
import { MIGRATIONS_DIR } from '../core/paths.js';
import { resolvePostgresConnection, type DatabaseSslSetting, type PostgresConnection } from './postgres-ssl.js';
import { listenOnPglite, listenOnPostgres, type FinishedResults } from './finished-results.js';
import * as schema from './schema.js';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseHandle {
  db: Database;
  /** Starts hearing which results finish (src/db/finished-results.ts); the caller closes it. */
  listenForFinished(): Promise<FinishedResults>;
  /** Applies pending migrations; safe to run from several processes at once. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

// Any constant will do; it only has to be the same in every process that migrates.
const MIGRATION_LOCK_ID = 727_001;

export interface PostgresOptions {
  poolSize?: number;
  ssl?: DatabaseSslSetting;
  /** The libpq variable, consulted when `ssl` is auto and the URL names no sslmode. */
  pgSslMode?: string | undefined;
}

/** A pooled connection to a Postgres server. Nothing connects until the first query. */
export function connectPostgres(url: string, options: PostgresOptions = {}): DatabaseHandle {
  const connection = resolvePostgresConnection(url, options.ssl ?? 'auto', options.pgSslMode);
  const pool = new pg.Pool({
    ...connection,
    max: options.poolSize ?? 10,
    // Fail fast when Postgres is down so the web can answer 503 instead of hanging.
    connectionTimeoutMillis: 2_000,
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  return {
    db: drizzlePg({ client: pool, schema, casing: 'snake_case' }),
    listenForFinished: async () => listenOnPostgres(connection),
    migrate: () => migrateWithLock(connection),
    close: () => pool.end(),
  };
}

async function migrateWithLock(connection: PostgresConnection): Promise<void> {
  // drizzle's migrator takes no lock of its own, and an advisory lock only holds on the session that took it.
  const client = new pg.Client(connection);
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    await migratePg(drizzlePg({ client, casing: 'snake_case' }), { migrationsFolder: MIGRATIONS_DIR });
  } finally {
    await client.end();
  }
}

export interface PgliteHandle extends DatabaseHandle {
  /** The instance itself, for the embedded queue to share (src/queue/pglite-pool.ts). */
  pglite: PGlite;
}

/** An embedded Postgres (PGlite) in a folder, for a laptop without a Postgres server. One process only. */
export async function openPglite(dataDir: string): Promise<PgliteHandle> {
  // Loaded here only: the web and worker processes never use it, and it is not small.
  const [{ PGlite }, { drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  await mkdir(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir);
  const db = drizzlePglite({ client, schema, casing: 'snake_case' });
  return {
    db: db as unknown as Database,
    listenForFinished: () => listenOnPglite(client),
    migrate: () => migratePglite(db, { migrationsFolder: MIGRATIONS_DIR }),
    close: () => client.close(),
    pglite: client,
  };
}

/** Cheap round trip, used to tell "database down" from "row missing". */
export async function pingDatabase(db: Database): Promise<void> {
  await db.execute(sql`select 1`);
}
