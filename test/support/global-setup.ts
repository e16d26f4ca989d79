import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { connectPostgres } from '../../src/db/database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated database that test databases are cloned from; never connect to it. */
    templateDatabaseUrl: string;
  }
}

const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

async function admin(statement: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * Migrates one template database per run; each test service clones it (test/support/test-database.ts),
 * so runs, and files within a run, never see each other's rows.
 */
export default async function setup(project: TestProject) {
  const name = `wordcrawler_test_${randomBytes(6).toString('hex')}`;
  await admin(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const database = connectPostgres(url.href, { poolSize: 1 });
  await database.migrate();
  await database.close();
  project.provide('templateDatabaseUrl', url.href);

  return async () => {
    // Clones are dropped by their tests; this also catches those of a test that crashed.
    const { rows } = await admin(`select datname from pg_database where datname like '${name}%'`);
    for (const { datname } of rows) await admin(`drop database if exists ${datname} with (force)`);
  };
}
