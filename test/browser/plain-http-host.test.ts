import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { results } from '../../src/db/schema.js';
import { launchChromium, openPage, submitInForm } from '../support/browser.js';
import { respond, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { startTestService, type TestService } from '../support/service.js';

// The service as a visitor reaches it on a real name over plain HTTP: Chromium treats localhost as
// secure whatever the scheme, so only another name shows what upgrade-insecure-requests breaks.
const HOST = 'wordcrawler.test';
// Another site, whose page posts our form on its visitor's behalf.
const EVIL_HOST = 'evil.test';
const EVIL_TARGET = 'http://example.com/planted-by-evil';

let browser: Browser;
let site: FixtureServer;
let service: TestService;
let baseUrl: string;

beforeAll(async () => {
  service = await startTestService();
  baseUrl = `http://${HOST}:${new URL(service.baseUrl).port}`;
  site = await startFixtureServer({
    '/words.html': respond('<p>plain plain http http http works</p>'),
    '/evil.html': respond(
      `<form id="f" method="post" action="${baseUrl}/"><input name="url" value="${EVIL_TARGET}"></form>` +
        '<script>document.getElementById("f").submit()</script>',
    ),
  });
  browser = await launchChromium([`--host-resolver-rules=MAP ${HOST} 127.0.0.1, MAP ${EVIL_HOST} 127.0.0.1`]);
});

afterAll(async () => {
  await browser?.close();
  await service?.stop();
  await site?.close();
});

/** Every request the page makes, and every one that failed, by URL. */
function watchRequests(page: Page) {
  const requested: string[] = [];
  const failed: string[] = [];
  page.on('request', (request) => requested.push(request.url()));
  page.on('requestfailed', (request) => failed.push(`${request.url()} (${request.failure()?.errorText})`));
  return { requested, failed };
}

describe(`over plain HTTP on ${HOST}`, () => {
  it('loads its stylesheet and scripts over http and counts a page submitted with JavaScript', async () => {
    const page = await openPage(browser);
    const { requested, failed } = watchRequests(page);
    await submitInForm(page, baseUrl, `${new URL(site.origin).host}/words.html`);
    await page.locator('#chart svg rect.bar').first().waitFor({ timeout: 30_000 });

    expect(failed).toEqual([]);
    expect(requested.filter((url) => !url.startsWith(`${baseUrl}/`))).toEqual([]);
    expect(requested).toEqual(expect.arrayContaining([`${baseUrl}/static/style.css`, `${baseUrl}/static/app.js`]));
    const rules = await page.evaluate(() => [...document.styleSheets].reduce((sum, sheet) => sum + sheet.cssRules.length, 0));
    expect(rules).toBeGreaterThan(0);
    expect(await page.locator('#top-words tbody tr').first().textContent()).toContain('http');
  });

  // Over plain HTTP Chromium sends no Sec-Fetch-Site, so our own post is told apart by its Origin alone.
  it('posts the form without JavaScript and lands on the result page', async () => {
    const page = await openPage(browser, { javaScriptEnabled: false });
    const { failed } = watchRequests(page);
    await submitInForm(page, baseUrl, `${new URL(site.origin).host}/words.html`);
    await page.waitForURL(new RegExp(`^${baseUrl}/r/[0-9a-f-]{36}$`), { timeout: 10_000 });
    expect(failed).toEqual([]);
  });
});

describe(`a page on ${EVIL_HOST} that posts our form`, () => {
  it('is answered 403 cross_site, and nothing is submitted or remembered', async () => {
    const page = await openPage(browser);
    const answer = page.waitForResponse((response) => response.url() === `${baseUrl}/` && response.request().method() === 'POST');
    await page.goto(`http://${EVIL_HOST}:${new URL(site.origin).port}/evil.html`);
    const response = await answer;
    expect(response.status()).toBe(403);
    await page.waitForURL(`${baseUrl}/`);
    await expect(page.locator('body').textContent()).resolves.toContain('own page');
    expect(await service.db.select().from(results).where(eq(results.url, EVIL_TARGET))).toEqual([]);
    expect(response.headers()['set-cookie']).toBeUndefined();
  });
});
