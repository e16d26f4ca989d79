/** franc's ISO 639-3 codes for the languages it can tell apart that have a stop-word list. */
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
