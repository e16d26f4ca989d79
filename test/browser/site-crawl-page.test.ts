import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage, screenshot, SCREENSHOT_DIR } from '../support/browser.js';
import { respond, startFixtureServer, type FixtureHandler, type FixtureServer } from '../support/fixture-server.js';
import { gatedPage } from '../support/gate.js';
import { startTestService, type TestService } from '../support/service.js';

const html = (text: string, links: Record<string, string> = {}) =>
  `<!doctype html><html><body><p>${text}</p>${Object.entries(links).map(([href, label]) => `<a href="${href}">${label}</a>`).join(' ')}</body></html>`;
const ROBOTS = respond('User-agent: *\nDisallow: /private\n', { 'content-type': 'text/plain' });
const WAIT = { timeout: 20_000 };
// Reads of what is already on the page fail fast instead of waiting out a wait of their own.
const READ_TIMEOUT_MS = 5_000;

let browser: Browser;
let service: TestService;
const sites: FixtureServer[] = [];

beforeAll(async () => {
  // The held pages must not time out (5 s in tests) while the test looks at the running crawl.
  service = await startTestService({ FETCH_TIMEOUT_MS: '30000' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await service?.stop();
  await Promise.all(sites.map((site) => site.close()));
});

/**
 * A small site of its own for each test: three pages that link to one another and one that robots.txt
 * forbids; `/b` holds its answer until the test opens its gate, so the crawl can be seen running.
 */
async function startSite(): Promise<{ site: FixtureServer; openB(): void }> {
  const b = gatedPage(html('keeper keeper', { '/a': 'ship' }));
  const site = await startFixtureServer({
    '/robots.txt': ROBOTS,
    '/': respond(html('harbor harbor lighthouse', { '/a': 'ship', '/b': 'keeper', '/private/secret': 'secret' })),
    '/a': respond(html('harbor ship', { '/': 'lighthouse' })),
    '/b': b.handler,
  });
  sites.push(site);
  return { site, openB: b.open };
}

async function openCrawlPage(options: { width?: number; javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const page = await openPage(browser, options);
  page.setDefaultTimeout(READ_TIMEOUT_MS);
  page.setDefaultNavigationTimeout(WAIT.timeout);
  return page;
}

/** Fills the form for a crawl from `url` and sends it. */
async function submitCrawl(page: Page, url: string, maxPages: string): Promise<void> {
  await page.goto(service.baseUrl);
  await page.getByLabel('Web page address').fill(url);
  await page.getByLabel('Follow links on this site').check();
  await page.getByLabel('Page limit').fill(maxPages);
  await page.getByRole('button', { name: 'Count words' }).click();
}

function cells(page: Page, table: string): Promise<string[][]> {
  return page.locator(`${table} tbody tr`).evaluateAll((rows) =>
    rows.map((row) => [...row.querySelectorAll('td')].map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim())),
  );
}

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

describe.each([1280, 390])('a site crawl at %i px wide', (width) => {
  it('shows its progress, then the combined counts and its pages, each linking to its own result', async () => {
    const { site, openB } = await startSite();
    const page = await openCrawlPage({ width });
    await submitCrawl(page, `${site.origin}/`, '10');
    await page.waitForURL(/\/r\/[0-9a-f-]{36}$/);

    // `/` and `/a` are counted while `/b` is held: the counters and the list follow the crawl without a reload.
    await expect.poll(() => page.locator('#status-text').textContent(), WAIT).toBe('2 of 10 pages counted');
    await expect.poll(() => page.locator('#progress').evaluate((bar: HTMLProgressElement) => [bar.value, bar.max]), WAIT).toEqual([2, 10]);
    await expect.poll(() => page.locator('#crawl-counters [data-counter="active"]').textContent(), WAIT).toBe('1');
    await expect.poll(() => page.locator('#crawl-pages-table tr[data-status="active"]').textContent(), WAIT).toContain(`${site.origin}/b`);
    await expect(page.getByRole('button', { name: 'Cancel the crawl' }).isVisible()).resolves.toBe(true);
    await expectNoSidewaysScroll(page);
    await screenshot(page, `site-crawl-running-${width}`);

    openB();
    await page.locator('#chart svg rect.bar').first().waitFor(WAIT);
    await expect(page.locator('#result-heading').textContent()).resolves.toBe(`Words on 3 pages of ${site.origin}/`);
    expect((await cells(page, '#top-words')).map(([, word, count]) => [word, count])).toEqual([
      ['harbor', '3'], ['keeper', '3'], ['ship', '3'], ['lighthouse', '2'], ['secret', '1'],
    ]);
    expect(await page.locator('#chart svg rect.bar').count()).toBe(5);
    await expect(page.locator('#total-words').textContent()).resolves.toBe('12');
    await expect(page.locator('#crawl-stopped').textContent()).resolves.toContain('no more links were left to follow');
    expect(await cells(page, '#crawl-pages-table')).toEqual([
      ['1', `${site.origin}/`, 'Counted', '6'],
      ['2', `${site.origin}/a`, 'Counted', '3'],
      ['3', `${site.origin}/b`, 'Counted', '3'],
      ['4', `${site.origin}/private/secret`, 'Skipped robots.txt does not allow it', '–'],
    ]);
    // A page robots.txt forbids is listed, never requested, and has no result of its own to link to.
    expect(site.hits.get('/private/secret')).toBeUndefined();
    expect(await page.locator('#crawl-pages-table tr[data-code="robots"] a').count()).toBe(0);
    await expect(page.locator('#download-pages-csv').getAttribute('href')).resolves.toMatch(/^\/results\/[0-9a-f-]{36}\/pages\.csv$/);
    await expectNoSidewaysScroll(page);
    await screenshot(page, `site-crawl-done-${width}`);
    await page.locator('#crawl-pages').screenshot({ path: join(SCREENSHOT_DIR, `site-crawl-pages-${width}.png`) });

    const crawlUrl = page.url();
    await page.locator('#crawl-pages-table').getByRole('link', { name: `${site.origin}/a`, exact: true }).click();
    await page.waitForURL((url) => /\/r\/[0-9a-f-]{36}$/.test(url.pathname) && url.href !== crawlUrl);
    await page.locator('#chart svg rect.bar').first().waitFor(WAIT);
    await expect(page.locator('#result-heading').textContent()).resolves.toBe(`Words on ${site.origin}/a`);
    expect((await cells(page, '#top-words')).map(([, word, count]) => [word, count])).toEqual([['harbor', '1'], ['lighthouse', '1'], ['ship', '1']]);
    expect(await page.locator('#crawl-pages').count()).toBe(0);
    await page.context().close();
  });
});

describe('without JavaScript', () => {
  it('starts a crawl from the form, and the page refreshes until it shows the counts and the pages', async () => {
    const { site, openB } = await startSite();
    openB();
    const page = await openCrawlPage({ javaScriptEnabled: false });
    await submitCrawl(page, `${site.origin}/`, '2');
    await page.waitForURL(/\/r\/[0-9a-f-]{36}$/);
    await page.locator('#top-words').waitFor(WAIT);
    await expect(page.locator('#result-heading').textContent()).resolves.toBe(`Words on 2 pages of ${site.origin}/`);
    await expect(page.locator('#crawl-stopped').textContent()).resolves.toBe('It stopped at its limit of 2 pages.');
    const rows = await cells(page, '#crawl-pages-table');
    expect(rows.slice(0, 2)).toEqual([['1', `${site.origin}/`, 'Counted', '6'], ['2', `${site.origin}/a`, 'Counted', '3']]);
    expect(rows.map((row) => row[1])).toContain(`${site.origin}/private/secret`);
    await page.context().close();
  });
});

describe('a long list of pages', () => {
  it('is shown 50 at a time, with links to the next and previous ones', async () => {
    // Links robots.txt forbids are listed without a fetch, so a long list costs one page.
    const links = Object.fromEntries(Array.from({ length: 60 }, (_, index) => [`/private/${index + 1}`, 'hidden']));
    const site = await startFixtureServer({ '/robots.txt': ROBOTS, '/': respond(html('one page', links)) });
    sites.push(site);
    const page = await openCrawlPage({ javaScriptEnabled: false });
    await submitCrawl(page, `${site.origin}/`, '5');
    await page.locator('#top-words').waitFor(WAIT);
    await expect(page.locator('#crawl-pages-table caption').textContent()).resolves.toBe('Pages 1–50 of 61, in the order they were found');
    expect(await page.locator('#crawl-pages-table tbody tr').count()).toBe(50);
    expect(await page.locator('#pages-previous').count()).toBe(0);

    await page.getByRole('link', { name: 'Next 11' }).click();
    await page.waitForURL(/pages_offset=50#crawl-pages$/);
    await expect(page.locator('#crawl-pages-table caption').textContent()).resolves.toBe('Pages 51–61 of 61, in the order they were found');
    const rows = await cells(page, '#crawl-pages-table');
    expect(rows[0]).toEqual(['51', `${site.origin}/private/50`, 'Skipped robots.txt does not allow it', '–']);
    expect(rows.at(-1)?.[1]).toBe(`${site.origin}/private/60`);
    expect(await page.locator('#pages-next').count()).toBe(0);
    // The counts stay on the page while the list moves on.
    expect((await cells(page, '#top-words'))[0]).toEqual(['1', 'hidden', '60']);

    await page.getByRole('link', { name: 'Previous 50' }).click();
    await page.waitForURL((url) => !url.search.includes('pages_offset'));
    expect((await cells(page, '#crawl-pages-table'))[0]?.[1]).toBe(`${site.origin}/`);
    await page.context().close();
  });
});

describe('cancelling', () => {
  it('stops a slow crawl: pages in flight finish, the rest are skipped, and the page says it was cancelled', async () => {
    const WORDS = ['tortoise', 'snail', 'sloth', 'glacier', 'molasses', 'treacle'];
    const slow = WORDS.map((word) => gatedPage(html(`slow ${word}`)));
    const links = Object.fromEntries(WORDS.map((word) => [`/slow/${word}`, 'more']));
    const routes: Record<string, FixtureHandler> = { '/robots.txt': ROBOTS, '/': respond(html('start here', links)) };
    WORDS.forEach((word, index) => (routes[`/slow/${word}`] = slow[index]!.handler));
    const site = await startFixtureServer(routes);
    sites.push(site);
    const page = await openCrawlPage();
    await submitCrawl(page, `${site.origin}/`, '50');
    await page.waitForURL(/\/r\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.locator('#crawl-counters [data-counter="active"]').textContent(), WAIT).not.toBe('0');

    await page.getByRole('button', { name: 'Cancel the crawl' }).click();
    await expect.poll(() => page.locator('#status-text').textContent(), WAIT).toMatch(/^Cancelled\. Pages being fetched right now finish first/);
    await expect(page.locator('#cancel-crawl').isDisabled()).resolves.toBe(true);
    for (const gate of slow) gate.open();

    await page.locator('#crawl-stopped').waitFor(WAIT);
    await expect(page.locator('#crawl-stopped').textContent()).resolves.toBe('It was cancelled; the pages counted before then are included.');
    const statuses = (await cells(page, '#crawl-pages-table')).map(([, , status]) => status);
    expect(statuses[0]).toBe('Counted');
    expect(statuses.filter((status) => status === 'Skipped the crawl was cancelled').length).toBeGreaterThan(0);
    expect(statuses.some((status) => status === 'Waiting' || status === 'Fetching')).toBe(false);
    // Not every slow page was asked for: the cancel stopped the queueing.
    expect(Object.keys(links).filter((path) => site.hits.has(path)).length).toBeLessThan(Object.keys(links).length);
    await screenshot(page, 'site-crawl-cancelled-1280');
    await page.context().close();
  });
});
