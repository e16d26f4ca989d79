// Language detection on the translated Debian manuals installed on this machine (debian-handbook,
// debian-reference-*): `npx tsx bench/language-detection.ts`. Each page's truth is the language it
// declares, except that a page whose letters are 95 % words of its English original is English (an
// untranslated chapter: the handbook's translations are partial) and one between 50 and 95 % is left
// out as mixed. Compares detectLanguage with plain franc (all its languages, the first 2,048 characters).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { franc } from 'franc';
import { detectLanguage } from '../src/text/detect-language.js';
import { extractText } from '../src/text/extract-text.js';
import { normaliseLanguageTag } from '../src/core/languages.js';

interface Case { truth: string; text: string; declared?: string }

const HANDBOOK = '/usr/share/doc/debian-handbook/html';
const REFERENCE = '/usr/share/debian-reference';

function pageText(path: string): string {
  const bytes = readFileSync(path);
  return extractText({ bytes: path.endsWith('.gz') ? gunzipSync(bytes) : bytes, mimeType: 'text/html' });
}

/** Share of the page's letters in words its English original also has. */
function englishShare(text: string, english: string): number {
  const englishWords = new Set(english.toLowerCase().match(/\p{L}+/gu) ?? []);
  let shared = 0;
  let all = 0;
  for (const word of text.toLowerCase().match(/\p{L}+/gu) ?? []) {
    all += word.length;
    if (englishWords.has(word)) shared += word.length;
  }
  return all === 0 ? 0 : shared / all;
}

function manualPages(): Array<{ path: string; declared: string; english: string }> {
  const pages = [];
  if (existsSync(HANDBOOK)) {
    for (const tag of readdirSync(HANDBOOK)) {
      for (const file of readdirSync(`${HANDBOOK}/${tag}`)) {
        if (/\.html(\.gz)?$/u.test(file)) pages.push({ path: `${HANDBOOK}/${tag}/${file}`, declared: tag, english: `${HANDBOOK}/en-US/${file}` });
      }
    }
  }
  if (existsSync(REFERENCE)) {
    for (const file of readdirSync(REFERENCE)) {
      const match = /^(.+)\.([a-z-]+)\.html(\.gz)?$/iu.exec(file);
      if (match) pages.push({ path: `${REFERENCE}/${file}`, declared: match[2]!, english: `${REFERENCE}/${match[1]}.en.html${match[3] ?? ''}` });
    }
  }
  return pages;
}

function labelledPages(): { pages: Array<Case & { declared: string }>; mixed: number } {
  const pages = [];
  let mixed = 0;
  for (const page of manualPages()) {
    const text = pageText(page.path);
    let truth = normaliseLanguageTag(page.declared)!;
    if (truth !== 'en' && existsSync(page.english)) {
      const share = englishShare(text, pageText(page.english));
      if (share >= 0.95) truth = 'en';
      else if (share >= 0.5) { mixed++; continue; }
    }
    pages.push({ truth, text, declared: page.declared });
  }
  return { pages, mixed };
}

/** 200 characters from `at` (a fraction of the text), starting on a word. */
function excerpt(text: string, at: number): string {
  let start = Math.floor(text.length * at);
  const space = text.indexOf(' ', start);
  if (space !== -1 && space - start < 30) start = space + 1;
  return text.slice(start, start + 200);
}

const FRANC_CODES: Readonly<Record<string, string>> = { cmn: 'zh', jpn: 'ja', kor: 'ko', ell: 'el', nob: 'no', nno: 'no', arb: 'ar', pes: 'fa', zlm: 'ms' };
function plainFranc(text: string): string {
  const code = franc(text);
  return FRANC_CODES[code] ?? normaliseLanguageTag(code) ?? code;
}

function measure(name: string, cases: Case[], detect: (c: Case) => string): void {
  let right = 0;
  const mistakes = new Map<string, number>();
  const started = performance.now();
  for (const c of cases) {
    const got = detect(c);
    if (got === c.truth || (got === 'zh' && c.truth.startsWith('zh'))) right++;
    else mistakes.set(`${c.truth}→${got}`, (mistakes.get(`${c.truth}→${got}`) ?? 0) + 1);
  }
  const ms = (performance.now() - started) / cases.length;
  const worst = [...mistakes].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, v]) => `${k} ${v}`).join(', ');
  console.log(`${name.padEnd(34)} ${(right / cases.length * 100).toFixed(1).padStart(5)} %  ${ms.toFixed(2)} ms  n=${cases.length}  ${worst}`);
}

const { pages, mixed } = labelledPages();
console.log(`${pages.length} pages (${mixed} mixed ones left out)`);
const excerpts = pages.flatMap((page) => [0.25, 0.5, 0.75].map((at) => ({ ...page, text: excerpt(page.text, at) })));
const wrongLabel = (truth: string) => (truth === 'en' ? 'de' : 'en');
measure('whole page', pages, (c) => detectLanguage(c.text));
measure('whole page, franc alone', pages, (c) => plainFranc(c.text));
measure('whole page, wrong label', pages, (c) => detectLanguage(c.text, wrongLabel(c.truth)));
measure('untranslated page, own label', pages.filter((p) => p.truth === 'en' && !p.declared.startsWith('en')), (c) => detectLanguage(c.text, c.declared));
measure('200 characters', excerpts, (c) => detectLanguage(c.text));
measure('200 characters, franc alone', excerpts, (c) => plainFranc(c.text));
measure('200 characters, right label', excerpts, (c) => detectLanguage(c.text, c.truth === 'en' ? 'en' : c.declared));
measure('200 characters, wrong label', excerpts, (c) => detectLanguage(c.text, wrongLabel(c.truth)));
