import type { PageBody } from '../core/page-body.js';
import { countPage, countSitePage } from '../text/count-page.js';
import { toStoredCounts } from '../text/stored-counts.js';

// The first pages a fresh thread counts run 5 to 20 times slower than later ones (V8 has not yet
// compiled the parser, tokenizer and counting loops, and lazy tables are built on first use): about
// half a second of one core lost per thread, just when a service that has started takes its first
// pages. Counting pages like these at start-up, before the thread takes any, spends that time once.
const WARM_UP_PAGES = 12;

const PROSE = [
  'The harbour at the mouth of the river has served traders and fishermen for centuries, and its stone quays still carry the marks of cranes that have long since gone.',
  'Every morning the boats come back with the tide, and the market opens before the town is awake; buyers walk between the crates, counting, weighing and arguing about prices.',
  'In the afternoon the light changes over the water, which is why painters have come here since the nineteenth century to work beside the sailors mending their nets.',
  "A guide to the town's history explains how the port grew, why the old lighthouse was rebuilt twice, and where visitors can see the records of the shipping company.",
  'Configuration of the service is read once at start-up; each setting is checked, and a value that cannot be used stops the process with a message naming it.',
];

/** A synthetic page shaped like those counted most: headings, paragraphs, a menu, code, a table and scripts. */
function warmUpPage(variant: number): PageBody {
  const paragraphs = Array.from({ length: 40 }, (_, i) => {
    const sentence = PROSE[(i + variant) % PROSE.length]!;
    return `<p>${sentence} Section ${variant}.${i}, item${(i * 7 + variant) % 97} and term${i % 13}.</p>`;
  });
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Harbour guide ${variant}</title>
<style>body { font-family: serif }</style><script src="/app.js"></script></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/guide/${variant}">Guide</a></li><li><a href="/about">About</a></li></ul></nav>
<main><article><h1>The harbour, part ${variant}</h1>${paragraphs.join('\n')}
<pre><code>const harbour = open("quay-${variant}"); harbour.count(boats);</code></pre>
<table><tr><th>Year</th><th>Ships</th></tr><tr><td>1850</td><td>${variant * 3}</td></tr></table></article></main>
<footer><a href="/contact">Contact</a> &copy; the harbour society</footer><script>var ready = true;</script></body></html>`;
  return { bytes: Buffer.from(html), mimeType: 'text/html', charset: 'utf-8' };
}

/** Counts a few synthetic pages the way jobs count theirs, whole and main content, single and crawled. */
export function warmUpCounting(): void {
  for (let variant = 0; variant < WARM_UP_PAGES; variant += 1) {
    const page = warmUpPage(variant);
    const { counts, ...choices } = countPage(page, { content: variant % 4 === 3 ? 'main' : 'page' });
    toStoredCounts(counts, choices);
    if (variant % 4 === 0) countSitePage(page, { content: 'page' }, `https://harbour.example/guide/${variant}`);
  }
}
