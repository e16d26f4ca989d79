// A "word" is whatever the tokenizer kept, which can be tens of thousands of letters on a hostile
// page: 100 of them made one result page 5 MB of HTML. The page shows at most this many characters;
// the downloads keep every word whole.
export const MAX_DISPLAYED_WORD = 60;

/** A word cut to MAX_DISPLAYED_WORD code points, ending in an ellipsis when it was cut. */
export function displayWord(word: string): string {
  if (word.length <= MAX_DISPLAYED_WORD) return word;
  const points = Array.from(word.slice(0, MAX_DISPLAYED_WORD * 2));
  return points.length <= MAX_DISPLAYED_WORD ? points.join('') : `${points.slice(0, MAX_DISPLAYED_WORD - 1).join('')}…`;
}
