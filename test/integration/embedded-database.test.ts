import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../src/db/database.js';
import { getJson, submit, waitForResult } from '../support/api-client.js';
import { respond, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { startTestService, type TestService } from '../support/service.js';

// The `npm start` path without DATABASE_URL: the same migrations and queries on PGlite.
let dataDir: string;
let service: TestService;
let site: FixtureServer;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'wordcrawler-pglite-'));
  const database = await openPglite(join(dataDir, 'db'));
  await database.migrate();
  service = await startTestService({ DATABASE_URL: '' }, { database });
  site = await startFixtureServer({ '/page': respond('<h1>Embedded</h1><p>embedded postgres works</p>') });
});

afterAll(async () => {
  await service?.stop();
  await site?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the embedded database (PGlite)', () => {
  it('runs the whole flow: submit, crawl, read', async () => {
    expect(service.config.DATABASE_URL).toBeUndefined();
    const key = await submit(service.baseUrl, `${site.origin}/page`);
    expect((await waitForResult(service.baseUrl, key)).body).toEqual([['Embedded', 2], ['postgres', 1], ['works', 1]]);
    expect((await getJson(`${service.baseUrl}/status/${key}`)).body).toMatchObject({ status: 'completed', total_words: 4 });
  });
});
