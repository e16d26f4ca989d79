import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { launchChromium, openPage, SCREENSHOT_DIR } from '../support/browser.js';
import { startTestService, type TestService } from '../support/service.js';

let browser: Browser;
let service: TestService;

beforeAll(async () => {
  service = await startTestService({}, { worker: false });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await service?.stop();
});

describe('the API reference page', () => {
  it.each([390, 1280])('reads at %i px: no sideways scrolling, no script errors, each operation reachable from the index', async (width) => {
    const page = await openPage(browser, { width });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${service.baseUrl}/docs`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await page.getByRole('link', { name: 'POST /start' }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#submit');
    await page.locator('#submit').screenshot({ path: join(SCREENSHOT_DIR, `api-docs-start-${width}.png`) });
    expect(errors).toEqual([]);
  });
});
