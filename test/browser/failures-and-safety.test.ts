import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { results } from '../../src/db/schema.js';
import { launchChromium, openPage, screenshot, submitInForm } from '../support/browser.js';
import { respond, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { startTestService, type TestService } from '../support/service.js';

const HOSTILE_TYPE = 'text/x-<img src=x onerror="window.pwned=1">';

let browser: Browser;
let site: FixtureServer;
let service: TestService;

beforeAll(async () => {
  site = await startFixtureServer({
    '/image.png': respond(Buffer.from([0x89, 0x50, 0x4e, 0x47]), { 'content-type': 'image/png' }),
    '/hostile': respond('<p>x</p>', { 'content-type': HOSTILE_TYPE }),
    "/quote'page": respond('<p>&lt;script&gt;window.pwned=1&lt;/script&gt; quoted quoted</p>'),
    '/slow': (_req, res) => {
      setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end('<p>slow but sure</p>'), 1_500);
    },
    '/plain': respond('<p>plain script needed here here</p>'),
  });
  service = await startTestService();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await service?.stop();
  await site?.close();
});

describe('failures shown plainly', () => {
  it('shows the server message for an invalid URL without leaving the page', async () => {
    const page = await openPage(browser, { width: 390 });
    await submitInForm(page, service.baseUrl, 'ftp://example.com/file');
    // The message arrives with the answer to the page's POST; the element is there, hidden, before it.
    await page.locator('#form-error').waitFor({ state: 'visible', timeout: 10_000 });
    expect(await page.locator('#form-error').textContent()).toBe('only http and https URLs can be crawled, not ftp');
    expect(await page.getByRole('button', { name: 'Count words' }).isEnabled()).toBe(true);
    await screenshot(page, 'invalid-url-390');
    await page.context().close();
  });

  it('shows why a job failed', async () => {
    const page = await openPage(browser);
    await submitInForm(page, service.baseUrl, `${site.origin}/image.png`);
    await page.locator('#failure').waitFor({ timeout: 15_000 });
    expect(await page.locator('#failure').textContent()).toBe('unsupported content type image/png');
    await screenshot(page, 'failed-1280');
    await page.context().close();
  });

  it('follows the stages of a slow page, with the button disabled meanwhile', async () => {
    const page = await openPage(browser);
    await submitInForm(page, service.baseUrl, `${site.origin}/slow`);
    await page.locator('.stages li.current[data-stage="fetching"]').waitFor({ timeout: 10_000 });
    expect(await page.locator('#status-text').textContent()).toBe('Fetching the page…');
    expect(await page.getByRole('button', { name: 'Counting…' }).isDisabled()).toBe(true);
    await screenshot(page, 'in-progress-1280');
    await page.locator('#top-words').waitFor({ timeout: 15_000 });
    // "but" is a stop word.
    expect(await page.locator('#top-words tbody tr td:nth-child(2)').allTextContents()).toEqual(['slow', 'sure']);
    await page.context().close();
  });

  it('tells the person when a job has been waiting far too long', async () => {
    const key = randomUUID();
    await service.db.insert(results).values({ key, url: 'https://example.com/stuck', createdAt: new Date(Date.now() - 10 * 60_000) });
    const page = await openPage(browser);
    await page.goto(`${service.baseUrl}/r/${key}`);
    await expect(page.locator('#status-text').textContent()).resolves.toContain('taking much longer than expected');
    expect(await page.locator('meta[http-equiv="refresh"]').count()).toBe(0);
    await page.context().close();
  });
});

describe('coming back to a result', () => {
  it('renders a result from its own URL in a fresh browser, and lists recent results newest first', async () => {
    const page = await openPage(browser);
    await submitInForm(page, service.baseUrl, `${site.origin}/plain`);
    await page.locator('#top-words').waitFor({ timeout: 15_000 });
    const firstUrl = page.url();
    await submitInForm(page, service.baseUrl, `${site.origin}/image.png`);
    await page.locator('#failure').waitFor({ timeout: 15_000 });
    const recent = await page.locator('.recent li a').allTextContents();
    expect(recent.slice(0, 2)).toEqual([`${site.origin}/image.png`, `${site.origin}/plain`]);

    const fresh = await openPage(browser);
    await fresh.goto(firstUrl);
    expect(await fresh.locator('#top-words tbody tr').count()).toBe(3);
    expect(await fresh.locator('.recent').count()).toBe(0);
    const key = firstUrl.split('/').pop();
    await fresh.goto(`${service.baseUrl}/?key=${key}`);
    expect(await fresh.locator('#top-words tbody tr td:nth-child(2)').allTextContents()).toEqual(['needed', 'plain', 'script']);
    await page.context().close();
    await fresh.context().close();
  });
});

describe('without JavaScript', () => {
  it('posts the form, refreshes until done and renders the table on the server', async () => {
    const page = await openPage(browser, { javaScriptEnabled: false });
    await submitInForm(page, service.baseUrl, `${site.origin}/plain`);
    expect(page.url()).toMatch(/\/r\/[0-9a-f-]{36}$/);
    await page.locator('#top-words').waitFor({ timeout: 15_000 });
    expect(await page.locator('#top-words tbody tr td:nth-child(2)').allTextContents()).toEqual(['needed', 'plain', 'script']);
    expect(await page.locator('#chart svg').count()).toBe(0);
    await screenshot(page, 'no-javascript-1280');
    await page.context().close();
  });

  it('shows an invalid URL error on the re-rendered form', async () => {
    const page = await openPage(browser, { javaScriptEnabled: false });
    await submitInForm(page, service.baseUrl, 'javascript:alert(1)');
    expect(await page.locator('#form-error').textContent()).toBe('only http and https URLs can be crawled, not javascript');
    expect(await page.getByLabel('Web page address').inputValue()).toBe('javascript:alert(1)');
    await page.context().close();
  });
});

describe('hostile text', () => {
  it('shows markup from a server header and a quoted URL as text, running nothing', async () => {
    const page = await openPage(browser);
    await submitInForm(page, service.baseUrl, `${site.origin}/hostile`);
    await page.locator('#failure').waitFor({ timeout: 15_000 });
    expect(await page.locator('#failure').textContent()).toBe(`the server sent an invalid content type ${JSON.stringify(HOSTILE_TYPE)}`);

    await submitInForm(page, service.baseUrl, `${site.origin}/quote'page`);
    await page.locator('#top-words').waitFor({ timeout: 15_000 });
    expect(await page.locator('h1 .url').textContent()).toBe(`${site.origin}/quote'page`);
    expect(await page.locator('#top-words tbody tr td:nth-child(2)').allTextContents()).toEqual(['quoted', 'script', 'pwned', 'window']);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    const csp = (await page.request.get(service.baseUrl)).headers()['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    await screenshot(page, 'hostile-text-1280');
    await page.context().close();
  });
});
