import { describe, expect, it } from 'vitest';
import { segmentWords } from '../../src/text/segment-words.js';

describe('segmentWords', () => {
  it('appends the word-like segments, dropping punctuation and spaces', () => {
    const words = ['before'];
    segmentWords('中文，日本語。 ไทย', words);
    expect(words).toEqual(['before', '中文', '日本語', 'ไทย']);
  });

  it('splits Myanmar text into syllable words', () => {
    const words: string[] = [];
    segmentWords('မြန်မာ စာ', words);
    expect(words).toEqual(['မြန်မာ', 'စာ']);
  });
});
