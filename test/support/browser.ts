import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-output/screenshots/', import.meta.url));

/** Debian's Chromium, never a downloaded browser; the flags keep it off the (closed) network. `extraArgs` e.g. map a host name. */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

/** A page in a fresh context that fails the test if anything opens a dialog (page text ran as script). */
export async function openPage(browser: Browser, options: { width?: number; javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: 900 }, javaScriptEnabled: options.javaScriptEnabled ?? true });
  const page = await context.newPage();
  page.on('dialog', () => {
    throw new Error('a dialog opened: page text ran as script');
  });
  return page;
}

/** Types a URL into the form on the home page and presses Enter. */
export async function submitInForm(page: Page, baseUrl: string, url: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByLabel('Web page address').fill(url);
  await page.getByLabel('Web page address').press('Enter');
}

export function screenshot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}
