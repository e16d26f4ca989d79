// Summarizes the V8 CPU profiles that `bench/run.sh --profile` writes (node --cpu-prof on web and
// worker): self time by package or source file, and the hottest functions. Writes Markdown to stdout.
//   node --import tsx bench/profile-summary.ts <profile dir>
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** node_modules/<package>, node:<module>, our own file under dist/, or V8's pseudo-frames. */
function owner(url: string, name: string): string {
  if (url.includes('node_modules/')) {
    const rest = url.split('node_modules/').pop()!.split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  if (url.includes('/dist/')) return url.split('/dist/')[1]!;
  return name || '(native)';
}

function summarize(file: string): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = nodes.get(id)!.callFrame;
    if (functionName === '(idle)') continue;
    busy += us;
    const who = owner(url, functionName);
    byOwner.set(who, (byOwner.get(who) ?? 0) + us);
    const fn = `${functionName || '(anonymous)'} (${who}:${lineNumber + 1})`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  }
  const top = (map: Map<string, number>, n: number) =>
    [...map].sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, us]) => `| ${name} | ${(us / 1000).toFixed(0)} ms | ${((100 * us) / busy).toFixed(1)} % |`);
  const role = byOwner.has('htmlparser2') ? 'worker' : byOwner.has('express') || byOwner.has('router') ? 'web' : 'process';
  return [
    `${role}: busy ${(busy / 1000).toFixed(0)} ms (whole life of the process: warm-up, runs, latency${role === 'web' ? ', read-path load' : ''})`,
    '',
    '| package or file (self time) | ms | share of busy |',
    '|---|---|---|',
    ...top(byOwner, 15),
    '',
    '| function (self time) | ms | share of busy |',
    '|---|---|---|',
    ...top(byFunction, 12),
  ].join('\n');
}

const dir = process.argv[2] ?? 'bench/results/tmp/profile';
for (const name of readdirSync(dir).filter((n) => n.endsWith('.cpuprofile')).sort()) {
  console.log(`#### ${name}\n\n${summarize(join(dir, name))}\n`);
}
