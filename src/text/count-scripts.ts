/** The writing systems told apart before any trigram model is consulted. */
export type Script =
  | 'Latin' | 'Cyrillic' | 'Arabic' | 'Devanagari' | 'Hebrew'
  | 'Han' | 'Kana' | 'Hangul'
  | 'Thai' | 'Greek' | 'Armenian' | 'Georgian' | 'Bengali' | 'Gujarati' | 'Gurmukhi' | 'Tamil' | 'Telugu'
  | 'Kannada' | 'Malayalam' | 'Sinhala' | 'Khmer' | 'Lao' | 'Myanmar' | 'Ethiopic' | 'Tibetan';

const PATTERNS: ReadonlyArray<readonly [Script, RegExp]> = [
  ['Latin', /\p{Script=Latin}/gu],
  ['Cyrillic', /\p{Script=Cyrillic}/gu],
  ['Arabic', /\p{Script=Arabic}/gu],
  ['Devanagari', /\p{Script=Devanagari}/gu],
  ['Hebrew', /\p{Script=Hebrew}/gu],
  ['Han', /\p{Script=Han}/gu],
  // The prolonged sound mark ー is Common, not Katakana, but only Japanese uses it.
  ['Kana', /[\p{Script=Hiragana}\p{Script=Katakana}ー]/gu],
  ['Hangul', /\p{Script=Hangul}/gu],
  ['Thai', /\p{Script=Thai}/gu],
  ['Greek', /\p{Script=Greek}/gu],
  ['Armenian', /\p{Script=Armenian}/gu],
  ['Georgian', /\p{Script=Georgian}/gu],
  ['Bengali', /\p{Script=Bengali}/gu],
  ['Gujarati', /\p{Script=Gujarati}/gu],
  ['Gurmukhi', /\p{Script=Gurmukhi}/gu],
  ['Tamil', /\p{Script=Tamil}/gu],
  ['Telugu', /\p{Script=Telugu}/gu],
  ['Kannada', /\p{Script=Kannada}/gu],
  ['Malayalam', /\p{Script=Malayalam}/gu],
  ['Sinhala', /\p{Script=Sinhala}/gu],
  ['Khmer', /\p{Script=Khmer}/gu],
  ['Lao', /\p{Script=Lao}/gu],
  ['Myanmar', /\p{Script=Myanmar}/gu],
  ['Ethiopic', /\p{Script=Ethiopic}/gu],
  ['Tibetan', /\p{Script=Tibetan}/gu],
];

/** How many characters of each script the sample has; scripts it lacks are absent. */
export function countScripts(sample: string): Map<Script, number> {
  const counts = new Map<Script, number>();
  for (const [script, pattern] of PATTERNS) {
    const count = sample.match(pattern)?.length ?? 0;
    if (count > 0) counts.set(script, count);
  }
  return counts;
}
