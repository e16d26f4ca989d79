/**
 * The languages a page can be counted in with its own stop words: what a submission may name, and
 * what detection reports (src/text/detect-language.ts). Codes are ISO 639-1, and Chinese is told
 * apart by script (`zh-Hans` Simplified, `zh-Hant` Traditional), since the two write their stop
 * words differently. `und` (undetermined) is the answer when the text does not tell.
 */
export const SUPPORTED_LANGUAGES = [
  'af', 'ar', 'bg', 'bn', 'br', 'ca', 'cs', 'da', 'de', 'el', 'en', 'eo', 'es', 'et', 'eu', 'fa', 'fi', 'fr',
  'ga', 'gl', 'gu', 'ha', 'he', 'hi', 'hr', 'hu', 'hy', 'id', 'it', 'ja', 'ko', 'ku', 'la', 'lt', 'lv', 'mr',
  'ms', 'nl', 'no', 'pl', 'pt', 'ro', 'ru', 'sk', 'sl', 'so', 'st', 'sv', 'sw', 'th', 'tl', 'tr', 'uk', 'ur',
  'vi', 'yo', 'zh-Hans', 'zh-Hant', 'zu',
] as const;

/**
 * ISO 639-3 codes (franc's answers, and what some pages declare) of the languages with a stop-word
 * list, by their ISO 639-1 code.
 */
export const ISO_639_1_OF_FRANC: Readonly<Record<string, string>> = {
  afr: 'af', arb: 'ar', bul: 'bg', cat: 'ca', ces: 'cs', dan: 'da', deu: 'de', eng: 'en', epo: 'eo',
  ekk: 'et', fin: 'fi', fra: 'fr', glg: 'gl', hau: 'ha', heb: 'he', hin: 'hi', hrv: 'hr', hun: 'hu',
  ind: 'id', ita: 'it', lit: 'lt', lvs: 'lv', mar: 'mr', zlm: 'ms', nld: 'nl', nob: 'no', nno: 'no',
  pes: 'fa', pol: 'pl', por: 'pt', ron: 'ro', rus: 'ru', slk: 'sk', slv: 'sl', som: 'so', sot: 'st',
  spa: 'es', swe: 'sv', swh: 'sw', tgl: 'tl', tur: 'tr', ukr: 'uk', urd: 'ur', vie: 'vi', yor: 'yo', zul: 'zu',
};

const TRADITIONAL_SUBTAGS = new Set(['hant', 'tw', 'hk', 'mo']);
/** Bokmål and Nynorsk share one list; the rest are withdrawn codes that old pages still declare. */
const ALIASES: Readonly<Record<string, string>> = { nb: 'no', nn: 'no', iw: 'he', in: 'id', ji: 'yi', zsm: 'ms' };

/**
 * A language tag as this project names languages: `en-US` → `en`, `zh-TW` → `zh-Hant`, `zh` →
 * `zh-Hans`, `nb` → `no`, `deu` → `de`; undefined for anything that is not a language tag.
 */
export function normaliseLanguageTag(tag: string | undefined): string | undefined {
  const subtags = tag?.trim().toLowerCase().split(/[-_]/u);
  const primary = subtags?.[0];
  if (primary === undefined || !/^[a-z]{2,3}$/u.test(primary)) return undefined;
  if (primary === 'zh') return subtags!.some((subtag) => TRADITIONAL_SUBTAGS.has(subtag)) ? 'zh-Hant' : 'zh-Hans';
  const code = ALIASES[primary] ?? ISO_639_1_OF_FRANC[primary] ?? primary;
  return code.length === 2 ? code : undefined;
}

const SUPPORTED = new Set<string>(SUPPORTED_LANGUAGES);

/** The supported code a person means (`DE`, `de-AT`, `zh_hant`, `zh-TW`, `nb`, `deu`), or undefined. */
export function supportedLanguage(tag: string): string | undefined {
  const code = normaliseLanguageTag(tag);
  return code !== undefined && SUPPORTED.has(code) ? code : undefined;
}
