import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPageFetcher, type PageFetcher } from '../../src/fetch/fetch-page.js';
import { respond, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

let fetcher: PageFetcher;
let site: FixtureServer;
beforeAll(async () => {
  fetcher = createPageFetcher({ timeoutMs: 5_000, maxBytes: 1 << 20, maxRedirects: 5, allowPrivate: true, allowNetworks: [] });
  site = await startFixtureServer({
    '/no-media-type': respond('<p>what is this</p>', { 'content-type': 'html' }),
    '/latin1': respond(Buffer.from('<p>café</p>', 'latin1'), { 'content-type': 'text/html; note="a;charset=utf-8"; charset=iso-8859-1' }),
  });
});
afterAll(async () => {
  await fetcher?.close();
  await site?.close();
});

describe('fetching by Content-Type', () => {
  it('fails a page whose Content-Type is not a media type as not_html, naming the header', async () => {
    await expect(fetcher.fetchPage(`${site.origin}/no-media-type`)).rejects.toMatchObject({
      code: 'not_html',
      message: 'the server sent an invalid content type "html"',
    });
  });

  it('takes the charset parameter, not one quoted inside another parameter', async () => {
    expect(await fetcher.fetchPage(`${site.origin}/latin1`)).toMatchObject({ mimeType: 'text/html', charset: 'iso-8859-1' });
  });
});
