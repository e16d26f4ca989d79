import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertQueuedResult } from '../../src/db/result-writes.js';
import { results } from '../../src/db/schema.js';
import { getJson, submit, waitForResult, type Answer } from '../support/api-client.js';
import { crawlPages, startCrawl } from '../support/crawl-client.js';
import { respond, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { startTestService, type TestService } from '../support/service.js';

const html = (title: string, paragraphs: string[], links: string[] = []) =>
  respond(`<!doctype html><html lang="en"><head><title>${title}</title></head><body>${paragraphs.map((text) => `<p>${text}</p>`).join('')}${links.map((href) => `<a href="${href}">more</a>`).join(' ')}</body></html>`);
const times = (sentence: string, count: number) => Array.from({ length: count }, () => sentence).join(' ');

let service: TestService;
let site: FixtureServer;
let harbor: string;
let mountain: string;
let crawl: string;

beforeAll(async () => {
  site = await startFixtureServer({
    '/robots.txt': respond('User-agent: *\nAllow: /\n', { 'content-type': 'text/plain' }),
    // 24 harbor (6 as Harbor), 24 lighthouse, 12 keeper in 30 sentences: "harbor lighthouse" 18 times, "harbor lighthouse keeper" 12.
    '/harbor': html('Harbor', [
      times('The harbor lighthouse keeper.', 12),
      times('Ships passed the harbor lighthouse.', 6),
      times('Gulls circled over the lighthouse.', 6),
      times('Harbor boats rest.', 6),
    ]),
    // 40 mountain, 20 snow, 5 harbor: against /harbor, harbor is the one word both have.
    '/mountain': html('Mountain', [times('The mountain snow fell on the mountain.', 20), times('A harbor by the sea.', 5)]),
    // Its link to /missing is a failed page of the crawl, which no view counts.
    '/': html('Home', ['Harbor home page with one harbor.'], ['/a', '/b', '/missing']),
    '/a': html('A', ['A long page about the harbor lighthouse, its keeper, its harbor, its lamp and the sea around it all.']),
    '/b': html('B', ['Short harbor note.']),
  });
  // No sweep for unfinished rows after the first: the queued rows these tests write have no job, and must stay queued.
  service = await startTestService({ REQUEUE_INTERVAL_MS: '86400000' });
  [harbor, mountain, crawl] = await Promise.all([
    submit(service.baseUrl, `${site.origin}/harbor`),
    submit(service.baseUrl, `${site.origin}/mountain`),
    startCrawl(service.baseUrl, `${site.origin}/`, { max_depth: 1, sitemap: false }),
  ]);
  for (const key of [harbor, mountain]) expect((await waitForResult(service.baseUrl, key)).status).toBe(200);
  expect((await waitForResult(service.baseUrl, crawl, '', 30_000)).status).toBe(200);
});

afterAll(async () => {
  await service?.stop();
  await site?.close();
});

const get = (path: string) => getJson(`${service.baseUrl}${path}`);
/** A CSV download as sent, BOM included (text() would drop it). */
async function csv(path: string): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(`${service.baseUrl}${path}`);
  return { status: response.status, headers: response.headers, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer()) };
}
const countOf = async (key: string, word: string) =>
  Object.fromEntries((await get(`/results/${key}?limit=100&stopwords=include`)).body as Array<[string, number]>)[word];
const expectError = (answer: Answer, status: number, code: string, mentions: string) => {
  expect(answer.status).toBe(status);
  expect(answer.body.code).toBe(code);
  expect(answer.body.error).toContain(mentions);
};

describe('phrases', () => {
  it('lists a page\'s most frequent two- and three-word phrases as [phrase, count], and every one as CSV', async () => {
    const two = await get(`/results/${harbor}/phrases`);
    expect(two.status).toBe(200);
    expect(two.body[0]).toEqual(['harbor lighthouse', 18]);
    expect(two.body.length).toBeLessThanOrEqual(10);
    expect((await get(`/results/${harbor}/phrases?n=3&limit=1`)).body).toEqual([['harbor lighthouse keeper', 12]]);
    const download = await csv(`/results/${harbor}/phrases.csv?n=3`);
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename=wordcrawler-${harbor}-phrases-3.csv`);
    expect(download.text.startsWith('\uFEFFphrase,count\r\nharbor lighthouse keeper,12\r\n')).toBe(true);
  });

  it('sums a crawl\'s pages', async () => {
    const phrases = Object.fromEntries((await get(`/results/${crawl}/phrases?limit=100`)).body);
    expect(phrases['harbor lighthouse']).toBe(1);
    expect(phrases['Harbor home']).toBe(1);
    expect(phrases['Short harbor']).toBe(1);
  });

  it('refuses n and limit out of range, naming them', async () => {
    expectError(await get(`/results/${harbor}/phrases?n=4`), 400, 'invalid_request', 'n must be 2 or 3');
    expectError(await get(`/results/${harbor}/phrases?limit=0`), 400, 'invalid_request', 'limit must be a whole number from 1 to 100');
    expectError(await get(`/results/${harbor}/phrases?limit=101`), 400, 'invalid_request', 'limit');
  });
});

describe('words in context', () => {
  it('shows each occurrence in a page with the words around it, and counts as many as the result does', async () => {
    const answer = await get(`/results/${harbor}/contexts?word=HARBOR&width=2&limit=3`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ word: 'HARBOR', total: await countOf(harbor, 'harbor'), truncated: false });
    expect(answer.body.contexts).toEqual([
      { before: 'The', match: 'harbor', after: 'lighthouse keeper' },
      { before: 'keeper The', match: 'harbor', after: 'lighthouse keeper' },
      { before: 'keeper The', match: 'harbor', after: 'lighthouse keeper' },
    ]);
    const all = await get(`/results/${harbor}/contexts?word=harbor&limit=500`);
    expect(all.body.total).toBe(24);
    expect(new Set(all.body.contexts.map((context: { match: string }) => context.match))).toEqual(new Set(['harbor', 'Harbor']));
    expect((await get(`/results/${harbor}/contexts?word=lighthouse&limit=500`)).body.total).toBe(await countOf(harbor, 'lighthouse'));
  });

  it('names each context\'s page in a crawl, never reaching across pages, and says when it stopped reading pages', async () => {
    const all = await get(`/results/${crawl}/contexts?word=harbor&width=25`);
    expect(all.body.total).toBe(await countOf(crawl, 'harbor'));
    expect(all.body.truncated).toBe(false);
    const paths = all.body.contexts.map((context: { page_url: string }) => new URL(context.page_url).pathname);
    expect(paths).toEqual(['/', '/', '/a', '/a', '/b']);
    // The first on /a has nothing before it from /, and the last on / nothing after it from /a.
    expect(all.body.contexts[1]).toMatchObject({ before: 'Harbor home page with one', after: 'more more more' });
    expect(all.body.contexts[2]).toMatchObject({ before: 'A long page about the', after: 'lighthouse its keeper its harbor its lamp and the sea around it all' });
    expect(all.body.contexts[4]).toMatchObject({ before: 'Short', match: 'harbor', after: 'note' });
    expect(all.body.contexts[0].page_key).toMatch(/^[0-9a-f-]{36}$/);
    const first = await get(`/results/${crawl}/contexts?word=harbor&limit=1`);
    // The home page is read whole: both its occurrences are counted, the other pages are not read.
    expect(first.body).toMatchObject({ total: 2, truncated: true });
    expect(first.body.contexts).toHaveLength(1);
    // Three: two from /, one of the two on /a (both counted), and /b left unread.
    const three = await get(`/results/${crawl}/contexts?word=harbor&limit=3`);
    expect(three.body).toMatchObject({ total: 4, truncated: true });
    expect(three.body.contexts.map((context: { page_url: string }) => new URL(context.page_url).pathname)).toEqual(['/', '/', '/a']);
  });

  it('downloads the contexts as CSV', async () => {
    const download = await csv(`/results/${crawl}/contexts.csv?word=note&width=1`);
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename=wordcrawler-${crawl}-contexts.csv`);
    expect(download.text).toBe(`\uFEFFbefore,match,after,page_url\r\nharbor,note,,${site.origin}/b\r\n`);
  });

  it('refuses a missing, empty, long or spaced word, naming it', async () => {
    expectError(await get(`/results/${harbor}/contexts`), 400, 'invalid_request', 'word');
    expectError(await get(`/results/${harbor}/contexts?word=`), 400, 'invalid_request', 'word must not be empty');
    expectError(await get(`/results/${harbor}/contexts?word=${'a'.repeat(201)}`), 400, 'invalid_request', 'word must be at most 200');
    expectError(await get(`/results/${harbor}/contexts?word=two%20words`), 400, 'invalid_request', 'word must be one word');
    expectError(await get(`/results/${harbor}/contexts?word=harbor&width=26`), 400, 'invalid_request', 'width must be a whole number from 1 to 25');
    expectError(await get(`/results/${harbor}/contexts?word=harbor&limit=501`), 400, 'invalid_request', 'limit');
  });

  it('answers 410 text_unavailable once the text is no longer kept', async () => {
    const key = await submit(service.baseUrl, `${site.origin}/b?copy`);
    await waitForResult(service.baseUrl, key);
    await service.db.update(results).set({ countedText: null }).where(eq(results.key, key));
    expectError(await get(`/results/${key}/contexts?word=note`), 410, 'text_unavailable', 'this server keeps them 30 days after counting (COUNTED_TEXT_RETENTION_DAYS)');
    const smallCrawl = await startCrawl(service.baseUrl, `${site.origin}/b`, { max_depth: 0, sitemap: false });
    await waitForResult(service.baseUrl, smallCrawl, '', 30_000);
    const [page] = await crawlPages(service.baseUrl, smallCrawl);
    await service.db.update(results).set({ countedText: null }).where(eq(results.key, page!.key!));
    expectError(await get(`/results/${smallCrawl}/contexts?word=note`), 410, 'text_unavailable', `the pages of this crawl (${smallCrawl})`);
  });

  it('says so when the server keeps no texts at all', async () => {
    const keepsNone = await startTestService({ COUNTED_TEXT_RETENTION_DAYS: '0' });
    try {
      const key = await submit(keepsNone.baseUrl, `${site.origin}/b`);
      await waitForResult(keepsNone.baseUrl, key);
      const answer = await getJson(`${keepsNone.baseUrl}/results/${key}/contexts?word=note`);
      expectError(answer, 410, 'text_unavailable', 'this server keeps no counted texts (COUNTED_TEXT_RETENTION_DAYS=0)');
    } finally {
      await keepsNone.stop();
    }
  });
});

describe('summary', () => {
  it('gives a page\'s words, density, sentences and reading time, as JSON and CSV', async () => {
    const status = (await get(`/status/${harbor}`)).body;
    const summary = await get(`/results/${harbor}/summary`);
    expect(summary.status).toBe(200);
    expect(summary.body).toEqual({
      key: harbor, kind: 'page', words: status.total_words, distinct_words: status.unique_words,
      vocabulary_density: Number((status.unique_words / status.total_words).toPrecision(4)),
      sentences: 30, words_per_sentence: Math.round((status.total_words / 30) * 10) / 10,
      reading_minutes: Math.round((status.total_words / 238) * 10) / 10, reading_words_per_minute: 238,
      language: 'en', content_used: 'page',
    });
    const download = await csv(`/results/${harbor}/summary.csv`);
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename=wordcrawler-${harbor}-summary.csv`);
    expect(download.text).toContain(`\uFEFFfield,value\r\nkey,${harbor}\r\nkind,page\r\nwords,${status.total_words}\r\n`);
  });

  it('names a crawl\'s longest and shortest pages', async () => {
    const { body } = await get(`/results/${crawl}/summary`);
    expect(body.kind).toBe('crawl');
    expect(body.pages.counted).toBe(3);
    expect(body.pages.longest.map((page: { url: string }) => new URL(page.url).pathname)).toEqual(['/a', '/', '/b']);
    expect(body.pages.shortest[0]).toMatchObject({ url: `${site.origin}/b`, words: 3 });
    expect((await csv(`/results/${crawl}/summary.csv`)).text).toContain(`\r\nshortest_1_url,${site.origin}/b\r\nshortest_1_key,`);
  });
});

describe('distinctive words', () => {
  it('lists each crawl page\'s most distinctive words, in the crawl\'s order, as JSON and CSV', async () => {
    const answer = await get(`/results/${crawl}/distinctive?limit=2&offset=1`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ total: 3, offset: 1, limit: 2 });
    expect(answer.body.pages.map((page: { url: string }) => new URL(page.url).pathname)).toEqual(['/a', '/b']);
    const [word, score] = answer.body.pages[1].words[0];
    expect(['short', 'note']).toContain(word);
    expect(score).toBeGreaterThan(0);
    const download = await csv(`/results/${crawl}/distinctive.csv`);
    expect(download.text.startsWith('\uFEFFurl,key,rank,word,score\r\n')).toBe(true);
    expect(download.text).toContain(`${site.origin}/b,${answer.body.pages[1].key},1,${word},${score}\r\n`);
  });

  it('is 404 for a single page, and 400 for a bad limit', async () => {
    expectError(await get(`/results/${harbor}/distinctive`), 404, 'not_found', 'not a site crawl');
    expectError(await get(`/results/${crawl}/distinctive?limit=201`), 400, 'invalid_request', 'limit must be a whole number from 1 to 200');
  });
});

describe('compare', () => {
  it('lists the words over- and under-used in a relative to b by G², and the words only one has', async () => {
    const answer = await get(`/compare?a=${harbor}&b=${mountain}&min_count=5`);
    expect(answer.status).toBe(200);
    const [a, b] = [(await get(`/status/${harbor}`)).body, (await get(`/status/${mountain}`)).body];
    expect(answer.body.a).toEqual({ key: harbor, url: `${site.origin}/harbor`, words: a.total_words });
    expect(answer.body.b).toEqual({ key: mountain, url: `${site.origin}/mountain`, words: b.total_words });
    expect(answer.body.overused.map((word: { word: string }) => word.word)).toEqual(['harbor']);
    expect(answer.body.overused[0]).toMatchObject({ a_count: 24, b_count: 5, a_per_million: Math.round((24 / a.total_words) * 1e8) / 100 });
    expect(answer.body.overused[0].g2).toBeGreaterThanOrEqual(3.84);
    expect(answer.body.overused[0].log_ratio).toBeCloseTo(Math.log2((24 / a.total_words) / (5 / b.total_words)), 2);
    expect(answer.body.underused).toEqual([]);
    expect(answer.body.only_in_a.slice(0, 2)).toEqual([['lighthouse', 24], ['keeper', 12]]);
    expect(answer.body.only_in_b[0]).toEqual(['mountain', 40]);
    expect(answer.body.only_in_b).toContainEqual(['snow', 20]);
    // Stop words are left out unless asked for; the corpus sizes are every word either way.
    expect(answer.body.only_in_b).not.toContainEqual(['on', 20]);
    const withStopWords = await get(`/compare?a=${harbor}&b=${mountain}&stopwords=include&limit=200`);
    expect(withStopWords.body.only_in_b).toContainEqual(['on', 20]);
    expect(withStopWords.body.a.words).toBe(a.total_words);
  });

  it('downloads every word as CSV', async () => {
    const download = await csv(`/compare.csv?a=${harbor}&b=${mountain}`);
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename=wordcrawler-${harbor}-compare-${mountain}.csv`);
    expect(download.text).toMatch(/^\uFEFFword,a_count,b_count,g2,log_ratio,list\r\nharbor,24,5,[\d.]+,[\d.]+,overused\r\n/);
    expect(download.text).toContain('\r\nmountain,0,40,,,only_in_b\r\n');
  });

  it('compares a result with itself, and a crawl with a page', async () => {
    const self = await get(`/compare?a=${harbor}&b=${harbor}`);
    expect(self.body).toMatchObject({ overused: [], underused: [], only_in_a: [], only_in_b: [] });
    expect((await get(`/compare?a=${crawl}&b=${mountain}&min_count=1`)).status).toBe(200);
  });

  it('names a or b when one is missing, unknown or not counted', async () => {
    expectError(await get(`/compare?b=${mountain}`), 400, 'invalid_request', 'a is required');
    expectError(await get(`/compare?a=${harbor}&b=${mountain}&min_count=0`), 400, 'invalid_request', 'min_count must be');
    expectError(await get(`/compare?a=${harbor}&b=${mountain}&stopwords=some`), 400, 'invalid_request', 'stopwords must be');
    const unknown = randomUUID();
    expectError(await get(`/compare?a=${unknown}&b=${mountain}`), 404, 'not_found', `a: no result with key "${unknown}"`);
    expectError(await get(`/compare?a=${harbor}&b=nonsense`), 404, 'not_found', 'b: no result with key "nonsense"');
    const queued = await queuedResult();
    expectError(await get(`/compare?a=${harbor}&b=${queued}`), 409, 'not_counted', `b: result ${queued} is not counted yet`);
    const failed = await failedResult();
    expectError(await get(`/compare?a=${failed}&b=${harbor}`), 409, 'not_counted', `a: result ${failed} failed`);
  });
});

/** A page that stays queued: its row is written, no job is. */
async function queuedResult(): Promise<string> {
  const key = randomUUID();
  await insertQueuedResult(service.db, { key, url: `${site.origin}/never`, canonicalUrl: `${site.origin}/never`, clientKey: 'test' });
  return key;
}

async function failedResult(): Promise<string> {
  const key = await submit(service.baseUrl, `${site.origin}/missing`);
  expect((await waitForResult(service.baseUrl, key)).status).toBe(422);
  return key;
}

describe('every view of a result without counts', () => {
  const views = ['phrases', 'phrases.csv', 'contexts?word=harbor', 'contexts.csv?word=harbor', 'summary', 'summary.csv'];

  it('answers as GET /results/:key does: 202 with Retry-After while unfinished, 422 once failed, 404 unknown', async () => {
    const [queued, failed] = await Promise.all([queuedResult(), failedResult()]);
    const failure = (await get(`/results/${failed}`)).body;
    for (const view of views) {
      const waiting = await get(`/results/${queued}/${view}`);
      expect([view, waiting.status, waiting.headers.get('retry-after')]).toEqual([view, 202, '1']);
      expect(waiting.body).toEqual({ status: 'queued', progress: 0 });
      const answer = await get(`/results/${failed}/${view}`);
      expect([view, answer.status, answer.body]).toEqual([view, 422, failure]);
      expect((await get(`/results/${randomUUID()}/${view}`)).status).toBe(404);
    }
  });
});
