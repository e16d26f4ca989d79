// Main-content extraction against the article benchmark (../shared/bench/article-benchmark): bag-of-words
// precision, recall and F1 per page, averaged, exactly as its bow_f1.py computes them, and the speed of
// three extractors in the same run: ours (extractMainText), all visible text (extractText), and
// @mozilla/readability on linkedom. One untimed warm-up pass, then timed passes, median reported.
//   node --import tsx bench/main-content.ts <benchmark dir> [passes, default 3] [--write=<dir>]
// --write saves each extractor's output as <dir>/<name>.json in bow_f1.py's input format.
// Prints one JSON document.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { PageBody } from '../src/core/page-body.js';
import { decodePageHtml } from '../src/text/decode-page.js';
import { extractText } from '../src/text/extract-text.js';
import { extractMainText } from '../src/text/main-content.js';

const [dir = '', passesArg = '3', ...rest] = process.argv.slice(2);
const passes = Number(passesArg);
const writeDir = rest.find((arg) => arg.startsWith('--write='))?.slice('--write='.length);

interface Page {
  id: string;
  body: PageBody;
  truth: Map<string, number>;
}

// bow_f1.py's word: Python's [^\W_] is a letter or a number (Unicode L and N, not marks), lower-cased,
// the typographic apostrophe folded, and a token without a letter dropped.
const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
const LETTER = /\p{L}/u;

function bagOfWords(text: string): Map<string, number> {
  const bag = new Map<string, number>();
  for (const [word] of text.matchAll(WORD)) {
    if (!LETTER.test(word)) continue;
    const key = word.toLowerCase().replaceAll('’', "'");
    bag.set(key, (bag.get(key) ?? 0) + 1);
  }
  return bag;
}

function total(bag: Map<string, number>): number {
  let sum = 0;
  for (const count of bag.values()) sum += count;
  return sum;
}

function score(ours: Map<string, number>, truth: Map<string, number>): [p: number, r: number, f1: number] {
  let common = 0;
  for (const [word, count] of ours) common += Math.min(count, truth.get(word) ?? 0);
  const oursTotal = total(ours);
  const truthTotal = total(truth);
  const p = oursTotal > 0 ? common / oursTotal : 0;
  const r = truthTotal > 0 ? common / truthTotal : 0;
  return [p, r, p + r > 0 ? (2 * p * r) / (p + r) : 0];
}

const groundTruth = JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8')) as Record<string, { articleBody: string }>;
// bow_f1.py scores the ids in sorted order; a page without an html file would score zero.
const pages: Page[] = Object.keys(groundTruth).sort().map((id) => ({
  id,
  body: { bytes: gunzipSync(readFileSync(join(dir, 'html', `${id}.html.gz`))), mimeType: 'text/html' },
  truth: bagOfWords(groundTruth[id]!.articleBody),
}));
const totalBytes = pages.reduce((sum, page) => sum + page.body.bytes.length, 0);

type Extractor = (page: PageBody) => string;

function readabilityText(page: PageBody): string {
  const { document } = parseHTML(decodePageHtml(page));
  return new Readability(document as unknown as Document).parse()?.textContent ?? '';
}

const EXTRACTORS: Record<string, Extractor> = {
  ours: (page) => extractMainText(page) ?? extractText(page),
  'all-visible-text': extractText,
  'readability-linkedom': readabilityText,
};

function run(name: string, extract: Extractor) {
  const outputs = pages.map((page) => extract(page.body));
  const seconds: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    const started = performance.now();
    for (const page of pages) extract(page.body);
    seconds.push((performance.now() - started) / 1000);
  }
  seconds.sort((a, b) => a - b);
  const median = seconds[Math.floor(seconds.length / 2)]!;
  const scores = pages.map((page, i) => score(bagOfWords(outputs[i]!), page.truth));
  const mean = (k: number) => round(scores.reduce((sum, s) => sum + s[k]!, 0) / scores.length, 4);
  if (writeDir !== undefined) {
    mkdirSync(writeDir, { recursive: true });
    const output = Object.fromEntries(pages.map((page, i) => [page.id, { articleBody: outputs[i] }]));
    writeFileSync(join(writeDir, `${name}.json`), JSON.stringify({ output }));
  }
  return {
    name,
    precision: mean(0),
    recall: mean(1),
    f1: mean(2),
    msPerPage: round((median * 1000) / pages.length, 2),
    mbPerSecond: round(totalBytes / 1e6 / median, 2),
    worstPages: pages.map((page, i) => ({ id: page.id.slice(0, 8), f1: round(scores[i]![2], 3) })).sort((a, b) => a.f1 - b.f1).slice(0, 5),
  };
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

const only = rest.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
const results = Object.entries(EXTRACTORS).filter(([name]) => only === undefined || only.includes(name)).map(([name, extract]) => run(name, extract));
console.log(JSON.stringify({ pages: pages.length, megabytes: round(totalBytes / 1e6, 2), passes, node: process.version, results }, null, 2));
