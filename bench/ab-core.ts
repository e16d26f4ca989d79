// A/B of the pipeline core: this checkout's countPage + toStoredCounts (what a counting thread runs)
// against another copy of src/ (say the commit before a change, `git archive <commit> src | tar -x -C
// /tmp/base`, with node_modules linked beside it), alternating page by page in one process, so that
// a noisy machine slows both alike (README, Performance). Run it pinned to one core:
//   taskset -c 0 node --import tsx bench/ab-core.ts <corpus dir> <other src dir> [rounds, default 10]
// Prints one JSON line: each side's median MB/s and range, and the median and range of the per-round ratio.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PageBody } from '../src/core/page-body.js';
import type { CountingRequest, StoredCounts } from '../src/core/results.js';
import * as current from '../src/text/count-page.js';
import * as currentStored from '../src/text/stored-counts.js';

const [dir = '', otherSrc = '', roundsArg = '10'] = process.argv.slice(2);
const rounds = Number(roundsArg);
const files = readdirSync(dir).filter((name) => name.endsWith('.html')).sort();
const pages: PageBody[] = files.map((name) => ({ bytes: readFileSync(join(dir, name)), mimeType: 'text/html', charset: 'utf-8' }));
const bytes = pages.reduce((sum, page) => sum + page.bytes.length, 0);

type Count = (page: PageBody) => StoredCounts;
const load = async (src: string): Promise<Count> => {
  const page = (await import(pathToFileURL(join(src, 'text/count-page.ts')).href)) as typeof current;
  const stored = (await import(pathToFileURL(join(src, 'text/stored-counts.ts')).href)) as typeof currentStored;
  const request: CountingRequest = { content: 'page' };
  return (body) => {
    const { counts, ...choices } = page.countPage(body, request);
    return stored.toStoredCounts(counts, choices);
  };
};
const sides: Record<'current' | 'other', Count> = {
  current: await load(resolve('src')),
  other: await load(resolve(otherSrc)),
};

/**
 * One round: every page counted by both sides, one after the other (each side first on every other
 * page), so that the machine's noise, which comes and goes within a pass, falls on both alike. Time
 * is the process's CPU time, which leaves out whatever else ran on the core meanwhile.
 */
function round(first: 'current' | 'other'): { current: number; other: number } {
  const spent = { current: 0, other: 0 };
  let flip = first === 'other';
  for (const page of pages) {
    for (const side of flip ? (['other', 'current'] as const) : (['current', 'other'] as const)) {
      const cpu = process.cpuUsage();
      if (sides[side](page).totalWords < 0) throw new Error('impossible');
      const used = process.cpuUsage(cpu);
      spent[side] += (used.user + used.system) / 1e6;
    }
    flip = !flip;
  }
  return spent;
}

round('current');
const seconds = { current: [] as number[], other: [] as number[] };
const ratios: number[] = [];
for (let i = 0; i < rounds; i++) {
  const spent = round(i % 2 === 0 ? 'current' : 'other');
  seconds.current.push(spent.current);
  seconds.other.push(spent.other);
  ratios.push(spent.other / spent.current);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const mbPerS = (values: number[]) => ({
  median: Number((bytes / 1e6 / median(values)).toFixed(2)),
  min: Number((bytes / 1e6 / Math.max(...values)).toFixed(2)),
  max: Number((bytes / 1e6 / Math.min(...values)).toFixed(2)),
  ms_per_page: Number(((median(values) * 1000) / pages.length).toFixed(3)),
});
console.log(JSON.stringify({
  pages: pages.length,
  mb: Number((bytes / 1e6).toFixed(2)),
  rounds,
  current: mbPerS(seconds.current),
  other: mbPerS(seconds.other),
  // Above 1: this checkout is faster.
  speedup: { median: Number(median(ratios).toFixed(3)), min: Number(Math.min(...ratios).toFixed(3)), max: Number(Math.max(...ratios).toFixed(3)) },
}));
