// Writes src/text/chinese-data.json: the characters that tell Simplified from Traditional Chinese, and
// stopwords-iso's Chinese (Simplified) stop words converted to Traditional. Run after upgrading
// opencc-js or stopwords-iso: `npx tsx scripts/build-chinese-data.ts`.
// Generated rather than converted at run time so that opencc-js (several MB of dictionaries) stays a
// dev dependency and no counting thread loads it.
import { writeFileSync } from 'node:fs';
import OpenCC from 'opencc-js';
import simplifiedToTraditional from 'opencc-js/dict/STCharacters';
import traditionalToSimplified from 'opencc-js/dict/TSCharacters';
import stopwords from 'stopwords-iso/stopwords-iso.json' with { type: 'json' };

const OUTPUT = new URL('../src/text/chinese-data.json', import.meta.url);
/** CJK Unified Ideographs, where nearly all running text is; the extensions would only grow the file. */
const COMMON_HAN = /^[\u4e00-\u9fff]$/u;

/** OpenCC's character table `a b c|…`: each character with the forms it converts to. */
function parseTable(table: string): Map<string, string[]> {
  const entries = table.split('|').map((entry) => entry.split(' '));
  return new Map(entries.map(([from, ...to]) => [from!, to]));
}

/** Characters that convert to something else and are never themselves a form of the other script. */
function onlyInOneScript(forward: Map<string, string[]>, backward: Map<string, string[]>): string {
  const otherScript = new Set([...backward.keys(), ...[...forward.values()].flat()]);
  const only = [...forward]
    .filter(([from, to]) => COMMON_HAN.test(from) && !to.includes(from) && !otherScript.has(from))
    .map(([from]) => from);
  return only.sort().join('');
}

/** Taiwan, Hong Kong and OpenCC's standard Traditional forms, since pages use all three. */
function traditionalStopWords(simplified: readonly string[]): string[] {
  const converters = (['tw', 'hk', 't'] as const).map((to) => OpenCC.Converter({ from: 'cn', to }));
  const words = new Set(simplified.flatMap((word) => converters.map((convert) => convert(word))));
  return [...words].sort();
}

const st = parseTable(simplifiedToTraditional);
const ts = parseTable(traditionalToSimplified);
const data = {
  generatedBy: 'scripts/build-chinese-data.ts from opencc-js STCharacters/TSCharacters and stopwords-iso zh',
  simplifiedOnly: onlyInOneScript(st, ts),
  traditionalOnly: onlyInOneScript(ts, st),
  traditionalStopWords: traditionalStopWords(stopwords.zh),
};
writeFileSync(OUTPUT, `${JSON.stringify(data, null, 1)}\n`);
console.log(`simplified-only ${data.simplifiedOnly.length}, traditional-only ${data.traditionalOnly.length}, stop words ${data.traditionalStopWords.length}`);
