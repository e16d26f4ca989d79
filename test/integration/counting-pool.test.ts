import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageBody } from '../../src/core/page-body.js';
import { createCountingPool } from '../../src/counting/counting-pool.js';
import { countPage } from '../../src/text/count-page.js';
import { toStoredCounts } from '../../src/text/stored-counts.js';
import { combiningMarksPage, deepDivPage, deepSvgPage, strayEndTagPage, svgBreakoutPage } from '../support/pathological-pages.js';

const WHOLE_PAGE = { content: 'page' } as const;

// A real thread, loading the same modules the worker's main thread would otherwise run.
const pool = createCountingPool({ threads: 2, heapMb: 256, timeoutMs: 30_000 });
afterAll(() => pool.close());

const html = (body: string): PageBody => ({ bytes: Buffer.from(`<html><body>${body}</body></html>`), mimeType: 'text/html' });

describe('the counting pool', () => {
  it('gives what counting on this thread gives, for HTML, plain text and a legacy charset', async () => {
    const pages: PageBody[] = [
      html('<h1>The Cat</h1><p>The cat sat on the mat.</p><script>cat cat</script>'),
      { bytes: Buffer.from('plain words, plain text'), mimeType: 'text/plain' },
      { bytes: iconv.encode('<p>Café crème, déjà vu</p>', 'windows-1252'), mimeType: 'text/html', charset: 'windows-1252' },
    ];
    for (const page of pages) {
      const { counts, ...choices } = countPage(page);
      const { countedText, ...stored } = toStoredCounts(counts, choices);
      const fromPool = await pool.countPage(page, WHOLE_PAGE);
      expect(fromPool).toEqual({ ...stored, countedText: expect.any(Buffer) });
      // A Buffer over exactly the compressed bytes, as the thread made them.
      expect(fromPool.countedText).toEqual(Buffer.from(countedText!));
      expect(fromPool.countedText!.buffer.byteLength).toBe(countedText!.length);
    }
  });

  it('keeps many pages in flight at once apart', async () => {
    const pages = Array.from({ length: 40 }, (_, i) => html(`<p>${'word '.repeat(i + 2)}page${i}</p>`));
    const stored = await Promise.all(pages.map((page) => pool.countPage(page, WHOLE_PAGE)));
    stored.forEach((counts, i) => {
      expect(JSON.parse(counts.allJson)).toEqual([['word', i + 2], [`page${i}`, 1]]);
      expect(counts.totalWords).toBe(i + 3);
    });
  });

  it('leaves the body it was given readable by the caller', async () => {
    const page = html('<p>still here</p>');
    const length = page.bytes.length;
    await pool.countPage(page, WHOLE_PAGE);
    expect(page.bytes.length).toBe(length);
    expect(page.bytes.toString()).toContain('still here');
  });
});

describe('a page too big to count within the thread heap', () => {
  it('fails with too_large, and the pool goes on counting other pages', async () => {
    const small = createCountingPool({ threads: 1, heapMb: 32, timeoutMs: 30_000 });
    try {
      // 400,000 distinct words: the counts alone need several times the 32 MB heap.
      const words = Array.from({ length: 400_000 }, (_, i) => `w${i.toString(36)}`).join(' ');
      await expect(small.countPage(html(`<p>${words}</p>`), WHOLE_PAGE)).rejects.toMatchObject({
        code: 'too_large',
        retryable: false,
        message: expect.stringContaining('32 MB (COUNTING_HEAP_MB)'),
      });
      expect(JSON.parse((await small.countPage(html('<p>counted after all</p>'), WHOLE_PAGE)).allJson)).toEqual([['after', 1], ['all', 1], ['counted', 1]]);
    } finally {
      await small.close();
    }
  });
});

const FIVE_MB = 5 * 1024 * 1024;
const page5mb = (body: string): PageBody => ({ bytes: Buffer.from(body), mimeType: 'text/html', charset: 'utf-8' });

describe('pages built to be slow to count (issue 11)', () => {
  // Before the depth cap the svg page took hours at 5 MB (123–152 s at 300 KB) and <div>×N 28 s at 800 KB.
  const budget = createCountingPool({ threads: 1, heapMb: 256, timeoutMs: 10_000 });
  afterAll(() => budget.close());
  // The thread's first task waits for it to load its modules, which is not what is measured here.
  beforeAll(() => budget.countPage(html('<p>warm</p>'), WHOLE_PAGE), 30_000);

  it.each([
    ['<svg> <g>×n <foreignObject> <b>×n', svgBreakoutPage],
    ['<div>×n', deepDivPage],
    ['end tags matching nothing, deep in divs', strayEndTagPage],
    ['<svg>×n', deepSvgPage],
    ['a letter and combining marks', combiningMarksPage],
  ])('count at 5 MB well within a 10 s COUNT_TIMEOUT_MS: %s', async (_name, build) => {
    // The pool's own deadline is the measure: past it the page would fail with too_complex.
    await expect(budget.countPage(page5mb(build(FIVE_MB)), WHOLE_PAGE)).resolves.toMatchObject({ totalWords: expect.any(Number) });
  }, 30_000);
});

describe('COUNT_TIMEOUT_MS', () => {
  // 7 million empty inline elements (48 MB, past any fetch limit, but the pool takes what it is given):
  // a second or more to parse even on a fast machine, with next to nothing to keep in memory.
  const slow = page5mb(`<p>${'<i></i>'.repeat(7_000_000)}</p>`);

  it('fails a page counted for longer with too_complex and a reason naming the setting, and counts the next page', async () => {
    const strict = createCountingPool({ threads: 1, heapMb: 256, timeoutMs: 100 });
    try {
      await expect(strict.countPage(slow, WHOLE_PAGE)).rejects.toMatchObject({
        code: 'too_complex',
        retryable: false,
        message: expect.stringContaining('within 100 ms (COUNT_TIMEOUT_MS)'),
      });
      expect(JSON.parse((await strict.countPage(html('<p>counted after all</p>'), WHOLE_PAGE)).allJson)).toEqual([['after', 1], ['all', 1], ['counted', 1]]);
    } finally {
      await strict.close();
    }
  });

  it('starts when a thread takes the page, so a page waiting behind a slow one is not failed', async () => {
    const strict = createCountingPool({ threads: 1, heapMb: 256, timeoutMs: 300 });
    try {
      const [first, second] = await Promise.allSettled([strict.countPage(slow, WHOLE_PAGE), strict.countPage(html('<p>waited</p>'), WHOLE_PAGE)]);
      expect(first).toMatchObject({ status: 'rejected', reason: { code: 'too_complex' } });
      expect(second).toMatchObject({ status: 'fulfilled', value: { totalWords: 1 } });
    } finally {
      await strict.close();
    }
  });

  it('gives way to the caller\'s signal: the thread stops and the abort error comes back as it is', async () => {
    const patient = createCountingPool({ threads: 1, heapMb: 256, timeoutMs: 60_000 });
    try {
      const shutdown = new AbortController();
      const counting = patient.countPage(slow, WHOLE_PAGE, shutdown.signal);
      setTimeout(() => shutdown.abort(), 100);
      const startedAt = performance.now();
      await expect(counting).rejects.toMatchObject({ name: 'AbortError' });
      expect(performance.now() - startedAt).toBeLessThan(2_000);
    } finally {
      await patient.close();
    }
  });
});
