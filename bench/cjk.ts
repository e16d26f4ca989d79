// Pipeline speed on Chinese and Japanese: countPage (extract, detect, segment, count) on real pages (Debian's reference
// manual and handbook in zh-CN, zh-TW and ja, installed under /usr/share; gzipped pages are read too),
// then the pathological runs (2 MB of one Han character, of one kana, with no punctuation).
// Run it pinned to one core, on each Node (`taskset -c 0`); one untimed warm-up pass, then PASSES
// timed passes, median reported. One JSON line per corpus.
//   node --import tsx bench/cjk.ts [passes]
// The pages go through countPage as a counting thread runs it (detection, segmentation, the detected
// language's stop words); `detected` is the share of pages whose detected language is the corpus's.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { PageBody } from '../src/core/page-body.js';
import { countPage } from '../src/text/count-page.js';
import { tokenize } from '../src/text/tokenize.js';

const passes = Number(process.argv[2] ?? '3');
const REFERENCE = '/usr/share/debian-reference';
const HANDBOOK = '/usr/share/doc/debian-handbook/html';

const CORPORA = [
  { name: 'zh-cn', language: 'zh-Hans', reference: '.zh-cn.html', handbook: 'zh-CN' },
  { name: 'zh-tw', language: 'zh-Hant', reference: '.zh-tw.html', handbook: 'zh-TW' },
  { name: 'ja', language: 'ja', reference: '.ja.html', handbook: 'ja-JP' },
];

function htmlFiles(dir: string, suffix: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(suffix) || name.endsWith(`${suffix}.gz`))
    .sort()
    .map((name) => join(dir, name));
}

function readPage(path: string): PageBody {
  const raw = readFileSync(path);
  return { bytes: path.endsWith('.gz') ? gunzipSync(raw) : raw, mimeType: 'text/html', charset: 'utf-8' };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Runs `count` over every input once untimed, then `passes` times; returns the median seconds and the words of the last pass. */
function time<T>(inputs: readonly T[], count: (input: T) => number): { seconds: number; words: number } {
  const seconds: number[] = [];
  let words = 0;
  for (let pass = 0; pass <= passes; pass++) {
    const started = performance.now();
    words = 0;
    for (const input of inputs) words += count(input);
    if (pass > 0) seconds.push((performance.now() - started) / 1000);
  }
  return { seconds: median(seconds), words };
}

function report(fields: Record<string, unknown>, bytes: number, seconds: number): void {
  console.log(JSON.stringify({
    node: process.version,
    ...fields,
    mb: Number((bytes / 1e6).toFixed(2)),
    passes,
    seconds: Number(seconds.toFixed(3)),
    mb_per_s: Number((bytes / 1e6 / seconds).toFixed(2)),
  }));
}

for (const corpus of CORPORA) {
  const files = [...htmlFiles(REFERENCE, corpus.reference), ...htmlFiles(join(HANDBOOK, corpus.handbook), '.html')];
  if (files.length === 0) continue;
  const pages = files.map(readPage);
  const bytes = pages.reduce((sum, page) => sum + page.bytes.length, 0);
  const { seconds, words } = time(pages, (page) => countPage(page).counts.totalWords);
  const detected = pages.filter((page) => countPage(page).language === corpus.language).length / pages.length;
  report({ corpus: corpus.name, pages: pages.length, words, detected: Number(detected.toFixed(3)) }, bytes, seconds);
}

const PATHOLOGICAL = [
  { corpus: 'one Han character, 2 MB', text: '的'.repeat(700_000) },
  { corpus: 'one kana, 2 MB', text: 'あ'.repeat(700_000) },
];
for (const { corpus, text } of PATHOLOGICAL) {
  const { seconds, words } = time([text], (input) => tokenize(input, 'zh-Hans').length);
  report({ corpus, stage: 'tokenize', words }, Buffer.byteLength(text), seconds);
}
