import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { countPage } from '../../src/pipeline/count-page.js';
import { createCountingPool } from '../../src/pipeline/counting-pool.js';
import type { PageBody } from '../../src/pipeline/extract-text.js';
import { toStoredCounts } from '../../src/pipeline/stored-counts.js';

// A real thread, loading the same modules the worker's main thread would otherwise run.
const pool = createCountingPool({ threads: 2, heapMb: 256 });
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
      expect(await pool.countPage(page)).toEqual(toStoredCounts(countPage(page)));
    }
  });

  it('keeps many pages in flight at once apart', async () => {
    const pages = Array.from({ length: 40 }, (_, i) => html(`<p>${'word '.repeat(i + 2)}page${i}</p>`));
    const stored = await Promise.all(pages.map((page) => pool.countPage(page)));
    stored.forEach((counts, i) => {
      expect(JSON.parse(counts.allJson)).toEqual([['word', i + 2], [`page${i}`, 1]]);
      expect(counts.totalWords).toBe(i + 3);
    });
  });

  it('leaves the body it was given readable by the caller', async () => {
    const page = html('<p>still here</p>');
    const length = page.bytes.length;
    await pool.countPage(page);
    expect(page.bytes.length).toBe(length);
    expect(page.bytes.toString()).toContain('still here');
  });
});

describe('a page too big to count within the thread heap', () => {
  it('fails with too_large, and the pool goes on counting other pages', async () => {
    const small = createCountingPool({ threads: 1, heapMb: 32 });
    try {
      // 400,000 distinct words: the counts alone need several times the 32 MB heap.
      const words = Array.from({ length: 400_000 }, (_, i) => `w${i.toString(36)}`).join(' ');
      await expect(small.countPage(html(`<p>${words}</p>`))).rejects.toMatchObject({
        code: 'too_large',
        retryable: false,
        message: expect.stringContaining('32 MB (COUNTING_HEAP_MB)'),
      });
      expect(JSON.parse((await small.countPage(html('<p>counted after all</p>'))).allJson)).toEqual([['after', 1], ['all', 1], ['counted', 1]]);
    } finally {
      await small.close();
    }
  });
});
