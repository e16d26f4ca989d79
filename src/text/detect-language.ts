import { francAll } from 'franc';
import { chineseVariant } from './chinese-variant.js';
import { countScripts, type Script } from './count-scripts.js';
import { wordKey } from '../core/word-key.js';
import { languageSample } from './language-sample.js';
import { stopWordsFor } from './stop-words.js';
import { ISO_639_1_OF_FRANC, normaliseLanguageTag } from '../core/languages.js';

/** Below this many letters a trigram guess is noise; a script that settles the language needs fewer. */
const MIN_TRIGRAM_LETTERS = 20;
const MIN_SCRIPT_LETTERS = 3;
/**
 * A declared language this close to franc's best (whose score is 1) wins a piece. Scores bunch up as
 * the text grows, so a short text gets a wider margin: on 200-character samples 0.96 took accuracy
 * from 85 % to 90 % with correct labels and cost nothing with wrong ones; on pieces of long pages
 * 0.96 let a wrong label win 5 % of them, 0.99 under 2 %.
 */
const DECLARED_TIE_SCORE = 0.99;
const SHORT_TEXT_TIE_SCORE = 0.96;
const SHORT_TEXT = 512;
/**
 * On a short text the trigrams barely tell languages apart (`nothing but node, nothing but node`
 * scored Tagalog 1.00, Dutch 1.00, English 0.96), but its function words do: among the languages
 * scoring at least this close to the best, the one whose stop words the text uses most wins.
 */
const SHORT_TEXT_CANDIDATE_SCORE = 0.9;
const SHORT_TEXT_CANDIDATES = 8;
/** This many pieces from across the page voting alike end the vote (franc is most of detection's time). */
const UNANIMOUS_PIECES = 4;
/** How many languages, by stop words used, franc chooses among; fewer stop words than this in the sample tell nothing. */
const LIKELY_LANGUAGES = 6;
const MIN_STOP_WORD_EVIDENCE = 5;
/**
 * A sample using this many of one language's stop words, and this many times those of any other,
 * is in that language without asking franc: English prose against its nearest list, for one.
 * Close neighbours (Spanish and Galician, Danish and Norwegian) share too many to be settled this way.
 */
const CLEAR_STOP_WORDS = 20;
const CLEAR_STOP_WORD_LEAD = 2;
const GLANCE_PIECES = 8;
const GLANCE_SCRIPT_SHARE = 0.95;
/** Half the sample must show a wider lead than the whole: 2× let a Turkish manual's English commands win. */
const GLANCE_STOP_WORD_LEAD = 3;
/** One Han or kana character carries about as much text as three Latin letters, a Hangul block two. */
const SCRIPT_WEIGHT: Partial<Record<Script, number>> = { Han: 3, Kana: 3, Hangul: 2 };
/** Japanese text is rarely under a tenth kana; a Chinese page quoting a Japanese name is. */
const MIN_KANA_SHARE = 0.1;
const SHORT_HAN_TEXT = 50;
/** Languages with a stop-word list that franc has no model of: a page declaring one in Latin script is believed. */
const UNMODELLED_LATIN = new Set(['br', 'eu', 'ga', 'la']);

const TRIGRAM_LANGUAGES = ISO_639_1_OF_FRANC;
/** Malay (zlm) is left to a user's choice: franc took a fifth of our Indonesian pages for it, and the lists are alike. */
const FRANC_ONLY = Object.keys(TRIGRAM_LANGUAGES).filter((code) => code !== 'zlm');
/** Scripts that are one language's; in Latin, Cyrillic, Arabic, Devanagari and Hebrew franc chooses. */
const SCRIPT_LANGUAGE: Partial<Record<Script, string>> = {
  Thai: 'th', Greek: 'el', Armenian: 'hy', Georgian: 'ka', Bengali: 'bn', Gujarati: 'gu', Gurmukhi: 'pa',
  Tamil: 'ta', Telugu: 'te', Kannada: 'kn', Malayalam: 'ml', Sinhala: 'si', Khmer: 'km', Lao: 'lo',
  Myanmar: 'my', Ethiopic: 'am', Tibetan: 'bo',
};
const EAST_ASIAN = new Set<Script>(['Han', 'Kana', 'Hangul']);
const TRIGRAM_SCRIPTS = new Set<Script>(['Latin', 'Cyrillic', 'Arabic', 'Devanagari', 'Hebrew']);

/**
 * The language of a page's text: ISO 639-1 (`de`), `zh-Hans`/`zh-Hant`, or `und` when it cannot tell.
 *
 * The script settles most non-Latin languages outright; within Latin, Cyrillic, Arabic, Devanagari and
 * Hebrew, franc's trigrams choose among the languages we have stop words for. `declared` (the page's
 * `<html lang>`) only breaks near-ties and speaks for text too short to judge: pages that declare the
 * wrong language are common enough that trusting it first got them all wrong.
 */
export function detectLanguage(text: string, declared?: string): string {
  const hint = normaliseLanguageTag(declared);
  const clear = clearAtAGlance(text);
  if (clear !== undefined) return clear;
  const pieces = languageSample(text);
  const counts = countScripts(pieces.join(' '));
  const script = dominantScript(counts);
  if (script === undefined) return 'und';
  if (EAST_ASIAN.has(script)) return eastAsianLanguage(pieces.join(''), counts, hint);
  const letters = counts.get(script)!;
  const single = SCRIPT_LANGUAGE[script];
  if (single !== undefined) return letters >= MIN_SCRIPT_LETTERS ? single : 'und';
  if (script === 'Latin' && hint !== undefined && UNMODELLED_LATIN.has(hint)) return hint;
  if (letters < MIN_TRIGRAM_LETTERS) return hint !== undefined && scriptOf(hint) === script ? hint : 'und';
  return trigramLanguage(pieces.map((piece) => wordsIn(piece, script)), hint);
}

/**
 * Most long pages are settled by half the sample: in the words of its main script, one language's
 * stop words far ahead of any other's. Only in the scripts the trigram languages share; elsewhere the
 * script itself decides.
 */
function clearAtAGlance(text: string): string | undefined {
  const glance = languageSample(text, GLANCE_PIECES);
  if (glance.length < GLANCE_PIECES) return undefined;
  const counts = countScripts(glance.join(' '));
  const script = dominantScript(counts);
  if (script === undefined || !TRIGRAM_SCRIPTS.has(script)) return undefined;
  // A page in two scripts (a Russian manual's English commands) is left to the whole sample.
  let letters = 0;
  for (const count of counts.values()) letters += count;
  if (counts.get(script)! < letters * GLANCE_SCRIPT_SHARE) return undefined;
  return clearByStopWords(stopWordHits(glance.map((piece) => wordsIn(piece, script))), GLANCE_STOP_WORD_LEAD);
}

function dominantScript(counts: ReadonlyMap<Script, number>): Script | undefined {
  let east = 0;
  for (const script of EAST_ASIAN) east += (counts.get(script) ?? 0) * SCRIPT_WEIGHT[script]!;
  let best: Script | undefined;
  let bestWeight = 0;
  for (const [script, count] of counts) {
    const weight = EAST_ASIAN.has(script) ? east : count;
    if (weight > bestWeight) [best, bestWeight] = [script, weight];
  }
  return best;
}

function eastAsianLanguage(sample: string, counts: ReadonlyMap<Script, number>, hint: string | undefined): string {
  const han = counts.get('Han') ?? 0;
  const kana = counts.get('Kana') ?? 0;
  const hangul = counts.get('Hangul') ?? 0;
  if (han + kana + hangul < MIN_SCRIPT_LETTERS) return hint !== undefined && scriptOf(hint) === 'Han' ? hint : 'und';
  if (hangul > kana && hangul * 2 >= han) return 'ko';
  if (kana > 0 && kana >= (han + kana) * MIN_KANA_SHARE) return 'ja';
  // Kanji alone, as in a short Japanese heading, reads as Chinese; there the page's own word decides.
  if (hint === 'ja' && (kana > 0 || han < SHORT_HAN_TEXT)) return 'ja';
  return chineseVariant(sample) ?? (hint === 'zh-Hant' ? 'zh-Hant' : 'zh-Hans');
}

/**
 * Each piece votes, by its letters, for franc's best language: a German manual's English commands
 * outvote nothing when they fill a piece or two, where one profile of the whole sample leant English.
 */
function trigramLanguage(pieces: readonly string[], hint: string | undefined): string {
  const long = pieces.filter(isLongEnough);
  // Many scraps (a table of numbers with a word here and there) are judged together.
  const voters = spreadOrder(long.length > 0 ? long : [pieces.join(' ')]);
  const short = voters.length === 1 && voters[0]!.length < SHORT_TEXT;
  const { clear, only } = likelyLanguages(pieces, hint);
  if (clear !== undefined && !short) return clear;
  const tieScore = short ? SHORT_TEXT_TIE_SCORE : DECLARED_TIE_SCORE;
  const votes = new Map<string, number>();
  let unvoted = voters.reduce((letters, piece) => letters + piece.length, 0);
  let best = 'und';
  let bestVotes = 0;
  let agreeing = 0;
  for (const piece of voters) {
    const language = pieceLanguage(piece, { hint, tieScore, short, only });
    const count = (votes.get(language) ?? 0) + piece.length;
    votes.set(language, count);
    if (count > bestVotes) [best, bestVotes] = [language, count];
    unvoted -= piece.length;
    // A majority cannot be overturned; on a page in one language this skips nearly half the work.
    if (bestVotes > unvoted + secondVotes(votes, best)) break;
    // Pieces from across the page agreeing settle it: most pages are in one language throughout.
    if (votes.size === 1 && ++agreeing >= UNANIMOUS_PIECES) break;
  }
  // Only a tie of votes goes to the declared language: letting it win at three quarters of the
  // winner's votes put 4 % of wrongly labelled pages in the wrong language, a tie 1 %.
  if (hint !== undefined && votes.get(hint) === bestVotes) return hint;
  return best;
}

/**
 * The pieces in an order that covers the page early (first, middle, quarters, eighths…), so that the
 * first few voters already speak for all of it.
 */
function spreadOrder<T>(pieces: readonly T[]): T[] {
  const key = (index: number) => {
    let spread = 0;
    for (let bit = 1 / 2, rest = index; rest > 0; bit /= 2, rest >>= 1) if (rest & 1) spread += bit;
    return spread;
  };
  return pieces.map((piece, index) => ({ piece, key: key(index) })).sort((a, b) => a.key - b.key).map(({ piece }) => piece);
}

function secondVotes(votes: ReadonlyMap<string, number>, best: string): number {
  let second = 0;
  for (const [language, count] of votes) if (language !== best && count > second) second = count;
  return second;
}

/**
 * franc's candidates for this page: the languages whose stop words the sample uses most, with the
 * declared one. Comparing a piece with 46 trigram models cost 0.4 ms, about as much as the rest of the
 * page's counting; with a handful it is a fraction of that. A sample with too few stop words of any
 * language (a table of identifiers) keeps them all.
 */
function likelyLanguages(pieces: readonly string[], hint: string | undefined): { clear?: string; only: string[] } {
  const hits = stopWordHits(pieces);
  if (hits[0]!.count < MIN_STOP_WORD_EVIDENCE) return { only: FRANC_ONLY };
  const clear = clearByStopWords(hits);
  if (clear !== undefined) return { clear, only: [] };
  const likely = hits.slice(0, LIKELY_LANGUAGES).map(({ code }) => code);
  const hinted = FRANC_ONLY.filter((code) => TRIGRAM_LANGUAGES[code] === hint && !likely.includes(code));
  return { only: [...likely, ...hinted] };
}

/** How many of each candidate's stop words the pieces use, most first. */
function stopWordHits(pieces: readonly string[]): Array<{ code: string; count: number }> {
  const index = stopWordIndex();
  const counts = new Int32Array(FRANC_ONLY.length);
  for (const piece of pieces) {
    for (const word of piece.split(' ')) {
      const languages = index.get(wordKey(word));
      if (languages !== undefined) for (const language of languages) counts[language]! += 1;
    }
  }
  return FRANC_ONLY.map((code, language) => ({ code, count: counts[language]! })).sort((a, b) => b.count - a.count);
}

function clearByStopWords(hits: ReadonlyArray<{ code: string; count: number }>, lead = CLEAR_STOP_WORD_LEAD): string | undefined {
  const [first, second] = [hits[0]!, hits[1]!];
  return first.count >= CLEAR_STOP_WORDS && first.count >= second.count * lead ? TRIGRAM_LANGUAGES[first.code] : undefined;
}

let STOP_WORD_INDEX: Map<string, number[]> | undefined;

/**
 * Every candidate's stop words in one map, word → the candidates' places in FRANC_ONLY: one lookup a
 * word instead of one a list, and counts kept in an array.
 */
function stopWordIndex(): Map<string, number[]> {
  if (STOP_WORD_INDEX) return STOP_WORD_INDEX;
  STOP_WORD_INDEX = new Map();
  for (const [language, code] of FRANC_ONLY.entries()) {
    for (const word of stopWordsFor(TRIGRAM_LANGUAGES[code]!).words) {
      const languages = STOP_WORD_INDEX.get(word);
      if (languages) languages.push(language);
      else STOP_WORD_INDEX.set(word, [language]);
    }
  }
  return STOP_WORD_INDEX;
}

interface PieceJudging {
  hint: string | undefined;
  tieScore: number;
  short: boolean;
  only: string[];
}

function pieceLanguage(piece: string, { hint, tieScore, short, only }: PieceJudging): string {
  const scores = francAll(piece, { only, minLength: 1 });
  if (hint !== undefined && scores.some(([code, score]) => TRIGRAM_LANGUAGES[code] === hint && score >= tieScore)) {
    return hint;
  }
  const candidates = scores.filter(([, score]) => score >= SHORT_TEXT_CANDIDATE_SCORE).slice(0, SHORT_TEXT_CANDIDATES);
  if (short && candidates.length > 1) return mostStopWords(piece, candidates.map(([code]) => TRIGRAM_LANGUAGES[code]!));
  return TRIGRAM_LANGUAGES[scores[0]![0]] ?? 'und';
}

/** The language whose stop words the text uses most; a tie (none at all, say) goes to the first, franc's best. */
function mostStopWords(text: string, languages: readonly string[]): string {
  const words = text.split(/[^\p{L}\p{M}'’]+/u).filter(Boolean).map(wordKey);
  let best = languages[0]!;
  let bestHits = 0;
  for (const language of languages) {
    const { words: stopWords } = stopWordsFor(language);
    const hits = words.filter((word) => stopWords.has(word)).length;
    if (hits > bestHits) [best, bestHits] = [language, hits];
  }
  return best;
}

function isLongEnough(piece: string): boolean {
  return piece.length >= MIN_TRIGRAM_LETTERS;
}

/** Only the words of the page's main script: in a Russian manual the Latin commands are noise. */
function wordsIn(sample: string, script: Script): string {
  const pattern = (WORD_START_PATTERNS[script] ??= new RegExp(String.raw`^\p{Script=${script}}`, 'u'));
  return sample.split(' ').filter((word) => pattern.test(word)).join(' ');
}

/** The script a declared language is written in, for judging whether a short text could be in it. */
function scriptOf(language: string): Script | undefined {
  if (language === 'ja' || language.startsWith('zh') || language === 'ko') return 'Han';
  const francCode = FRANC_ONLY.find((code) => TRIGRAM_LANGUAGES[code] === language);
  return francCode === undefined ? undefined : FRANC_SCRIPT[francCode] ?? 'Latin';
}

const WORD_START_PATTERNS: Partial<Record<Script, RegExp>> = {};

const FRANC_SCRIPT: Readonly<Record<string, Script>> = {
  arb: 'Arabic', pes: 'Arabic', urd: 'Arabic', bul: 'Cyrillic', rus: 'Cyrillic', ukr: 'Cyrillic',
  hin: 'Devanagari', mar: 'Devanagari', heb: 'Hebrew',
};
