import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WordCount } from '../../src/core/results.js';
import { insertQueuedResult, saveResultCounts } from '../../src/db/result-writes.js';
import { toStoredCounts } from '../../src/text/stored-counts.js';
import { startTestService, type TestService } from '../support/service.js';

const ENGLISH_PAGE = { language: 'en', stopWords: 'en', contentUsed: 'page' } as const;

// No worker: the hostile results are written straight into the table, as a worker would store them.
let service: TestService;
let lastClient = 0;
const uniqueClient = () => `198.51.100.${++lastClient}`;

async function storeCompleted(all: WordCount[]): Promise<string> {
  const key = randomUUID();
  const url = `https://example.com/${key}`;
  await insertQueuedResult(service.db, { key, url, canonicalUrl: url, clientKey: 'test' });
  await saveResultCounts(service.db, key, url, toStoredCounts({ all, noStopWords: all, totalWords: all.length, uniqueWords: all.length }, ENGLISH_PAGE));
  return key;
}

let manyKey: string;
let many: WordCount[];
let longKey: string;
beforeAll(async () => {
  service = await startTestService({ DOWNLOADS_PER_MINUTE: '3', TRUST_PROXY_HOPS: '1' }, { worker: false });
  many = Array.from({ length: 200_000 }, (_, i) => [`w${i.toString(36)}`, 200_000 - i] as WordCount);
  manyKey = await storeCompleted(many);
  longKey = await storeCompleted(Array.from({ length: 100 }, (_, i) => [`${String.fromCharCode(97 + (i % 26))}${'x'.repeat(51_000)}${i}`, 100 - i] as WordCount));
});
afterAll(() => service?.stop());

const download = (key: string, format: string, client: string) =>
  fetch(`${service.baseUrl}/results/${key}/counts.${format}?stopwords=include`, { headers: { 'x-forwarded-for': client, accept: 'application/json' } });

describe('full-count downloads', () => {
  it('send the stored JSON as it is, 200,000 words', async () => {
    const response = await download(manyKey, 'json', uniqueClient());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain(`wordcrawler-${manyKey}-all.json`);
    expect(await response.text()).toBe(JSON.stringify(many));
  });

  it('are limited per client: the 4th within a minute is 429 with Retry-After, others unaffected', async () => {
    const client = uniqueClient();
    for (const format of ['json', 'csv', 'json']) expect((await download(manyKey, format, client)).status).toBe(200);
    const refused = await download(manyKey, 'csv', client);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual({ error: expect.stringMatching(/^too many downloads; try again in \d+ s$/), code: 'rate_limited' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await download(manyKey, 'json', uniqueClient())).status).toBe(200);
    // The top list is not a download: polling it is not limited by this setting.
    for (let i = 0; i < 5; i++) expect((await fetch(`${service.baseUrl}/results/${manyKey}`, { headers: { 'x-forwarded-for': client } })).status).toBe(200);
  });
});

describe('comparing two results', () => {
  it('counts as a download, since it reads two full count lists: the limit is shared with counts.*', async () => {
    const client = uniqueClient();
    const compare = () => fetch(`${service.baseUrl}/compare?a=${manyKey}&b=${longKey}`, { headers: { 'x-forwarded-for': client } });
    expect((await compare()).status).toBe(200);
    expect((await download(manyKey, 'json', client)).status).toBe(200);
    expect((await compare()).status).toBe(200);
    const refused = await compare();
    expect(refused.status).toBe(429);
    expect((await refused.json()).code).toBe('rate_limited');
  });
});

describe('a result of 100 words of 51,000 letters', () => {
  it('shows each word cut to 60 characters with an ellipsis, so the page stays small', async () => {
    const response = await fetch(`${service.baseUrl}/r/${longKey}?limit=50&stopwords=include`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html.length).toBeLessThan(100_000);
    expect(html).not.toMatch(/x{60}/);
    expect(html).toContain(`data-word="a${'x'.repeat(58)}…"`);
  });

  it('keeps every word whole in the download', async () => {
    const counts = (await (await download(longKey, 'json', uniqueClient())).json()) as WordCount[];
    expect(counts).toHaveLength(100);
    expect(counts[0]![0]).toHaveLength(51_002);
  });
});
