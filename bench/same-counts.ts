// Differential check of a change to the counting stages: this checkout's counting thread output
// (countPage + toStoredCounts: every word, count, spelling, order, language and total, as stored)
// against another copy of src/ (the commit before the change: `git archive <commit> src | tar -x -C
// /tmp/base`, with node_modules linked beside it), on (1) every corpus page, whole and as main
// content, (2) corpus pages cut and spliced at random places, (3) the test fixture, (4) random text
// of many scripts, marks, joiners, case pairs and entities, as HTML and as plain text, in every
// language with its own splitting (elision) or stop words.
//   node --import tsx bench/same-counts.ts <corpus dir> <other src dir> [random splices, default 1000] [random texts, default 3000]
// Prints one JSON line; exits 1 if anything differs.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PageBody } from '../src/core/page-body.js';
import type { CountingRequest, StoredCounts } from '../src/core/results.js';
import type * as countPageModule from '../src/text/count-page.js';
import type * as storedCountsModule from '../src/text/stored-counts.js';

const [dir = '', otherSrc = '', splicesArg = '1000', textsArg = '3000'] = process.argv.slice(2);

type Count = (page: PageBody, request: CountingRequest) => StoredCounts;
const load = async (src: string): Promise<Count> => {
  const page = (await import(pathToFileURL(join(src, 'text/count-page.ts')).href)) as typeof countPageModule;
  const stored = (await import(pathToFileURL(join(src, 'text/stored-counts.ts')).href)) as typeof storedCountsModule;
  return (body, request) => {
    const { counts, ...choices } = page.countPage(body, request);
    return stored.toStoredCounts(counts, choices);
  };
};
const current = await load(resolve('src'));
const other = await load(resolve(otherSrc));

let seed = 20261206;
const random = (n: number) => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed % n;
};

type Case = { name: string; page: PageBody; request: CountingRequest };
const cases: Case[] = [];
const files = readdirSync(dir).filter((name) => name.endsWith('.html')).sort();
const corpus = files.map((name) => readFileSync(join(dir, name)));
files.forEach((name, i) => {
  cases.push({ name: `corpus/${name}`, page: { bytes: corpus[i]!, mimeType: 'text/html', charset: 'utf-8' }, request: { content: 'page' } });
  cases.push({ name: `main/${name}`, page: { bytes: corpus[i]!, mimeType: 'text/html', charset: 'utf-8' }, request: { content: 'main' } });
});
cases.push({ name: 'fixture', page: { bytes: readFileSync('test/fixtures/article.html'), mimeType: 'text/html' }, request: { content: 'page' } });
for (let i = 0; i < Number(splicesArg); i++) {
  const a = corpus[random(corpus.length)]!;
  const b = corpus[random(corpus.length)]!;
  const from = random(a.length);
  const bytes = Buffer.concat([a.subarray(from, from + random(20_000)), b.subarray(random(b.length)).subarray(0, random(20_000))]);
  cases.push({ name: `splice#${i}`, page: { bytes, mimeType: 'text/html' }, request: { content: i % 4 === 0 ? 'main' : 'page' } });
}

/** Pieces of words in many scripts, with the joiners, marks, case pairs and markup that decide where words split. */
const ALPHABET = [
  'a', 'B', 'z', 'Q', 'é', 'É', 'ß', 'ẞ', 'ı', 'İ', 'I', 'i', 'ς', 'Σ', 'σ', 'ﬁ', 'ŀ', 'l', 'µ', 'K', 'Å',
  'д', 'Д', 'ж', 'α', 'Ω', 'ΐ', 'ᾳ', 'ﬃ', 'ǅ', 'Ꭰ', 'ꭰ', 'ա', 'ა', 'ა', 'क', 'ि', '्', 'ب', 'ة', 'ש', 'ก', 'า',
  '中', '文', '的', '数', 'か', 'ナ', 'ー', '한', '국', '𝐀', '𝒳', '😀', '\u0301', '\u0308', '\u200c', '\u200d',
  '0', '7', '٣', '½', "'", '’', '-', '‐', '·', ' ', ' ', ' ', ' ', '\n', '\t', '\u00a0', '.', ',', '!', '?', '。', '，',
  '&amp;', '&nbsp;', '&eacute;', '&#x2019;', '&#39;', '&notit;', '&lt;', '<b>', '</b>', '<p>', '<br>', '<span>', '</span>',
  '<li>', '<td>', '<script>x</script>', '<!-- c -->', '\u0000', '\ud800',
];
const WORDS = ['the', 'and', 'of', 'The', 'AND', 'Don’t', "don't", "l'homme", "L’Homme", "dell'anno", "aujourd'hui", "qu'il",
  'café', 'CAFÉ', 'Straße', 'STRASSE', 'strasse', 'σοφος', 'ΣΟΦΟΣ', 'instal·lació', 'INSTAŀLACIÓ', 'der', 'die', 'und', 'le', 'la', 'et',
  'и', 'в', 'не', 'de', 'que', 'el', 'en', 'il', 'di', 'che', 'è', 'на', 'за', 'ja', 'ei', 'och', 'är', 'wo', 'rd', '数据库的配置',
  'Linux的内核', 'ภาษาไทย', 'می‌شود', 'déjà-vu', 'web-dev', 'O\'Brien', 'a'.repeat(199), 'c'.repeat(200), 'b'.repeat(201), 'x-'.repeat(20) + 'x'];
const LANGUAGES = [undefined, 'en', 'fr', 'it', 'ca', 'de', 'ru', 'tr', 'el', 'zh-Hans', 'ja', 'th', 'fa', 'und', 'ka'];
for (let i = 0; i < Number(textsArg); i++) {
  let text = '';
  const length = 1 + random(i % 10 === 0 ? 3000 : 300);
  for (let j = 0; j < length; j++) text += random(3) === 0 ? WORDS[random(WORDS.length)]! : ALPHABET[random(ALPHABET.length)]!;
  if (random(2) === 0) text += ' the of and to in is it that was for on are as with '.repeat(random(4));
  const language = LANGUAGES[random(LANGUAGES.length)];
  const request: CountingRequest = language === undefined ? { content: 'page' } : { content: 'page', language };
  const html = random(2) === 0 ? `<html lang="${language ?? 'en'}"><body><p>${text}</p></body></html>` : text;
  cases.push({ name: `text#${i}`, page: { bytes: Buffer.from(html), mimeType: random(4) === 0 ? 'text/plain' : 'text/html' }, request });
}

const differing: string[] = [];
let words = 0;
for (const { name, page, request } of cases) {
  const a = current(page, request);
  const b = other(page, request);
  words += b.totalWords;
  // What the other side stores, compared: a newer side may store more (issue 15's sentences and phrases).
  const shared = Object.fromEntries(Object.keys(b).map((field) => [field, a[field as keyof StoredCounts]]));
  if (JSON.stringify(shared) !== JSON.stringify(b)) differing.push(name);
}
console.log(JSON.stringify({ check: 'stored counts, this checkout against another src', cases: cases.length, words_compared: words, differing: differing.length, first_differing: differing.slice(0, 20) }));
if (differing.length > 0) process.exit(1);
