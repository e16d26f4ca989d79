import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WordCount } from '../../src/core/results.js';
import { insertQueuedResult, saveResultCounts } from '../../src/db/result-writes.js';
import { toStoredCounts } from '../../src/text/stored-counts.js';
import { startTestService, type TestService } from '../support/service.js';

const ENGLISH_PAGE = { language: 'en', stopWords: 'en', contentUsed: 'page' } as const;

let service: TestService;

beforeAll(async () => {
  // Downloads unlimited per client here: this file is about what is sent, and about the slots.
  service = await startTestService({ DOWNLOADS_PER_MINUTE: '0' }, { worker: false });
});

afterAll(async () => {
  await service?.stop();
});

/** A completed result with these counts, written as the worker writes them. */
async function storedResult(all: WordCount[]): Promise<string> {
  const key = randomUUID();
  await insertQueuedResult(service.db, { key, url: 'https://example.com/', canonicalUrl: 'https://example.com/', clientKey: 'test' });
  await saveResultCounts(service.db, key, 'https://example.com/', toStoredCounts({
    all, noStopWords: all, totalWords: all.reduce((sum, [, count]) => sum + count, 0), uniqueWords: all.length,
  }, ENGLISH_PAGE));
  return key;
}

// text() would drop the BOM, which is part of what is sent.
const csvOf = async (key: string) =>
  new TextDecoder('utf-8', { ignoreBOM: true }).decode(await (await fetch(`${service.baseUrl}/results/${key}/counts.csv`)).arrayBuffer());

describe('counts.csv, written by Postgres from the stored JSON', () => {
  it('quotes what RFC 4180 says to, and defuses cells a spreadsheet would run as formulas', async () => {
    const key = await storedResult([
      ['plain', 9], ['say "hi"', 5], ['a,b', 4], ['=SUM(A1)', 3], ['+1', 2], ['-x', 2], ['@home', 1], ['line\nbreak', 1], ['Москва', 1],
    ]);
    expect(await csvOf(key)).toBe([
      '\uFEFFword,count',
      'plain,9',
      '"say ""hi""",5',
      '"a,b",4',
      "'=SUM(A1),3",
      "'+1,2",
      "'-x,2",
      "'@home,1",
      '"line\nbreak",1',
      'Москва,1',
      '',
    ].join('\r\n'));
  });

  it('is the header alone for a page without words', async () => {
    expect(await csvOf(await storedResult([]))).toBe('\uFEFFword,count\r\n');
  });

  it('keeps every one of 200,000 words, in order', async () => {
    const all: WordCount[] = Array.from({ length: 200_000 }, (_, i) => [`w${i}`, 1 + (i % 3)]);
    const lines = (await csvOf(await storedResult(all))).split('\r\n');
    expect(lines).toHaveLength(200_002);
    expect(lines[1]).toBe('w0,1');
    expect(lines[200_000]).toBe('w199999,2');
  });
});

