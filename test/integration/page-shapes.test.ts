import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, submit, waitForResult } from '../support/api-client.js';
import { respond, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { startTestService, type TestService } from '../support/service.js';

const XHTML = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="fr"><head><title>Hidden title</title></head>
<body><p>Strict <em>strict</em> markup, déjà vu</p><script type="text/javascript">//<![CDATA[
hidden();
//]]></script></body></html>`;

/** 49,999 distinct one-off words (qa, qb, … in base 26) and one word repeated 300,000 times: about 2.1 MB. */
const DISTINCT_WORDS = 50_000;
const REPEATS = 300_000;
function largePage(): string {
  const word = (n: number): string => (n < 26 ? '' : word(Math.floor(n / 26) - 1)) + String.fromCharCode(97 + (n % 26));
  const parts = ['<html><body>'];
  for (let i = 0; i < DISTINCT_WORDS - 1; i++) parts.push(i % 100 === 0 ? `<p>q${word(i)}` : ` q${word(i)}`);
  parts.push(`<p>${'zebra '.repeat(REPEATS)}</p></body></html>`);
  return parts.join('');
}
const LARGE_PAGE = largePage();

let site: FixtureServer;
let service: TestService;

beforeAll(async () => {
  // Each chain has paths of its own, so a test's hit counts do not depend on which tests ran before.
  const chain = (name: string, length: number) => Object.fromEntries(Array.from({ length }, (_, n) => [
    `/${name}/hop-${n}`,
    n === 0 ? respond('<p>landed</p>') : respond('', { location: `/${name}/hop-${n - 1}` }, 302),
  ]));
  site = await startFixtureServer({
    '/empty.txt': respond('', { 'content-type': 'text/plain' }),
    '/no-words.html': respond('<p>42 3.14 1,000 2024-01-01 — !!! … ★ <b>7</b>%</p>'),
    '/plain.txt': respond('naïve plain naïve', { 'content-type': 'text/plain' }),
    '/page.xhtml': respond(XHTML, { 'content-type': 'application/xhtml+xml' }),
    '/large.html': respond(LARGE_PAGE),
    '/no-location': respond('<p>not a page</p>', { 'content-type': 'text/html' }, 302),
    ...chain('within', 6),
    ...chain('beyond', 7),
  });
  service = await startTestService({ FETCH_MAX_REDIRECTS: '5' });
});

afterAll(async () => {
  await service?.stop();
  await site?.close();
});

async function crawl(path: string) {
  const key = await submit(service.baseUrl, `${site.origin}${path}`);
  const result = await waitForResult(service.baseUrl, key, '?stopwords=include');
  return { key, result, status: (await getJson(`${service.baseUrl}/status/${key}`)).body };
}

describe('pages of unusual shape', () => {
  it.each(['/empty.txt', '/no-words.html'])('completes %s with no words', async (path) => {
    const { result, status } = await crawl(path);
    expect(result).toMatchObject({ status: 200, body: [] });
    expect(status).toMatchObject({ status: 'completed', total_words: 0, unique_words: 0 });
  });

  it('counts an unlabeled text/plain page, read as UTF-8', async () => {
    expect((await crawl('/plain.txt')).result.body).toEqual([['naïve', 2], ['plain', 1]]);
  });

  it('counts XHTML served as application/xhtml+xml, skipping the title and script', async () => {
    expect((await crawl('/page.xhtml')).result.body).toEqual([['Strict', 2], ['déjà', 1], ['markup', 1], ['vu', 1]]);
  });

  it('counts a 2 MB page with 50,000 distinct words', async () => {
    expect(LARGE_PAGE.length).toBeGreaterThan(2_000_000);
    const { key, result, status } = await crawl('/large.html');
    expect(status).toMatchObject({ status: 'completed', total_words: DISTINCT_WORDS - 1 + REPEATS, unique_words: DISTINCT_WORDS });
    // Ties at one are ordered by word: qa, qaa, qaaa, qaaaa … qaaaz, qaab, qaaba … qaabz, qaac, … qaad, qaada …
    expect(result.body.slice(0, 4)).toEqual([['zebra', REPEATS], ['qa', 1], ['qaa', 1], ['qaaa', 1]]);
    const top100 = await getJson(`${service.baseUrl}/results/${key}?limit=100`);
    expect(top100.body).toHaveLength(100);
    expect(top100.body[99]).toEqual(['qaado', 1]);
  });
});

describe('redirect chains', () => {
  it('follows a chain exactly as long as the limit and records where it ended', async () => {
    const { result, status } = await crawl('/within/hop-5');
    expect(result.body).toEqual([['landed', 1]]);
    expect(status).toMatchObject({ url: `${site.origin}/within/hop-5`, final_url: `${site.origin}/within/hop-0` });
  });

  it('fails a chain one longer than the limit, naming where it was going', async () => {
    const { result } = await crawl('/beyond/hop-6');
    expect(result.body).toEqual({ status: 'failed', code: 'too_many_redirects', error: 'gave up after 5 redirects (the server redirected again, to "/beyond/hop-0")' });
    // Followed to the last hop within the limit, and not one further.
    expect(site.hits.get('/beyond/hop-1')).toBe(1);
    expect(site.hits.get('/beyond/hop-0')).toBeUndefined();
  });

  it('fails a redirect with no Location rather than counting its body', async () => {
    const { result } = await crawl('/no-location');
    expect(result.body).toEqual({ status: 'failed', code: 'http_status', error: 'the server answered 302 Found' });
  });
});
