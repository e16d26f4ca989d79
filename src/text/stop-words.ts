import stopwords from 'natural/lib/natural/util/stopwords.js';
import stopwordsIso from 'stopwords-iso/stopwords-iso.json' with { type: 'json' };
import chineseData from './chinese-data.json' with { type: 'json' };
import { wordKey } from '../core/word-key.js';
import { elidedClitics } from './elision.js';
import { normaliseLanguageTag } from '../core/languages.js';

export interface StopWordList {
  /** The language whose list it is, or 'none' */
  list: string;
  words: ReadonlySet<string>;
}

/**
 * natural's list plus the function words it lacks. stopwords-iso's English list (1,298 words) was
 * not used: it removes content words such as `system`, `use`, `free` and `work`.
 */
const ENGLISH_ADDITIONS = [
  // pronouns and determiners
  'us', 'hers', 'herself', 'yourselves', 'whose', 'every', 'either', 'neither', 'none', 'nor', 'not', 'no',
  // auxiliaries and modals
  'will', 'shall', 'may', 'having', 'ought', 'isn\'t', 'aren\'t', 'wasn\'t', 'weren\'t', 'don\'t', 'doesn\'t',
  'didn\'t', 'hasn\'t', 'haven\'t', 'hadn\'t', 'won\'t', 'wouldn\'t', 'can\'t', 'couldn\'t', 'shouldn\'t',
  'mustn\'t', 'shan\'t', 'needn\'t', 'i\'m', 'i\'ve', 'i\'ll', 'i\'d', 'you\'re', 'you\'ve', 'you\'ll', 'you\'d',
  'he\'s', 'he\'ll', 'he\'d', 'she\'s', 'she\'ll', 'she\'d', 'it\'s', 'it\'ll', 'we\'re', 'we\'ve', 'we\'ll',
  'we\'d', 'they\'re', 'they\'ve', 'they\'ll', 'they\'d', 'that\'s', 'there\'s', 'here\'s', 'what\'s',
  'who\'s', 'where\'s', 'how\'s', 'let\'s',
  // prepositions, conjunctions and adverbs of degree and linking
  'against', 'along', 'among', 'around', 'across', 'behind', 'beneath', 'beside', 'besides', 'beyond',
  'down', 'off', 'onto', 'toward', 'towards', 'upon', 'within', 'without', 'throughout', 'despite',
  'except', 'yet', 'though', 'although', 'unless', 'whether', 'whereas', 'just', 'even', 'ever', 'thus',
  'hence', 'therefore', 'however', 'rather', 'quite', 'almost', 'already', 'really', 'once',
];

/**
 * Elided clitics that carry meaning, which splitElisions parts from their word but which are no stop
 * words: the adjectives `bell'`, `buon'`, `sant'`, `mezz'`, and `cos'`, left out of the first list too.
 */
const MEANINGFUL_CLITICS = new Set(["bell'", "buon'", "sant'", "mezz'", "cos'"]);

/**
 * Elided articles, pronouns and prepositions, which splitElisions (elision.ts) parts from the word they
 * precede (`l'homme` → `l'`, `homme`); stopwords-iso lists them only inside whole words.
 */
function elisions(language: string): string[] {
  return elidedClitics(language).filter((clitic) => !MEANINGFUL_CLITICS.has(clitic));
}

const SOURCES: Readonly<Record<string, () => readonly string[]>> = {
  ...Object.fromEntries(
    Object.entries(stopwordsIso as Record<string, string[]>)
      .filter(([language]) => language !== 'en' && language !== 'zh')
      .map(([language, words]) => [language, () => [...words, ...elisions(language)]]),
  ),
  en: () => [...stopwords.words, ...ENGLISH_ADDITIONS],
  'zh-Hans': () => (stopwordsIso as Record<string, string[]>).zh!,
  'zh-Hant': () => chineseData.traditionalStopWords,
};


const NO_STOP_WORDS: StopWordList = { list: 'none', words: new Set() };
const built = new Map<string, StopWordList>();

/**
 * The stop words of a language (`de`, `zh-Hant`, `en-GB`), folded as counted words are.
 *
 * `und` (too little text to tell) gets English: that is what every page had before detection, and
 * most such text is English navigation. A language we have no list for gets none rather than
 * English, whose words it does not use.
 */
export function stopWordsFor(language: string): StopWordList {
  const code = language === 'und' ? 'en' : normaliseLanguageTag(language);
  if (code === undefined || !(code in SOURCES)) return NO_STOP_WORDS;
  let list = built.get(code);
  if (list === undefined) {
    // Built on first use: a counting thread that only ever sees English pages folds one list, not 57.
    list = { list: code, words: new Set(SOURCES[code]!().map(wordKey)) };
    built.set(code, list);
  }
  return list;
}

/** The English list; kept for callers written before detection. */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = stopWordsFor('en').words;
