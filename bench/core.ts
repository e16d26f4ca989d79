// Pipeline core: extract + tokenize + count of the whole corpus in this process, bytes in (as the
// worker receives them, labelled utf-8 as nginx sends them), counts out. Run it pinned to one core
// (`taskset -c 0`); one untimed warm-up pass, then PASSES timed passes, median reported.
//   node --import tsx bench/core.ts <corpus dir> [passes] [--variants=current,original,cheerio-htmlparser2-dom,extract-only,extract+tokenize]
// Prints one JSON line per variant.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PageBody } from '../src/core/page-body.js';
import { countPage } from '../src/text/count-page.js';
import { extractText } from '../src/text/extract-text.js';
import { tokenize } from '../src/text/tokenize.js';
import { countPageCheerioHtmlparser2, countPageOriginal } from './lib/original-pipeline.js';

const [dir = '', passesArg = '3', ...rest] = process.argv.slice(2);
const passes = Number(passesArg);
const variantsArg = rest.find((arg) => arg.startsWith('--variants='))?.slice('--variants='.length) ?? 'current';
const files = readdirSync(dir).filter((name) => name.endsWith('.html')).sort();
const pages: PageBody[] = files.map((name) => ({ bytes: readFileSync(join(dir, name)), mimeType: 'text/html', charset: 'utf-8' }));
const bytes = pages.reduce((sum, page) => sum + page.bytes.length, 0);

type Stage = (page: PageBody) => unknown;
const VARIANTS: Record<string, Stage> = {
  current: (page) => countPage(page).counts,
  original: (page) => countPageOriginal(page),
  'cheerio-htmlparser2-dom': (page) => countPageCheerioHtmlparser2(page),
  'extract-only': (page) => extractText(page),
  'extract+tokenize': (page) => tokenize(extractText(page)),
};

function measure(name: string, run: Stage): void {
  const seconds: number[] = [];
  const cpuMs: number[] = [];
  let checksum = 0;
  for (let pass = 0; pass <= passes; pass++) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    checksum = 0;
    for (const page of pages) {
      const out = run(page) as { totalWords?: number; length?: number };
      checksum += out.totalWords ?? out.length ?? 0;
    }
    if (pass > 0) {
      seconds.push((performance.now() - started) / 1000);
      const used = process.cpuUsage(cpu);
      cpuMs.push((used.user + used.system) / 1000);
    }
  }
  cpuMs.sort((a, b) => a - b);
  seconds.sort((a, b) => a - b);
  const median = seconds[Math.floor(seconds.length / 2)]!;
  console.log(JSON.stringify({
    variant: name,
    pages: pages.length,
    mb: Number((bytes / 1e6).toFixed(2)),
    passes,
    seconds: Number(median.toFixed(3)),
    mb_per_s: Number((bytes / 1e6 / median).toFixed(2)),
    mb_per_s_min: Number((bytes / 1e6 / seconds.at(-1)!).toFixed(2)),
    mb_per_s_max: Number((bytes / 1e6 / seconds[0]!).toFixed(2)),
    pages_per_s: Number((pages.length / median).toFixed(1)),
    ms_per_page: Number(((median * 1000) / pages.length).toFixed(2)),
    cpu_ms_per_page: Number((cpuMs[Math.floor(cpuMs.length / 2)]! / pages.length).toFixed(2)),
    checksum,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  }));
}

for (const name of variantsArg.split(',')) {
  const run = VARIANTS[name];
  if (!run) throw new Error(`unknown variant ${name}; known: ${Object.keys(VARIANTS).join(', ')}`);
  measure(name, run);
}
