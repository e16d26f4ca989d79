/**
 * Silent reading of non-fiction by adults, in English: 238 words a minute (Brysbaert 2019, "How many
 * words do we read per minute? A review and meta-analysis of reading rate", Journal of Memory and
 * Language 109, 104047; 190 studies). Also the rate for a language no source below measures.
 */
export const ENGLISH_WORDS_PER_MINUTE = 238;

/**
 * Words a minute read aloud by native readers of the same ten texts translated into 17 languages
 * (IReST: Trauzettel-Klosinski, Dietz et al. 2012, "Standardized assessment of reading performance:
 * the New International Reading Speed Texts IReST", IOVS 53(9):5452-5461, table of mean speeds).
 * They read about as many texts a minute in every language, so these differ mostly by how many words
 * each language takes to say the same, which is how Brysbaert says other languages' rates follow from
 * English's. Being read aloud they are slower than silent reading, so only their ratio to English is used.
 */
const IREST_WORDS_PER_MINUTE: Readonly<Record<string, number>> = {
  ar: 138, zh: 158, nl: 202, en: 228, fi: 161, fr: 195, de: 179, he: 187, it: 188,
  ja: 193, pl: 166, pt: 181, ru: 184, sl: 180, es: 218, sv: 199, tr: 166,
};

/** The silent reading rate assumed for text in `language` (a code of core/languages.ts): English's, scaled by IReST where it measured the language. */
export function readingWordsPerMinute(language: string | null): number {
  const aloud = language === null ? undefined : IREST_WORDS_PER_MINUTE[language.split('-')[0]!];
  if (aloud === undefined) return ENGLISH_WORDS_PER_MINUTE;
  return Math.round((ENGLISH_WORDS_PER_MINUTE * aloud) / IREST_WORDS_PER_MINUTE.en!);
}

/** Minutes to read `words` words at `wordsPerMinute`, to a tenth. */
export function readingMinutes(words: number, wordsPerMinute: number): number {
  return Math.round((words / wordsPerMinute) * 10) / 10;
}
