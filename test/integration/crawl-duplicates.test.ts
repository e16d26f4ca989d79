import { describe, expect, it } from 'vitest';
import { crawlTestBed, html, htmlText, pageAt, redirect, rowOf, runCrawl } from '../support/crawl-site.js';
import { respond } from '../support/fixture-server.js';

// A page is counted once (issue 13, "What is followed"): a redirect to a URL the crawl already has, a
// page naming another URL of its host as canonical, and a page with the text of a counted page are
// skipped as duplicates, and the combined counts have each text once.

const bed = crawlTestBed();
const site = bed.site;

describe('duplicates in a crawl', () => {
  it('skips a page that redirects to a URL the crawl already queued, and counts the target once', async () => {
    const moves = await site({
      '/': html('lobby', ['/target', '/moved', '/moved-again']),
      '/target': html('destination'),
      '/moved': redirect('/target', 301),
      '/moved-again': redirect('/target?utm_source=old'),
    });
    const crawled = await runCrawl(bed.service, `${moves.origin}/`, { sitemap: false });

    expect(crawled.counts).toEqual({ lobby: 1, destination: 1 });
    expect(crawled.pages.map(rowOf)).toEqual([
      ['/', 'completed', null], ['/target', 'completed', null], ['/moved', 'skipped', 'duplicate'], ['/moved-again', 'skipped', 'duplicate'],
    ]);
    // Skipped for where it leads, before its text is even counted.
    expect(pageAt(crawled.pages, '/moved')).toMatchObject({ key: null, error: expect.stringMatching(/redirects to/) });
    expect(pageAt(crawled.pages, '/moved-again').error).toMatch(/redirects to/);
    expect(crawled.status).toMatchObject({ stopped: 'done', pages: { completed: 2, skipped: 2, failed: 0, queued: 0 } });
  });

  it('counts a redirect\'s target once when a link to it is found after the redirect', async () => {
    const late = await site({
      '/': html('vestibule', ['/early', '/hub']),
      '/early': redirect('/late'),
      '/hub': html('junction', ['/late']),
      '/late': html('tardy'),
    });
    const crawled = await runCrawl(bed.service, `${late.origin}/`, { sitemap: false });

    expect(crawled.counts).toEqual({ vestibule: 1, junction: 1, tardy: 1 });
    const counted = crawled.pages.filter((page) => page.status === 'completed' && page.final_url === `${late.origin}/late`);
    expect(counted, JSON.stringify(crawled.pages.map(rowOf))).toHaveLength(1);
  });

  it('skips a page whose same-host rel=canonical names another URL, and counts the canonical URL though nothing links it', async () => {
    const other = await site({ '/original': html('foreign') });
    const canonical = await site((origin) => ({
      '/': html('entrance', ['/copy', '/self', '/cross', '/copy-of-home']),
      '/copy': html('replica', [], '<link rel="canonical" href="/real">'),
      '/real': html('genuine', ['/copy'], `<link rel="canonical" href="${origin}/real">`),
      // Its canonical is itself under another spelling: counted.
      '/self': html('selfsame', [], '<link rel="canonical" href="/self?utm_source=feed">'),
      // Another host's page is not this crawl's to count: the page is counted itself.
      '/cross': html('crossing', [], `<link rel="canonical" href="${other.origin}/original">`),
      '/copy-of-home': html('mirror', [], `<link rel="canonical" href="${origin}/">`),
    }));
    const crawled = await runCrawl(bed.service, `${canonical.origin}/`, { sitemap: false });

    expect(crawled.counts).toEqual({ entrance: 1, genuine: 1, selfsame: 1, crossing: 1 });
    expect(crawled.pages.map(rowOf)).toEqual([
      ['/', 'completed', null], ['/copy', 'skipped', 'duplicate'], ['/self', 'completed', null], ['/cross', 'completed', null],
      ['/copy-of-home', 'skipped', 'duplicate'], ['/real', 'completed', null],
    ]);
    expect(pageAt(crawled.pages, '/real').depth).toBe(1);
    expect(canonical.hits('/real')).toBe(1);
    expect(other.requests).toEqual([]);
  });

  it('counts the text of two URLs serving the same page once, and skips the other as a duplicate', async () => {
    const same = htmlText('identical twin twin', ['/']);
    const twins = await site({
      '/': html('parent', ['/twin-a', '/twin-b', '/cousin']),
      '/twin-a': respond(same),
      '/twin-b': respond(same),
      '/cousin': html('identical twin'),
    });
    const crawled = await runCrawl(bed.service, `${twins.origin}/`, { sitemap: false });

    expect(crawled.counts).toEqual({ parent: 1, identical: 2, twin: 3 });
    const rows = crawled.pages.map(rowOf);
    expect(rows.filter(([path]) => path.startsWith('/twin-')).map(([, status, code]) => [status, code]).sort()).toEqual([
      ['completed', null], ['skipped', 'duplicate'],
    ]);
    expect(rows.filter(([path]) => !path.startsWith('/twin-'))).toEqual([['/', 'completed', null], ['/cousin', 'completed', null]]);
    const skipped = crawled.pages.find((page) => page.code === 'duplicate')!;
    expect(skipped.key).toBeNull();
    expect(skipped.error).toMatch(/same text/);
  });
});
