import { describe, expect, it } from 'vitest';
import { MAX_WORD_JOINS, MAX_WORD_PART, tokenize } from '../../src/text/tokenize.js';

describe('tokenize', () => {
  it('keeps accented and non-Latin words whole', () => {
    expect(tokenize('café naïve déjà-vu Ελληνικά Москва')).toEqual(['café', 'naïve', 'déjà-vu', 'Ελληνικά', 'Москва']);
  });

  it('keeps inner hyphens and apostrophes', () => {
    expect(tokenize("web-dev don't O'Brien")).toEqual(['web-dev', "don't", "O'Brien"]);
  });

  it('keeps a typographic apostrophe inside one token', () => {
    expect(tokenize('don’t stop')).toEqual(['don’t', 'stop']);
  });

  it('drops numbers, including decimals and thousands', () => {
    expect(tokenize('42 apples cost 5.50 or 1,000')).toEqual(['apples', 'cost', 'or']);
  });

  it('drops punctuation and does not attach a sentence-final period', () => {
    expect(tokenize('Hello, world. Really?! (yes) — "quoted" ...')).toEqual(['Hello', 'world', 'Really', 'yes', 'quoted']);
  });

  it('does not keep leading, trailing or doubled joiners', () => {
    expect(tokenize("'quoted' trailing- a--b")).toEqual(['quoted', 'trailing', 'a', 'b']);
  });

  it('keeps tokens that mix letters and digits', () => {
    expect(tokenize('abc123 123abc mp3')).toEqual(['abc123', '123abc', 'mp3']);
  });

  it('normalizes decomposed Unicode to the composed form', () => {
    const decomposed = 'cafe\u0301';
    const [token, ...rest] = tokenize(decomposed);
    expect(rest).toEqual([]);
    expect(token).toBe('caf\u00e9');
    expect(token).toHaveLength(4);
  });

  it('returns an empty array for empty or word-less text', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize('  ... 123 !!! ')).toEqual([]);
  });

  it('splits on any whitespace', () => {
    expect(tokenize('one\ttwo\nthree\u00a0four')).toEqual(['one', 'two', 'three', 'four']);
  });
});

describe('tokenize: runs no person reads as a word', () => {
  it('survives one letter followed by 5 million combining marks, which once overflowed the stack', () => {
    expect(tokenize(`before a${'\u0301'.repeat(5_000_000)} after`)).toEqual(['before', 'after']);
  });

  it(`keeps a run of ${MAX_WORD_PART} characters and drops a longer one whole, not in pieces`, () => {
    const longest = 'x'.repeat(MAX_WORD_PART);
    expect(tokenize(`a ${longest} b ${longest}y c`)).toEqual(['a', longest, 'b', 'c']);
  });

  it(`keeps ${MAX_WORD_JOINS} joins and drops a word with more`, () => {
    const joined = Array.from({ length: MAX_WORD_JOINS + 1 }, () => 'ab').join('-');
    expect(tokenize(`${joined} then ${joined}-ab end`)).toEqual([joined, 'then', 'end']);
  });

  it('counts the bounds in characters, not code units, in text with characters outside the Basic Multilingual Plane', () => {
    const longest = '𝐀'.repeat(MAX_WORD_PART);
    const joined = Array.from({ length: MAX_WORD_JOINS + 1 }, () => '𝐀b').join('-');
    expect(tokenize(`a ${longest} b ${longest}𝐀 c 😀 ${joined} d ${joined}-ab e`)).toEqual(['a', longest, 'b', 'c', joined, 'd', 'e']);
  });

  it('splits 5 MB of hyphen-joined letters in linear time', () => {
    expect(tokenize(`${'a-'.repeat(2_500_000)} end`)).toEqual(['end']);
  });
});

describe('tokenize: scripts written without spaces', () => {
  it('splits Chinese into words, simplified and traditional', () => {
    expect(tokenize('我喜欢学习中文。今天天气很好！')).toEqual(['我', '喜欢', '学习', '中文', '今天', '天气', '很好']);
    expect(tokenize('我喜歡學習中文')).toEqual(['我', '喜歡', '學習', '中文']);
  });

  it('splits Japanese kanji and kana, keeping the prolonged sound mark inside its word', () => {
    expect(tokenize('日本語のテキストを分割します。コンピューター')).toEqual(['日本語', 'の', 'テキスト', 'を', '分割', 'し', 'ます', 'コンピューター']);
  });

  it('splits Thai, Lao and Khmer into words', () => {
    expect(tokenize('ภาษาไทยเป็นภาษาที่สวยงาม')).toEqual(['ภาษา', 'ไทย', 'เป็น', 'ภาษา', 'ที่', 'สวยงาม']);
    expect(tokenize('ພາສາລາວ ສະບາຍດີ')).toEqual(['ພາສາ', 'ລາວ', 'ສະບາຍດີ']);
    expect(tokenize('ភាសាខ្មែរ សួស្តី')).toEqual(['ភាសាខ្មែរ', 'សួស្តី']);
  });

  it('keeps English words whole inside Japanese and Chinese text, in order', () => {
    expect(tokenize('Debianのパッケージ管理システムはapt-getです。')).toEqual(['Debian', 'の', 'パッケージ', '管理', 'システム', 'は', 'apt-get', 'です']);
    expect(tokenize("我喜欢 don't 中文")).toEqual(['我', '喜欢', "don't", '中文']);
  });

  it('drops numbers between Chinese words but keeps a word of letters and digits after them', () => {
    expect(tokenize('2023年 第3章 中文 3D')).toEqual(['年', '第', '章', '中文', '3D']);
  });
});

describe('tokenize: joiners inside words', () => {
  it('keeps Catalan l·l whole, and the one-letter ŀ form', () => {
    expect(tokenize('La instal·lació i la col·lecció, instaŀlació')).toEqual(['La', 'instal·lació', 'i', 'la', 'col·lecció', 'instaŀlació']);
  });

  it('keeps a middle dot used as a separator apart from the words', () => {
    expect(tokenize('Home · About ·top')).toEqual(['Home', 'About', 'top']);
  });

  it('joins Persian words across the zero-width non-joiner', () => {
    expect(tokenize('این کتاب‌ها خوانده می‌شود')).toEqual(['این', 'کتاب‌ها', 'خوانده', 'می‌شود']);
  });

  it('keeps Arabic words with their vowel marks, and Russian words', () => {
    expect(tokenize('اللغة العربية جميلة، مَرْحَبًا!')).toEqual(['اللغة', 'العربية', 'جميلة', 'مَرْحَبًا']);
    expect(tokenize('Москва — столица России, ёлка.')).toEqual(['Москва', 'столица', 'России', 'ёлка']);
  });
});

describe('tokenize: elision by the page language', () => {
  it('splits a leading French clitic, keeping its apostrophe', () => {
    expect(tokenize("L'homme d'un qu'il jusqu’à l’installation", 'fr')).toEqual(["L'", 'homme', "d'", 'un', "qu'", 'il', 'jusqu’', 'à', 'l’', 'installation']);
  });

  it("keeps French words whose apostrophe is no elision: aujourd'hui, prud'homme, presqu'île", () => {
    expect(tokenize("aujourd'hui prud'homme presqu'île d'aujourd'hui", 'fr')).toEqual(["aujourd'hui", "prud'homme", "presqu'île", "d'", "aujourd'hui"]);
  });

  it('splits Italian and Catalan clitics, and reads a regional language tag', () => {
    expect(tokenize("dell'anno all'inizio nell'acqua un'altra c'è", 'it')).toEqual(["dell'", 'anno', "all'", 'inizio', "nell'", 'acqua', "un'", 'altra', "c'", 'è']);
    expect(tokenize("l'home d'un s'ha n'hi", 'ca-ES')).toEqual(["l'", 'home', "d'", 'un', "s'", 'ha', "n'", 'hi']);
  });

  it('changes nothing in English or without a language', () => {
    expect(tokenize("don't O'Brien l'homme", 'en')).toEqual(["don't", "O'Brien", "l'homme"]);
    expect(tokenize("l'homme")).toEqual(["l'homme"]);
  });

  it('splits elisions in the spaced text of a page that also has Chinese', () => {
    expect(tokenize("l'homme 中文", 'fr')).toEqual(["l'", 'homme', '中文']);
  });
});

describe('tokenize: unspaced runs no person writes', () => {
  // Each case is about 1 MB of UTF-8; a segmenter fed the run whole would take minutes on Node 20.
  it('splits a 1 MB run of one Han character into one word per character', () => {
    const words = tokenize('的'.repeat(350_000));
    expect(words).toHaveLength(350_000);
    expect(new Set(words)).toEqual(new Set(['的']));
  });

  it('splits a 1 MB run of kana without punctuation into the same pairs throughout', () => {
    const words = tokenize('あ'.repeat(350_000));
    expect(words).toHaveLength(175_000);
    expect(new Set(words)).toEqual(new Set(['ああ']));
  });

  it('never cuts a character outside the Basic Multilingual Plane in half', () => {
    const words = tokenize('𠀀'.repeat(200_000));
    expect(words.join('')).toBe('𠀀'.repeat(200_000));
    expect(words.every((word) => /^(?:𠀀)+$/u.test(word))).toBe(true);
  });

  it('drops a Han character followed by 5 million combining marks, and keeps the words around it', () => {
    expect(tokenize(`前 的${'\u0301'.repeat(5_000_000)} 后`)).toEqual(['前', '后']);
  });
});
