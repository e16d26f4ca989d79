import { describe, expect, it } from 'vitest';
import { foldCase } from '../../src/core/word-key.js';

describe('foldCase', () => {
  it('folds German sharp s and capital sharp s to ss', () => {
    expect(foldCase('Straße')).toBe('strasse');
    expect(foldCase('STRASSE')).toBe('strasse');
    expect(foldCase('GROẞ')).toBe('gross');
  });

  it('folds final sigma to sigma', () => {
    expect(foldCase('ΣΟΦΟΣ')).toBe(foldCase('σοφος'));
    expect(foldCase('σοφος')).toBe('σοφοσ');
  });

  it('folds ligatures and Greek iota subscripts', () => {
    expect(foldCase('ﬁnd')).toBe('find');
    expect(foldCase('ᾼ')).toBe('αι');
  });

  it('composes letters that folding decomposed, so both spellings meet', () => {
    expect(foldCase('ΐ')).toBe(foldCase('Ϊ́'));
  });

  it('keeps Turkish dotless ı apart from i, as Unicode folding does', () => {
    expect(foldCase('ışık')).toBe('ışık');
    expect(foldCase('IŞIK')).toBe('işik');
  });

  it('folds Cyrillic and leaves caseless scripts as they are', () => {
    expect(foldCase('ЁЛКА')).toBe('ёлка');
    expect(foldCase('中文')).toBe('中文');
  });
});
