import { readdirSync, readFileSync } from 'node:fs';
import { extractText } from '../src/text/extract-text.js';
import { detectLanguage } from '../src/text/detect-language.js';
import { tokenize } from '../src/text/tokenize.js';
import { countWords } from '../src/text/count-words.js';
import { stopWordsFor } from '../src/text/stop-words.js';
const dir = '/work/shared/bench/corpus/library';
const pages = readdirSync(dir).map((f) => ({ bytes: readFileSync(`${dir}/${f}`), mimeType: 'text/html' }));
for (let pass = 0; pass < 4; pass++) {
  const t: Record<string, number> = { extract: 0, detect: 0, tokenize: 0, count: 0 };
  for (const page of pages) {
    let s = performance.now(); const text = extractText(page); t.extract += performance.now() - s;
    s = performance.now(); const lang = detectLanguage(text); t.detect += performance.now() - s;
    s = performance.now(); const words = tokenize(text, lang); t.tokenize += performance.now() - s;
    s = performance.now(); countWords(words, stopWordsFor(lang).words); t.count += performance.now() - s;
  }
  console.log(Object.fromEntries(Object.entries(t).map(([k, v]) => [k, (v / pages.length).toFixed(2)])));
}
