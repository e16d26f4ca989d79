import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submit, waitForResult } from '../support/api-client.js';
import { launchChromium, openPage, screenshot } from '../support/browser.js';
import { respond, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';
import { startTestService, type TestService } from '../support/service.js';

/**
 * 120 distinct words in several scripts, the n-th written 121 - n times over: more words than a cloud
 * shows, each count different, so sizes and order can be checked against the counts.
 */
const STEMS = ['harbor', 'café', 'Москва', 'straße', 'λόγος', 'ciudad', 'İstanbul', 'naïve', 'zebra', 'quartz', 'violin', 'meadow'];
const WORDS = Array.from({ length: 120 }, (_, n) => `${STEMS[n % STEMS.length]}${'abcdefghij'[Math.floor(n / STEMS.length)]}`);
const PAGE = `<!doctype html><html lang="en"><body>${WORDS.map((word, n) => `<p>${`${word} `.repeat(121 - n)}</p>`).join('')}</body></html>`;

let browser: Browser;
let site: FixtureServer;
let service: TestService;
let resultPath: string;

beforeAll(async () => {
  site = await startFixtureServer({ '/many-words.html': respond(PAGE) });
  service = await startTestService();
  browser = await launchChromium();
  const key = await submit(service.baseUrl, `${site.origin}/many-words.html`);
  await waitForResult(service.baseUrl, key);
  resultPath = `/r/${key}`;
});

afterAll(async () => {
  await browser?.close();
  await service?.stop();
  await site?.close();
});

interface PlacedWord {
  text: string;
  size: number;
}

async function drawnCloud(page: Page): Promise<PlacedWord[]> {
  await page.locator('#word-cloud[data-drawn] svg text').first().waitFor({ timeout: 15_000 });
  return page.locator('#word-cloud svg text').evaluateAll((texts) =>
    texts.map((text) => ({ text: text.childNodes[0]?.textContent ?? '', size: Number(text.getAttribute('font-size')) })),
  );
}

/**
 * Pairs of drawn words whose ink overlaps. Their boxes may overlap without that (a word without
 * descenders can sit in another's descender room, as d3-cloud places by pixels), so each pair whose
 * boxes meet is drawn again on two canvases at the same place and compared pixel by pixel.
 */
function overlappingInk(page: Page): Promise<string[]> {
  return page.locator('#word-cloud svg').evaluate((svg) => {
    const texts = [...svg.querySelectorAll('text')];
    const centre = svg.querySelector('g')!.transform.baseVal.consolidate()!.matrix;
    // Drawn only over where the two boxes meet, which is where shared ink would be.
    const draw = (text: SVGTextElement, area: DOMRect) => {
      const canvas = document.createElement('canvas');
      canvas.width = Math.ceil(area.width) + 2;
      canvas.height = Math.ceil(area.height) + 2;
      const context = canvas.getContext('2d', { willReadFrequently: true })!;
      const at = text.transform.baseVal.consolidate()!.matrix;
      context.font = `${text.getAttribute('font-weight')} ${text.getAttribute('font-size')}px ${text.getAttribute('font-family')}`;
      context.textAlign = 'center';
      context.fillText(text.childNodes[0]!.textContent!, centre.e + at.e - area.x + 1, centre.f + at.f - area.y + 1);
      return context.getImageData(0, 0, canvas.width, canvas.height).data;
    };
    const boxes = texts.map((text) => {
      const box = text.getBBox();
      const at = text.transform.baseVal.consolidate()!.matrix;
      return new DOMRect(box.x + centre.e + at.e, box.y + centre.f + at.f, box.width, box.height);
    });
    const found: string[] = [];
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        const [a, b] = [boxes[i]!, boxes[j]!];
        const left = Math.max(a.left, b.left);
        const top = Math.max(a.top, b.top);
        const area = new DOMRect(left, top, Math.min(a.right, b.right) - left, Math.min(a.bottom, b.bottom) - top);
        if (area.width <= 0 || area.height <= 0) continue;
        const [inkA, inkB] = [draw(texts[i]!, area), draw(texts[j]!, area)];
        for (let alpha = 3; alpha < inkA.length; alpha += 4) {
          if (inkA[alpha]! > 64 && inkB[alpha]! > 64) {
            found.push(`${texts[i]!.textContent} / ${texts[j]!.textContent}`);
            break;
          }
        }
      }
    }
    return found;
  });
}

describe.each([
  [1280, 100],
  [390, 40],
])('the word cloud at %i px', (width, asked) => {
  it('draws the top words from the same counts, larger for more, none overlapping, none off the page', async () => {
    const page = await openPage(browser, { width });
    await page.goto(`${service.baseUrl}${resultPath}`);
    const placed = await drawnCloud(page);

    // The words placed are the most frequent ones, in the table's spelling; most of those asked fit.
    const ranks = placed.map((word) => WORDS.indexOf(word.text));
    expect(ranks.every((rank) => rank >= 0 && rank < asked)).toBe(true);
    expect(placed.length).toBeGreaterThanOrEqual(asked * 0.75);
    expect(ranks).toContain(0);
    // A more frequent word is never drawn smaller, and the smallest is still readable.
    const byRank = [...placed].sort((a, b) => WORDS.indexOf(a.text) - WORDS.indexOf(b.text));
    for (let i = 1; i < byRank.length; i++) expect(byRank[i]!.size).toBeLessThanOrEqual(byRank[i - 1]!.size);
    expect(Math.min(...placed.map((word) => word.size))).toBeGreaterThanOrEqual(12);
    expect(await overlappingInk(page)).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expect(page.locator('#word-cloud figcaption').textContent()).resolves.toMatch(/words, sized by count/);
    await page.locator('#word-cloud').screenshot({ path: `test-output/screenshots/word-cloud-${width}.png` });
    await screenshot(page, `result-with-cloud-${width}`);
    await page.context().close();
  });
});

describe('exporting the cloud', () => {
  it('downloads the drawn cloud as a standalone SVG and as a PNG twice its size', async () => {
    const page = await openPage(browser);
    await page.goto(`${service.baseUrl}${resultPath}`);
    const placed = await drawnCloud(page);
    const width = Number(await page.locator('#word-cloud svg').getAttribute('width'));

    const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'SVG' }).click()]);
    expect(svgDownload.suggestedFilename()).toMatch(/^wordcrawler-[0-9a-f-]{36}-cloud\.svg$/);
    const svg = await readFile((await svgDownload.path())!, 'utf8');
    expect(svg).toMatch(/^<\?xml[^>]*>\n<svg[^>]* xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    for (const word of placed) expect(svg).toContain(`>${word.text}<title>`);
    expect(svg).toContain('font-family=');

    const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PNG' }).click()]);
    expect(pngDownload.suggestedFilename()).toMatch(/-cloud\.png$/);
    const png = await readFile((await pngDownload.path())!);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(width * 2);
    await page.context().close();
  });
});
