import { describe, expect, it } from 'vitest';
import { MAX_PIECE_LENGTH, hasUnspacedLetter, splitUnspacedRuns } from '../../src/text/unspaced-runs.js';

function pieces(text: string): Array<[kind: 'spaced' | 'unspaced', text: string]> {
  const found: Array<['spaced' | 'unspaced', string]> = [];
  splitUnspacedRuns(text, (spaced) => found.push(['spaced', spaced]), (piece) => found.push(['unspaced', piece]));
  return found;
}

describe('hasUnspacedLetter', () => {
  it('finds Han, kana, Thai, and the prolonged sound mark, but not Latin, Cyrillic, Arabic or Korean', () => {
    expect(['中', 'か', 'カ', 'ไ', 'ー'].map(hasUnspacedLetter)).toEqual([true, true, true, true, true]);
    expect(hasUnspacedLetter('café Москва العربية 한국어 。')).toBe(false);
  });
});

describe('splitUnspacedRuns', () => {
  it('hands over the text in order, with punctuation inside a run and the other scripts outside', () => {
    expect(pieces('Linux的内核。很好 3D')).toEqual([['spaced', 'Linux'], ['unspaced', '的内核。很好'], ['spaced', ' 3D']]);
  });

  it('cuts a long run after its last sentence end within the limit', () => {
    const sentence = `${'中'.repeat(99)}。`;
    const found = pieces(sentence.repeat(30));
    const unspaced = found.filter(([kind]) => kind === 'unspaced').map(([, text]) => text);
    expect(unspaced.length).toBeGreaterThan(2);
    expect(unspaced.every((text) => text.length <= MAX_PIECE_LENGTH)).toBe(true);
    expect(unspaced.slice(0, -1).every((text) => text.endsWith('。'))).toBe(true);
    expect(found.map(([, text]) => text).join('')).toBe(sentence.repeat(30));
  });

  it('cuts after a space or comma when no sentence ends within the limit', () => {
    const phrase = `${'中'.repeat(99)}，`;
    const unspaced = pieces(phrase.repeat(30)).filter(([kind]) => kind === 'unspaced').map(([, text]) => text);
    expect(unspaced.length).toBeGreaterThan(2);
    expect(unspaced.slice(0, -1).every((text) => text.endsWith('，'))).toBe(true);
  });

  it('cuts a run with no punctuation at the limit, before a combining mark rather than after its letter', () => {
    const run = `${'中'.repeat(MAX_PIECE_LENGTH - 1)}中\u0301${'中'.repeat(10)}`;
    const [first] = pieces(run);
    expect(first).toEqual(['unspaced', '中'.repeat(MAX_PIECE_LENGTH - 1)]);
  });
});
