import chineseData from './chinese-data.json' with { type: 'json' };

let variants: { simplified: ReadonlySet<string>; traditional: ReadonlySet<string> } | undefined;

/**
 * Simplified or Traditional, by which script's own characters the sample has more of (这/這, 们/們),
 * from OpenCC's tables (scripts/build-chinese-data.ts). Most characters are shared, so a text with
 * none of either is left to the caller.
 */
export function chineseVariant(sample: string): 'zh-Hans' | 'zh-Hant' | undefined {
  variants ??= {
    simplified: new Set(chineseData.simplifiedOnly),
    traditional: new Set(chineseData.traditionalOnly),
  };
  let simplified = 0;
  let traditional = 0;
  for (const character of sample) {
    if (variants.simplified.has(character)) simplified++;
    else if (variants.traditional.has(character)) traditional++;
  }
  if (simplified === traditional) return undefined;
  return simplified > traditional ? 'zh-Hans' : 'zh-Hant';
}
