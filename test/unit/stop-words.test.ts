import { describe, expect, it } from 'vitest';
import { wordKey } from '../../src/core/word-key.js';
import { SUPPORTED_LANGUAGES } from '../../src/core/languages.js';
import { ENGLISH_STOP_WORDS, stopWordsFor } from '../../src/text/stop-words.js';

describe('stopWordsFor', () => {
  it('removes German function words from German pages', () => {
    const german = stopWordsFor('de');
    expect(german.list).toBe('de');
    for (const word of ['der', 'die', 'und', 'nicht', 'ist']) expect(german.words.has(word)).toBe(true);
    expect(german.words.has('paketverwaltung')).toBe(false);
  });

  it('keeps English content words that a long English list would remove', () => {
    const english = stopWordsFor('en').words;
    for (const word of ['system', 'use', 'free', 'work']) expect(english.has(word)).toBe(false);
  });

  it('removes the pronouns, auxiliaries and negations natural’s list lacks', () => {
    const english = stopWordsFor('en').words;
    for (const word of ['she', 'not', 'no', 'so', 'will', 'when', 'why', 'us', 'don\'t', 'it\'s']) {
      expect(english.has(word)).toBe(true);
    }
  });

  it('removes French, Italian and Catalan elisions as the tokenizer emits them', () => {
    for (const word of ['l\'', 'd\'', 'qu\'', 'jusqu\'', 'lorsqu\'']) expect(stopWordsFor('fr').words.has(word)).toBe(true);
    for (const word of ['dell\'', 'nell\'', 'un\'']) expect(stopWordsFor('it').words.has(word)).toBe(true);
    for (const word of ['l\'', 's\'', 'n\'']) expect(stopWordsFor('ca').words.has(word)).toBe(true);
  });

  it('removes the Traditional form of a Simplified Chinese stop word from Traditional pages', () => {
    // 这些 ("these") is in the Simplified list; 這些 is how Taiwan and Hong Kong write it.
    expect(stopWordsFor('zh-Hans').words.has('这些')).toBe(true);
    expect(stopWordsFor('zh-Hant').words.has('這些')).toBe(true);
    expect(stopWordsFor('zh-Hant').words.has('这些')).toBe(false);
    expect(stopWordsFor('zh-Hant').list).toBe('zh-Hant');
  });

  it('accepts region tags and the other Norwegian and Chinese names', () => {
    expect(stopWordsFor('de-AT').list).toBe('de');
    expect(stopWordsFor('nb').list).toBe('no');
    expect(stopWordsFor('zh-TW').list).toBe('zh-Hant');
    expect(stopWordsFor('zh').list).toBe('zh-Hans');
  });

  it('removes nothing for a language without a list, and English words when the language is unknown', () => {
    expect(stopWordsFor('ka')).toMatchObject({ list: 'none' });
    expect(stopWordsFor('ka').words.size).toBe(0);
    expect(stopWordsFor('not a language').list).toBe('none');
    expect(stopWordsFor('und').list).toBe('en');
  });

  it('folds keys as words are counted', () => {
    for (const language of SUPPORTED_LANGUAGES) {
      for (const word of stopWordsFor(language).words) expect(wordKey(word)).toBe(word);
    }
    // However a page spells it, the key it is counted under is the one in the list.
    for (const spelling of ['DERMASSEN', 'dermaßen', 'Dermaßen']) expect(stopWordsFor('de').words.has(wordKey(spelling))).toBe(true);
    expect(stopWordsFor('fr').words.has(wordKey('L’'))).toBe(true);
  });

  it('builds each list once', () => {
    expect(stopWordsFor('sv')).toBe(stopWordsFor('sv'));
  });

  it('offers every list it has, and only those', () => {
    expect(SUPPORTED_LANGUAGES).toContain('en');
    expect(SUPPORTED_LANGUAGES).toContain('zh-Hant');
    expect(SUPPORTED_LANGUAGES).not.toContain('zh');
    for (const language of SUPPORTED_LANGUAGES) expect(stopWordsFor(language).list).toBe(language);
    // stopwords-iso's 58 languages, with Chinese as two.
    expect(SUPPORTED_LANGUAGES.length).toBe(59);
  });

  it('keeps ENGLISH_STOP_WORDS as the English list', () => {
    expect(ENGLISH_STOP_WORDS).toBe(stopWordsFor('en').words);
  });
});
