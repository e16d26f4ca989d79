import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, submit, waitForResult } from '../support/api-client.js';
import { launchChromium, openPage, screenshot, SCREENSHOT_DIR } from '../support/browser.js';
import { html, runCrawl, startCrawlSite, type CrawlSite } from '../support/crawl-site.js';
import { startTestService, type TestService } from '../support/service.js';

const repeat = (text: string, times: number) => Array.from({ length: times }, () => text).join(' ');
/** A harbour town, each of its sentences five times over: "harbor master" is its most frequent phrase. */
const HARBOR = repeat('The harbor master rang the bell. The harbor master slept early. Ships left the old harbor behind. Lighthouse keepers watched the harbor.', 5);
/** A mountain walk that mentions the harbour once a paragraph, for the comparison. */
const MOUNTAIN = repeat('The mountain trail climbs past the mountain lake. Hikers rest at the mountain hut. The harbor is far away.', 5);

let browser: Browser;
let service: TestService;
let site: CrawlSite;
let harborKey: string;
let mountainKey: string;
let crawlKey: string;

beforeAll(async () => {
  site = await startCrawlSite({
    '/harbor': html(HARBOR),
    '/mountain': html(MOUNTAIN),
    '/': html('Welcome to the harbor town. The harbor master keeps the harbor.', ['/harbor', '/mountain']),
  });
  service = await startTestService();
  browser = await launchChromium();
  [harborKey, mountainKey] = await Promise.all([submit(service.baseUrl, `${site.origin}/harbor`), submit(service.baseUrl, `${site.origin}/mountain`)]);
  await Promise.all([waitForResult(service.baseUrl, harborKey), waitForResult(service.baseUrl, mountainKey)]);
  crawlKey = (await runCrawl(service, `${site.origin}/`, { max_pages: 3 })).key;
});

afterAll(async () => {
  await browser?.close();
  await service?.stop();
  await site?.close();
});

function cells(page: Page, table: string): Promise<string[][]> {
  return page.locator(`${table} tbody tr`).evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent?.trim() ?? '')));
}

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

/** Each download link answers its CSV (a BOM, then the header row). */
async function expectCsv(page: Page, link: string, header: string): Promise<void> {
  const href = await page.locator(link).getAttribute('href');
  const answer = await page.request.get(`${service.baseUrl}${href}`);
  expect(answer.status(), href!).toBe(200);
  expect(answer.headers()['content-type']).toMatch(/^text\/csv/);
  expect((await answer.text()).split('\r\n')[0]).toBe(`\uFEFF${header}`);
}

describe.each([1280, 390])('a page result at %i px', (width) => {
  it('shows the summary and phrases as the API has them, a word in context from the table, and a comparison', async () => {
    const page = await openPage(browser, { width });
    await page.goto(`${service.baseUrl}/r/${harborKey}`);
    const summary = (await getJson(`${service.baseUrl}/results/${harborKey}/summary`)).body;
    expect(summary.sentences).toBe(20);
    await expect(page.locator('#vocabulary-density').textContent()).resolves.toBe(String(summary.vocabulary_density));
    await expect(page.locator('#sentences').textContent()).resolves.toBe('20');
    await expect(page.locator('#words-per-sentence').textContent()).resolves.toBe(String(summary.words_per_sentence));

    const phrases = (await getJson(`${service.baseUrl}/results/${harborKey}/phrases?n=2`)).body as Array<[string, number]>;
    expect(phrases[0]).toEqual(['harbor master', 10]);
    expect((await cells(page, '#phrases-2')).map(([, phrase, count]) => [phrase, Number(count)])).toEqual(phrases);
    expect((await cells(page, '#phrases-3'))[0]?.[1]).toBeTruthy();
    await expectCsv(page, '#phrases-2-csv', 'phrase,count');
    await expectCsv(page, '#summary-csv', 'field,value');

    // A word of the top table opens its contexts: as many as it was counted, each around the word.
    await page.locator('#top-words a', { hasText: /^harbor$/ }).click();
    await page.waitForURL(/word=harbor#contexts$/);
    const harborCount = (await cells(page, '#top-words')).find(([, word]) => word === 'harbor')![2];
    await expect(page.locator('#contexts-total').textContent()).resolves.toContain(`occurs ${harborCount} times`);
    const contexts = await cells(page, '#contexts-table');
    expect(contexts.length).toBe(Number(harborCount));
    expect(contexts[0]).toEqual(['The', 'harbor', 'master rang the bell The']);
    await expectCsv(page, '#contexts-csv', 'before,match,after,page_url');

    await page.getByLabel('Another result’s address or key').fill(`${service.baseUrl}/r/${mountainKey}`);
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.waitForURL(/compare=.*#compare$/);
    const overused = await cells(page, '#overused-table');
    expect(overused.map(([word]) => word)).toContain('harbor');
    expect((await cells(page, '#only-there-table')).map(([word]) => word)).toContain('mountain');
    expect((await cells(page, '#only-here-table')).map(([word]) => word)).toContain('master');
    // The word of the contexts is kept while comparing.
    await expect(page.locator('#contexts-total').textContent()).resolves.toContain('occurs');
    await expectCsv(page, '#compare-csv', 'word,a_count,b_count,g2,log_ratio,list');
    await expectNoSidewaysScroll(page);
    await screenshot(page, `analysis-page-${width}`);
    for (const section of ['summary', 'phrases', 'contexts', 'compare']) {
      await page.locator(`#${section}`).screenshot({ path: join(SCREENSHOT_DIR, `analysis-page-${width}-${section}.png`) });
    }
    await page.context().close();
  });
});

describe('a crawl result', () => {
  it('shows its longest and shortest pages, each page’s distinctive words and contexts naming their page', async () => {
    const page = await openPage(browser, { width: 1280 });
    await page.goto(`${service.baseUrl}/r/${crawlKey}?word=harbor`);
    const longest = await page.locator('#longest-pages li a').allTextContents();
    expect(longest[0]).toBe(`${site.origin}/harbor`);
    expect(await page.locator('#shortest-pages li a').first().textContent()).toBe(`${site.origin}/`);

    const distinctive = await cells(page, '#distinctive-table');
    expect(distinctive.map(([url]) => url).sort()).toEqual([`${site.origin}/`, `${site.origin}/harbor`, `${site.origin}/mountain`]);
    const mountainWords = distinctive.find(([url]) => url === `${site.origin}/mountain`)![1]!;
    expect(mountainWords.split(', ')[0]).toBe('mountain');
    await expectCsv(page, '#distinctive-csv', 'url,key,rank,word,score');

    const contexts = await cells(page, '#contexts-table');
    const pagesNamed = new Set(contexts.map((row) => row[3]));
    expect(pagesNamed).toEqual(new Set([`${site.origin}/`, `${site.origin}/harbor`, `${site.origin}/mountain`]));
    await expect(page.locator('#contexts-total').textContent()).resolves.toMatch(/occurs \d+ times; the first 25:/);
    await screenshot(page, 'analysis-crawl-1280');
    await page.context().close();
  });
});

describe('without JavaScript', () => {
  it('finds a word in context and says plainly what was typed wrong', async () => {
    const page = await openPage(browser, { width: 390, javaScriptEnabled: false });
    await page.goto(`${service.baseUrl}/r/${harborKey}`);
    await page.getByLabel('Word', { exact: true }).fill('Lighthouse');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page.locator('#contexts-total').textContent()).resolves.toContain('“Lighthouse” occurs 5 times');

    await page.getByLabel('Word', { exact: true }).fill('two words');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page.locator('#contexts-error').textContent()).resolves.toContain('without spaces');

    await page.getByLabel('Another result’s address or key').fill('not a result');
    await page.getByRole('button', { name: 'Compare' }).click();
    await expect(page.locator('#compare-error').textContent()).resolves.toContain('Paste the address of another result');
    await page.getByLabel('Another result’s address or key').fill('00000000-0000-4000-8000-000000000000');
    await page.getByRole('button', { name: 'Compare' }).click();
    await expect(page.locator('#compare-error').textContent()).resolves.toContain('The other result: no result with key');
    await expectNoSidewaysScroll(page);
    await page.context().close();
  });
});
