import { SUPPORTED_LANGUAGES } from '../../core/languages.js';

const NAMES = new Intl.DisplayNames('en', { type: 'language', fallback: 'code' });

/** A language code in English words: `de` → German, `zh-Hant` → Traditional Chinese, `und` → Unknown language. */
export function languageName(code: string): string {
  return NAMES.of(code) ?? code;
}

/** The languages a person can choose on the form, by name. */
export const LANGUAGE_CHOICES = SUPPORTED_LANGUAGES.map((code) => ({ code, name: languageName(code) })).sort((a, b) => a.name.localeCompare(b.name, 'en'));
