import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submit, waitForResult } from '../support/api-client.js';
import { launchChromium, SCREENSHOT_DIR } from '../support/browser.js';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { startTestService, type TestService } from '../support/service.js';

const PASSWORD = 'correct-horse-battery-staple';
let browser: Browser;
let site: FixtureServer;
let service: TestService;

beforeAll(async () => {
  site = await startFixtureServer({});
  service = await startTestService({ ADMIN_PASSWORD: PASSWORD });
  await waitForResult(service.baseUrl, await submit(service.baseUrl, `${site.origin}/gone`));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await service?.stop();
  await site?.close();
});

describe('the queue dashboard in a browser', () => {
  it('asks for credentials, then shows the failed job and its reason', async () => {
    // A browser without credentials gets the 401 challenge (headless Chromium reports it as an error page).
    const anonymous = await browser.newContext();
    const challenge = await anonymous.request.get(`${service.baseUrl}/admin/queues`);
    expect(challenge.status()).toBe(401);
    expect(challenge.headers()['www-authenticate']).toContain('Basic');
    await anonymous.close();

    const operator = await browser.newContext({ httpCredentials: { username: 'admin', password: PASSWORD }, viewport: { width: 1280, height: 900 } });
    const page = await operator.newPage();
    await page.goto(`${service.baseUrl}/admin/queues/queue/crawl?status=failed`);
    await page.getByText('the server answered 404 Not Found').first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'dashboard-failed-job-1280.png'), fullPage: true });
    await operator.close();
  });
});
