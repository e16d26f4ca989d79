import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage, screenshot, submitInForm } from '../support/browser.js';
import { respond, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { startTestService, type TestService } from '../support/service.js';

const ARTICLE = readFileSync(new URL('../fixtures/article.html', import.meta.url));
const TOP_TEN = [
  ['worker', '6'], ['Python', '5'], ['crawler', '4'], ['queue', '4'], ['café', '3'],
  ['web-dev', '3'], ['naïve', '2'], ['Zebra', '2'], ['Москва', '2'], ['stop-words', '1'],
];

let browser: Browser;
let site: FixtureServer;
let service: TestService;

beforeAll(async () => {
  site = await startFixtureServer({ '/article.html': respond(ARTICLE) });
  service = await startTestService();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await service?.stop();
  await site?.close();
});

async function tableRows(page: Page): Promise<string[][]> {
  return page.locator('#top-words tbody tr').evaluateAll((rows) =>
    rows.map((row) => [...row.querySelectorAll('td')].slice(1).map((cell) => cell.textContent ?? '')),
  );
}


describe.each([1280, 390])('at %i px wide', (width) => {
  it('submits a URL without a scheme, follows progress and shows the table and chart', async () => {
    const page = await openPage(browser, { width });
    await submitInForm(page, service.baseUrl, `${new URL(site.origin).host}/article.html`);
    await page.locator('#chart svg rect.bar').first().waitFor({ timeout: 15_000 });

    expect(page.url()).toMatch(/\/r\/[0-9a-f-]{36}$/);
    expect(await tableRows(page)).toEqual(TOP_TEN);
    expect(await page.locator('#chart svg rect.bar').count()).toBe(10);
    expect(await page.locator('#total-words').textContent()).toBe('39');
    expect(await page.locator('#unique-words').textContent()).toBe('13');
    await expect(page.locator('#chart svg').getAttribute('aria-label')).resolves.toContain('worker 6, Python 5');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, `result-${width}`);
    await page.context().close();
  });
});

describe('choosing what to show', () => {
  it('toggles stop words and the number of words, keeping table and bars in step', async () => {
    const page = await openPage(browser);
    await submitInForm(page, service.baseUrl, `${site.origin}/article.html`);
    await page.locator('#chart svg rect.bar').first().waitFor({ timeout: 15_000 });

    await page.getByLabel('Include stop words').check();
    await page.waitForURL(/stopwords=include/);
    await page.locator('#chart svg rect.bar').first().waitFor();
    expect((await tableRows(page)).slice(0, 6)).toEqual([
      ['worker', '6'], ['Python', '5'], ['crawler', '4'], ['queue', '4'], ['café', '3'], ['the', '3'],
    ]);

    await page.getByLabel('Show the top').selectOption('25');
    await page.waitForURL(/limit=25/);
    await page.locator('#chart svg rect.bar').first().waitFor();
    // The page has 13 distinct words, so "top 25" shows all of them.
    expect(await page.locator('#top-words tbody tr').count()).toBe(13);
    expect(await page.locator('#chart svg rect.bar').count()).toBe(13);
    await screenshot(page, 'result-with-stop-words-25');
    await page.context().close();
  });
});
