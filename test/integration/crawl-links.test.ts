import { describe, expect, it } from 'vitest';
import { getJson } from '../support/api-client.js';
import { crawlTestBed, html, pageAt, redirect, rowOf, runCrawl, text } from '../support/crawl-site.js';
import { respond } from '../support/fixture-server.js';

// What a crawl follows (issue 13, "What is followed"): each page once whatever the spelling of its
// links, only the links it may follow, and never into a trap. Every fixture page has words of its own,
// so that the combined counts say exactly which pages were counted, and how often.

const bed = crawlTestBed();
const site = bed.site;

/** A word of its own for a generated page: zorba, zorbb, … */
function wordFor(n: number): string {
  const letters = (value: number): string => (value < 26 ? '' : letters(Math.floor(value / 26) - 1)) + String.fromCharCode(97 + (value % 26));
  return `zorb${letters(n)}`;
}

describe('a page under other spellings', () => {
  it('is fetched and counted once through loops, self-links, fragments, utm_ parameters, query order and scheme case', async () => {
    const loops = await site((origin) => ({
      '/': html('anchor bridge', ['/a', '/a#frag', '/a?utm_source=x', '/q?b=2&a=1', '/q?a=1&b=2', `HTTP://${new URL(origin).host}/a`, '/', '/b']),
      '/a': html('apple', ['/b', '/', '/a', '/a#again', `${origin}/a?utm_campaign=c`]),
      '/b': html('banana', ['/a', '/b?utm_medium=y', '/#top']),
      '/q': html('quince', ['/q?a=1&b=2&utm_term=t', '/q?b=2&a=1']),
    }));
    const crawled = await runCrawl(bed.service, `${loops.origin}/`, { sitemap: false });

    expect(crawled.counts).toEqual({ anchor: 1, bridge: 1, apple: 1, banana: 1, quince: 1 });
    expect(crawled.pages.map(rowOf)).toEqual([
      ['/', 'completed', null], ['/a', 'completed', null], ['/q?b=2&a=1', 'completed', null], ['/b', 'completed', null],
    ]);
    expect(loops.requests.sort()).toEqual(['/', '/a', '/b', '/q?b=2&a=1', '/robots.txt']);
    expect(crawled.status).toMatchObject({ kind: 'crawl', stopped: 'done', pages: { completed: 4, queued: 0, failed: 0, skipped: 0 } });
  });

  it('is fetched and counted once whatever the case of its host name, and with its default port written out', async () => {
    // localhost is 127.0.0.1 in this environment's /etc/hosts, so the upper-case name reaches the same server.
    const named = await site((origin) => ({
      '/': html('nominal', ['/c', origin.replace('localhost', 'LOCALHOST') + '/c', origin.replace('localhost', 'LocalHost') + '/c?utm_campaign=z']),
      '/c': html('cobalt', [origin.replace('localhost', 'LOCALHOST') + '/']),
    }), { host: 'localhost' });
    const namedCrawl = await runCrawl(bed.service, `${named.origin}/`, { sitemap: false });
    expect(namedCrawl.counts).toEqual({ nominal: 1, cobalt: 1 });
    expect(named.requests.sort()).toEqual(['/', '/c', '/robots.txt']);

    // Port 80 on an address of its own (all of 127.0.0.0/8 is loopback), so that no other test's server is in the way.
    const defaultPort = await site({
      '/': html('portico', ['http://127.0.0.3:80/d', '/d', 'http://127.0.0.3/d#top', 'http://127.0.0.3:80/']),
      '/d': html('doric', ['http://127.0.0.3:80/d']),
    }, { host: '127.0.0.3', port: 80 });
    const portCrawl = await runCrawl(bed.service, 'http://127.0.0.3:80/', { sitemap: false });
    expect(portCrawl.counts).toEqual({ portico: 1, doric: 1 });
    expect(defaultPort.requests.sort()).toEqual(['/', '/d', '/robots.txt']);
    expect(portCrawl.pages.map((page) => page.url)).toEqual(['http://127.0.0.3/', 'http://127.0.0.3/d']);
  });
});

describe('links a crawl does not follow', () => {
  it('leaves out rel=nofollow links, the links of a meta robots nofollow page and non-http links; follows <base href> and <area href>', async () => {
    const nofollow = await site({
      '/': html(
        'anchor',
        ['/meta-nf', 'mailto:someone@example.com', 'javascript:void(0)', 'tel:+15550100', '/based'],
        '',
        '<a rel="nofollow" href="/nf"></a><a rel="external NOFOLLOW" href="/nf2"></a>'
          + '<map name="m"><area shape="rect" coords="0,0,1,1" href="/area"></map>',
      ),
      '/meta-nf': html('meadow', ['/behind-meta'], '<meta name="robots" content="noindex, nofollow">'),
      '/behind-meta': html('hidden'),
      '/based': html('basalt', ['leaf'], '<base href="/sub/">'),
      '/sub/leaf': html('foliage'),
      '/leaf': html('wrongleaf'),
      '/area': html('region'),
      '/nf': html('unwanted'),
      '/nf2': html('unwelcome'),
    });
    const crawled = await runCrawl(bed.service, `${nofollow.origin}/`, { sitemap: false });

    expect(crawled.counts).toEqual({ anchor: 1, meadow: 1, basalt: 1, region: 1, foliage: 1 });
    expect(crawled.pages.map(rowOf)).toEqual([
      ['/', 'completed', null], ['/meta-nf', 'completed', null], ['/based', 'completed', null], ['/area', 'completed', null], ['/sub/leaf', 'completed', null],
    ]);
    for (const never of ['/nf', '/nf2', '/behind-meta', '/leaf']) expect(nofollow.pathHits(never), never).toBe(0);
  });
});

describe('robots.txt and redirects', () => {
  it('never requests a page robots.txt disallows, not even as the target of a redirect', async () => {
    const guarded = await site({
      '/robots.txt': text('User-agent: *\nDisallow: /private\n'),
      '/': html('courtyard', ['/go', '/private/linked']),
      '/go': redirect('/private/secret'),
      '/private/secret': html('classified'),
      '/private/linked': html('restricted'),
    });
    const crawled = await runCrawl(bed.service, `${guarded.origin}/`, { sitemap: false });

    expect(pageAt(crawled.pages, '/private/linked')).toMatchObject({ status: 'skipped', code: 'robots' });
    expect(guarded.pathHits('/private/linked')).toBe(0);
    expect(guarded.pathHits('/private/secret')).toBe(0);
    expect(crawled.counts).toEqual({ courtyard: 1 });
    expect(pageAt(crawled.pages, '/go')).toMatchObject({ status: 'skipped', code: 'robots' });
  });
});

describe('traps', () => {
  it('ends a calendar that links the next month forever at max_depth', async () => {
    const calendar = await site({
      '/cal': (req, res) => {
        const month = Number(new URL(req.url ?? '/', 'http://fixture').searchParams.get('month') ?? 0);
        html(`calendar ${wordFor(month)}`, [`/cal?month=${month + 1}`])(req, res);
      },
    });
    const crawled = await runCrawl(bed.service, `${calendar.origin}/cal?month=0`, { sitemap: false, max_depth: 3 });

    expect(crawled.counts).toEqual({ calendar: 4, [wordFor(0)]: 1, [wordFor(1)]: 1, [wordFor(2)]: 1, [wordFor(3)]: 1 });
    expect(crawled.pages.map((page) => [rowOf(page)[0], page.depth, page.status])).toEqual([
      ['/cal?month=0', 0, 'completed'], ['/cal?month=1', 1, 'completed'], ['/cal?month=2', 2, 'completed'], ['/cal?month=3', 3, 'completed'],
    ]);
    expect(calendar.hits('/cal?month=4')).toBe(0);
    expect(crawled.status.stopped).toBe('done');
  });

  it('stops a relative link that resolves into itself (/x/ linking x/) at the third repeat of the segment', async () => {
    const repeats = await site({}, {
      fallback: (req, res) => {
        const path = new URL(req.url ?? '/', 'http://fixture').pathname;
        if (!/^(\/x)+\/$/.test(path)) return res.writeHead(404).end();
        html(`mirror ${wordFor(path.length)}`, ['x/'])(req, res);
      },
    });
    const crawled = await runCrawl(bed.service, `${repeats.origin}/x/`, { sitemap: false, max_depth: 10 });

    expect(crawled.pages.map(rowOf)).toEqual([['/x/', 'completed', null], ['/x/x/', 'completed', null]]);
    expect(crawled.counts).toEqual({ mirror: 2, [wordFor(3)]: 1, [wordFor(5)]: 1 });
    expect(repeats.requests.sort()).toEqual(['/robots.txt', '/x/', '/x/x/']);
  });
});

describe('filters and scopes', () => {
  it('follows only the links include lets through, and counts the start page though it does not match', async () => {
    const blog = await site({
      '/': html('portal', ['/blog/one', '/about', '/blog/two', '/shop/blog', '/blogroll']),
      '/blog/one': html('first', ['/about', '/blog/three']),
      '/blog/two': html('second'),
      '/blog/three': html('third'),
      '/about': html('about'),
      '/shop/blog': html('shop'),
      '/blogroll': html('roll'),
    });
    const crawled = await runCrawl(bed.service, `${blog.origin}/`, { sitemap: false, include: ['/blog/**'] });

    expect(crawled.counts).toEqual({ portal: 1, first: 1, second: 1, third: 1 });
    expect(crawled.pages.map(rowOf)).toEqual([
      ['/', 'completed', null], ['/blog/one', 'completed', null], ['/blog/two', 'completed', null], ['/blog/three', 'completed', null],
    ]);
    for (const never of ['/about', '/shop/blog', '/blogroll']) expect(blog.pathHits(never), never).toBe(0);
  });

  it('does not follow the links exclude matches', async () => {
    const files = await site({
      '/': html('index', ['/files/report.pdf', '/doc.pdf', '/private/plans', '/private', '/public', '/pdf-guide']),
      '/public': html('open', ['/private/more']),
      '/pdf-guide': html('guide'),
      '/private/plans': html('secret'),
      '/private': html('closed'),
      '/private/more': html('secretmore'),
    });
    const crawled = await runCrawl(bed.service, `${files.origin}/`, { sitemap: false, exclude: ['**/*.pdf', '/private/**'] });

    expect(crawled.counts).toEqual({ index: 1, open: 1, guide: 1 });
    expect(crawled.pages.map(rowOf)).toEqual([['/', 'completed', null], ['/public', 'completed', null], ['/pdf-guide', 'completed', null]]);
    for (const never of ['/files/report.pdf', '/doc.pdf', '/private/plans', '/private', '/private/more']) expect(files.pathHits(never), never).toBe(0);
  });

  it('keeps scope "path" under the start page\'s directory', async () => {
    const docs = await site({
      '/docs/guide/intro': html('introduction', ['/docs/guide/next', '/docs/other', '/docs/guide', '/', '/docs/guidebook', 'deep/page']),
      '/docs/guide/next': html('following', ['/docs/guide/intro', '../reference']),
      '/docs/guide/deep/page': html('nested'),
      '/docs/other': html('sibling'),
      '/docs/guide': html('parent'),
      '/docs/guidebook': html('book'),
      '/docs/reference': html('reference'),
      '/': html('root'),
    });
    const crawled = await runCrawl(bed.service, `${docs.origin}/docs/guide/intro`, { sitemap: false, scope: 'path' });

    expect(crawled.counts).toEqual({ introduction: 1, following: 1, nested: 1 });
    expect(crawled.pages.map(rowOf)).toEqual([
      ['/docs/guide/intro', 'completed', null], ['/docs/guide/next', 'completed', null], ['/docs/guide/deep/page', 'completed', null],
    ]);
    for (const never of ['/docs/other', '/docs/guide', '/', '/docs/guidebook', '/docs/reference']) expect(docs.pathHits(never), never).toBe(0);
  });

  it('keeps scope "host" to the start page\'s port, and does not follow a redirect out of it', async () => {
    const other = await site({ '/elsewhere': html('elsewhere'), '/landing': html('landing') });
    const home = await site({
      '/': html('homestead', [`${other.origin}/elsewhere`, '/leave', '/stay']),
      '/leave': redirect(`${other.origin}/landing`),
      '/stay': html('remain'),
    });
    const crawled = await runCrawl(bed.service, `${home.origin}/`, { sitemap: false, scope: 'host' });

    expect(crawled.counts).toEqual({ homestead: 1, remain: 1 });
    expect(crawled.pages.map(rowOf)).toEqual([['/', 'completed', null], ['/leave', 'skipped', 'out_of_scope'], ['/stay', 'completed', null]]);
    expect(pageAt(crawled.pages, '/leave').key).toBeNull();
    // Not a page, not even its robots.txt.
    expect(other.requests).toEqual([]);
  });
});

describe('pages a crawl finds but does not count', () => {
  it('skips an image and a PDF as not_html, and lists a 404 as failed with a result of its own', async () => {
    const mixed = await site({
      '/': html('gallery', ['/image.png', '/doc.pdf', '/missing', '/ok']),
      '/image.png': respond(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), { 'content-type': 'image/png' }),
      '/doc.pdf': respond('%PDF-1.4\n%\n', { 'content-type': 'application/pdf' }),
      '/ok': html('fine'),
    });
    const crawled = await runCrawl(bed.service, `${mixed.origin}/`, { sitemap: false });

    expect(crawled.counts).toEqual({ gallery: 1, fine: 1 });
    expect(crawled.pages.map(rowOf)).toEqual([
      ['/', 'completed', null], ['/image.png', 'skipped', 'not_html'], ['/doc.pdf', 'skipped', 'not_html'], ['/missing', 'failed', 'http_status'], ['/ok', 'completed', null],
    ]);
    expect(crawled.status).toMatchObject({ stopped: 'done', pages: { completed: 2, failed: 1, skipped: 2, queued: 0 } });

    const missing = pageAt(crawled.pages, '/missing');
    expect(missing.key).toEqual(expect.any(String));
    const own = await getJson(`${bed.service.baseUrl}/results/${missing.key}`);
    expect(own.status).toBe(422);
    expect(own.body).toMatchObject({ status: 'failed', code: 'http_status', error: expect.stringContaining('404') });
    const csv = await fetch(`${bed.service.baseUrl}/results/${crawled.key}/pages.csv`);
    expect(csv.status).toBe(200);
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('url,final_url,depth,status,code,error,total_words,key');
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(crawled.pages.map((page) => page.url));
    // A counted page's own result reads like any page's.
    const ok = await getJson(`${bed.service.baseUrl}/results/${pageAt(crawled.pages, '/ok').key}`);
    expect(ok).toMatchObject({ status: 200, body: [['fine', 1]] });
  });
});
