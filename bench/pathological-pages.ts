// Times the counting pipeline (countPage, in this thread) on the pages of test/support/pathological-pages.ts.
//   npx tsx bench/pathological-pages.ts <page|all> [bytes, default 5 MiB]
// Prints one line per page: name, bytes, ms, words (or the error). Run one page per process with
// `timeout` to bound a slow "before" measurement.
import { existsSync, readFileSync } from 'node:fs';
import { countPage } from '../src/text/count-page.js';
import * as pages from '../test/support/pathological-pages.js';

const [which = 'all', bytesArg = String(5 * 1024 * 1024)] = process.argv.slice(2);
const bytes = Number(bytesArg);
const CORPUS_PAGE = '../shared/bench/corpus/library/os.html';
const builders: Record<string, (bytes: number) => string> = {
  svgBreakout: pages.svgBreakoutPage,
  deepDiv: pages.deepDivPage,
  strayEndTag: pages.strayEndTagPage,
  deepSvg: pages.deepSvgPage,
  combiningMarks: pages.combiningMarksPage,
  // A large ordinary page (Python's os module documentation, 750 KB) when the bench corpus is there.
  normal: () => readFileSync(existsSync(CORPUS_PAGE) ? CORPUS_PAGE : 'test/fixtures/article.html', 'utf8'),
};
for (const [name, build] of Object.entries(builders)) {
  if (which !== 'all' && which !== name) continue;
  const body = Buffer.from(build(bytes));
  const startedAt = performance.now();
  let outcome: string;
  try {
    outcome = `${countPage({ bytes: body, mimeType: 'text/html', charset: 'utf-8' }).counts.totalWords} words`;
  } catch (error) {
    outcome = `error: ${(error as Error).message}`;
  }
  console.log(`${name}\t${body.length} B\t${Math.round(performance.now() - startedAt)} ms\t${outcome}`);
}
