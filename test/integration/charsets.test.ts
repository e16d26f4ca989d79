import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submit, waitForResult } from '../support/api-client.js';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { startTestService, type TestService } from '../support/service.js';

// iconv-lite (cheerio's own decoder, through encoding-sniffer) encodes the fixtures, since TextDecoder only decodes.
const PAGES: Record<string, [string, string]> = {
  'windows-1252': ['café', 'naïve'],
  'iso-8859-2': ['Łódź', 'żółw'],
  'koi8-r': ['Москва', 'привет'],
  shift_jis: ['東京', 'こんにちは'],
  gbk: ['北京', '你好'],
};

/** The first word twice and the second once, so the expected counts are unambiguous. */
const bodyIn = (encoding: string, [first, second]: [string, string], head = '') =>
  Buffer.concat([Buffer.from(head, 'latin1'), iconv.encode(`<p>${first} ${second} ${first}</p>`, encoding)]);

const expected = ([first, second]: [string, string]) => [[first, 2], [second, 1]];

let site: FixtureServer;
let service: TestService;
let served: Map<string, { body: Buffer; contentType: string }>;

beforeAll(async () => {
  served = new Map();
  site = await startFixtureServer({
    '/page': (req, res) => {
      const page = served.get(new URL(req.url!, 'http://fixture').searchParams.get('id')!)!;
      res.writeHead(200, { 'content-type': page.contentType }).end(page.body);
    },
  });
  // Three dozen submissions from one address: more than a per-minute submission limit would let through.
  service = await startTestService({ RATE_LIMIT_PER_MINUTE: '0' });
});

afterAll(async () => {
  await service?.stop();
  await site?.close();
});

/** Serves the bytes with the Content-Type given, crawls them, and returns the top words. */
async function crawl(body: Buffer, contentType: string): Promise<unknown> {
  const id = String(served.size);
  served.set(id, { body, contentType });
  const key = await submit(service.baseUrl, `${site.origin}/page?id=${id}`);
  const result = await waitForResult(service.baseUrl, key);
  expect(result.status).toBe(200);
  return result.body;
}

describe.each(Object.entries(PAGES))('a page in %s', (encoding, words) => {
  it('decodes by the Content-Type label', async () => {
    expect(await crawl(bodyIn(encoding, words), `text/html; charset=${encoding}`)).toEqual(expected(words));
  });

  it('decodes by <meta charset>', async () => {
    expect(await crawl(bodyIn(encoding, words, `<meta charset="${encoding}">`), 'text/html')).toEqual(expected(words));
  });

  it('decodes by <meta http-equiv="Content-Type">', async () => {
    const head = `<meta http-equiv="Content-Type" content="text/html; charset=${encoding}">`;
    expect(await crawl(bodyIn(encoding, words, head), 'text/html')).toEqual(expected(words));
  });

  it('decodes a text/plain page by its label', async () => {
    const body = iconv.encode(`${words[0]} ${words[1]} ${words[0]}`, encoding);
    expect(await crawl(body, `text/plain; charset=${encoding}`)).toEqual(expected(words));
  });
});

describe('labels browsers accept, and labels nobody should fail on', () => {
  const latin = PAGES['windows-1252']!;

  it.each([
    ['latin1', 'windows-1252'],
    ['ISO-8859-1', 'windows-1252'],
    ['utf8', 'utf-8'],
    ['"UTF-8"', 'utf-8'],
  ])('reads the alias %s', async (label, encoding) => {
    expect(await crawl(bodyIn(encoding, latin), `text/html; charset=${label}`)).toEqual(expected(latin));
    expect(await crawl(bodyIn(encoding, latin, `<meta charset=${label}>`), 'text/html')).toEqual(expected(latin));
  });

  it.each([
    ['utf-9', 'utf-8'],
    ['windoes-1252', 'windows-1252'],
    ['ISO-88509-1', 'windows-1252'],
    ['uft-8', 'utf-8'],
  ])('ignores the misspelled label %s and still reads %s bytes', async (label, encoding) => {
    expect(await crawl(bodyIn(encoding, latin), `text/html; charset=${label}`)).toEqual(expected(latin));
    expect(await crawl(bodyIn(encoding, latin, `<meta charset="${label}">`), 'text/html')).toEqual(expected(latin));
    expect(await crawl(iconv.encode('café naïve café', encoding), `text/plain; charset=${label}`)).toEqual(expected(latin));
  });

  it('lets a byte order mark overrule a wrong label', async () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bodyIn('utf-8', PAGES['koi8-r']!)]);
    expect(await crawl(body, 'text/html; charset=windows-1252')).toEqual(expected(PAGES['koi8-r']!));
  });
});
