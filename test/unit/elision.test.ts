import { describe, expect, it } from 'vitest';
import { splitElisions } from '../../src/text/elision.js';

describe('splitElisions', () => {
  it('splits French clitics of one and several letters, in either apostrophe', () => {
    expect(splitElisions(["l'homme", 'd’un', "Qu'il", "lorsqu'on"], 'fr')).toEqual(["l'", 'homme', 'd’', 'un', "Qu'", 'il', "lorsqu'", 'on']);
  });

  it('keeps the listed French exceptions whole, in any case or apostrophe', () => {
    expect(splitElisions(["Aujourd'hui", 'presqu’île', "quelqu'un"], 'fr')).toEqual(["Aujourd'hui", 'presqu’île', "quelqu'un"]);
  });

  it('splits only a clitic of the page language', () => {
    expect(splitElisions(["dell'anno", "l'home"], 'fr')).toEqual(["dell'anno", "l'", 'home']);
    expect(splitElisions(["dell'anno"], 'it')).toEqual(["dell'", 'anno']);
  });

  it('returns the same words for other languages', () => {
    const words = ["don't", "O'Brien"];
    expect(splitElisions(words, 'en')).toBe(words);
    expect(splitElisions(words, undefined)).toBe(words);
    expect(splitElisions(words, 'und')).toBe(words);
  });

  it('leaves words without a clitic before their apostrophe', () => {
    expect(splitElisions(["entr'acte", 'homme', "homme's"], 'FR-ca')).toEqual(["entr'acte", 'homme', "homme's"]);
  });
});
