/**
 * What makes two spellings the same word, for counting (src/text/) and for finding a word again in
 * a result (src/web/): one definition, so a word's contexts are exactly the occurrences it was counted from.
 */
const NON_ASCII = /[^\0-\x7f]/;

/**
 * Folds case fully (`Straße` = `STRASSE`, `ς` = `σ`), the typographic apostrophe and hyphen
 * (`Don’t` = `don't`) and Catalan's one-letter `ŀ` (`instaŀlació` = `instal·lació`).
 * Most words are ASCII, for which lower-casing is the whole of it.
 */
export function wordKey(word: string): string {
  const lower = word.toLowerCase();
  if (!NON_ASCII.test(lower)) return lower;
  return foldCase(lower).replaceAll('’', "'").replaceAll('‐', '-').replaceAll('ŀ', 'l·');
}

/**
 * Full Unicode case folding (CaseFolding.txt, statuses C and F): `Straße`, `STRASSE` and `strasse`
 * fold alike, as do `ΣΟΦΟΣ` and `σοφος`, and `ﬁnd` and `FIND`.
 *
 * JavaScript has no case-folding call, but upper-casing applies the full special mappings
 * (`ß` → `SS`, `ﬁ` → `FI`, `ᾳ` → `ΑΙ`, `ϐ` → `Β`) and lower-casing then brings each back to its
 * folded letter. Checked against Python's `str.casefold` over every code point: the results agree
 * except where noted below, and for Cherokee, which folds to upper case (same word either way).
 */
export function foldCase(word: string): string {
  // Dotless ı upper-cases to I, which lower-cases to i: folding keeps ı apart, as Turkish does.
  if (word.includes('ı')) return word.split('ı').map(foldWithoutDotlessI).join('ı');
  return foldWithoutDotlessI(word);
}

function foldWithoutDotlessI(word: string): string {
  return (
    word
      .toUpperCase()
      .toLowerCase()
      // Lower-casing chooses final ς at the end of a word; folding has one sigma.
      .replaceAll('ς', 'σ')
      // Capital ẞ upper-cases to itself and lower-cases to ß.
      .replaceAll('ß', 'ss')
      // Upper-casing decomposes some letters (ΐ → Ϊ́), so compose again to compare equal.
      .normalize('NFC')
  );
}
