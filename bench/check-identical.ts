// Differential check: the current pipeline (src/text, htmlparser2 streaming) against the original
// (bench/lib/original-pipeline.ts, cheerio's parse5 DOM) on (1) every corpus page, (2) the test
// fixtures, (3) hand-written edge cases, (4) corpus pages cut and spliced at random places, which
// produces the malformed markup real crawls meet. Compares every word and count, not just totals.
//   node --import tsx bench/check-identical.ts <corpus dir> [random cases, default 2000]
// Prints one JSON line; exits 1 if any corpus page or fixture differs (edge cases are reported).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PageBody } from '../src/core/page-body.js';
import { countPage } from '../src/text/count-page.js';
import { countPageOriginal } from './lib/original-pipeline.js';

const [dir = '', randomArg = '2000'] = process.argv.slice(2);
const randomCases = Number(randomArg);

const EDGE_CASES: string[] = [
  '<title>T</title><p>body text</p>',
  '<html><head><title>T</title>loose text<meta name=x></head><body>b</body></html>',
  '<head><meta charset=utf-8><div>div in head</div></head><body>b</body>',
  '<head></head>foo<body>bar</body>',
  '<head></head><title>after head</title><body>b</body>',
  '<body><title>title in body</title><p>p</p></body>',
  '<body><head><p>x</p></head>y</body>',
  '<p>wo<html>rd</p>',
  '<p>a&nbsp;b&amp;c &notit; &#x80; &#0; &#xD800;</p>',
  '<p>a\u0000b</p>',
  '<head>&nbsp;text</head>',
  '<ul><li>one<li>two</ul><dl><dt>t<dd>d</dl>',
  '<table>stray<tr><td>a<td>b</table>',
  '<p><b>bo<i>th</b>er</i></p>',
  '<select><option>o1<option>o2</select>',
  '<textarea><b>not bold</b></textarea><p>x</p>',
  '<noscript><p>hidden</p></noscript><p>shown</p>',
  '<iframe><p>hidden</p></iframe><p>shown</p>',
  '<template><p>hidden</p></template><p>shown</p>',
  '<svg><text>hidden</text></svg><math><mi>x</mi><mo>+</mo><mi>why</mi></math>',
  '<p>line<br>break</br>again</p>',
  '<div>a</p>b</div>',
  '<!DOCTYPE html><!-- c --><html><!-- c2 --><body>x<!-- c3 -->y</body></html>',
  '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body><P>visible</P><SCRIPT>hidden</SCRIPT></body></html>',
  '<p>Don’t stop DON\'T Café CAFÉ cafe\u0301 déjà-vu 42 3.14</p>',
  '<script>unterminated <p>hidden',
  '<style>p{}</style>x<style>y',
  '<p>text after html</p></body></html>trailing words',
  '<frameset><frame src=x></frameset>',
  '<h1>Title</h1><p>one</p><div>two</div><span>sp</span><em>lit</em>',
  '<div><svg><path d="M0"><p>after an unclosed svg</p><footer>foot</footer></div>',
  '<svg><foreignObject><p>inside foreignObject</p></foreignObject></svg><p>after</p>',
  '<svg><g><br>broken out</g></svg>tail',
];

type Source = { name: string; page: PageBody };
const sources: Source[] = [];
const corpusFiles = readdirSync(dir).filter((name) => name.endsWith('.html')).sort();
const corpus = corpusFiles.map((name) => readFileSync(join(dir, name)));
corpusFiles.forEach((name, i) => sources.push({ name: `corpus/${name}`, page: html(corpus[i]!, 'utf-8') }));
sources.push({ name: 'test/fixtures/article.html', page: html(readFileSync('test/fixtures/article.html')) });
const firstEdge = sources.length;
EDGE_CASES.forEach((source, i) => sources.push({ name: `edge#${i}`, page: html(Buffer.from(source)) }));
const firstRandom = sources.length;
let seed = 20261123;
const random = (n: number) => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed % n;
};
for (let i = 0; i < randomCases; i++) {
  // A slice of one page spliced onto a slice of another: unclosed and stray tags, cut entities and comments.
  const a = corpus[random(corpus.length)]!;
  const b = corpus[random(corpus.length)]!;
  const from = random(a.length);
  const part = Buffer.concat([a.subarray(from, from + random(20_000)), b.subarray(random(b.length)).subarray(0, random(20_000))]);
  sources.push({ name: `random#${i}`, page: html(part) });
}

function html(bytes: Buffer, charset?: string): PageBody {
  return { bytes, mimeType: 'text/html', ...(charset ? { charset } : {}) };
}

const differing: { name: string; onlyOriginal: string[]; onlyCurrent: string[] }[] = [];
let words = 0;
for (const { name, page } of sources) {
  const now = countPage(page).counts.all;
  const before = countPageOriginal(page).all;
  words += before.reduce((sum, [, count]) => sum + count, 0);
  const a = new Set(before.map(([word, count]) => `${word}:${count}`));
  const b = new Set(now.map(([word, count]) => `${word}:${count}`));
  if (a.size === b.size && [...a].every((entry) => b.has(entry)) && JSON.stringify(now) === JSON.stringify(before)) continue;
  differing.push({ name, onlyOriginal: [...a].filter((x) => !b.has(x)).slice(0, 8), onlyCurrent: [...b].filter((x) => !a.has(x)).slice(0, 8) });
}
const count = (from: number, to: number) => differing.filter((d) => {
  const index = sources.findIndex((s) => s.name === d.name);
  return index >= from && index < to;
}).length;
const report = {
  check: 'current pipeline vs original (parse5) pipeline, every word and count',
  words_compared: words,
  corpus_pages: corpusFiles.length,
  corpus_pages_differing: count(0, firstEdge - 1),
  fixtures_differing: count(firstEdge - 1, firstEdge),
  edge_cases: EDGE_CASES.length,
  edge_cases_differing: count(firstEdge, firstRandom),
  random_splices: randomCases,
  random_splices_differing: count(firstRandom, sources.length),
  differences: differing.slice(0, 30),
};
console.log(JSON.stringify(report));
if (report.corpus_pages_differing > 0 || report.fixtures_differing > 0) process.exit(1);
