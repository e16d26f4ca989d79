interface ElisionRules {
  /** What comes before the apostrophe of an elided word, lower-cased: `l` of `l'homme`. */
  clitics: ReadonlySet<string>;
  /** Whole words, lower-cased with an ASCII apostrophe, that keep their apostrophe inside. */
  exceptions: ReadonlySet<string>;
}

/**
 * The languages that write an elided article, preposition or pronoun joined to the next word.
 * Only a leading clitic is split; Catalan's trailing ones (`dóna'm`) stay with their verb.
 */
const RULES_BY_LANGUAGE: Readonly<Record<string, ElisionRules>> = {
  fr: rules(
    ['l', 'd', 'j', 'm', 'n', 's', 't', 'c', 'ç', 'qu', 'jusqu', 'lorsqu', 'puisqu', 'quoiqu', 'presqu', 'quelqu'],
    ["aujourd'hui", "prud'homme", "prud'hommes", "prud'homal", "presqu'île", "presqu'îles", "quelqu'un", "quelqu'une"],
  ),
  it: rules(
    ['l', 'un', 'dell', 'all', 'dall', 'nell', 'sull', 'coll', 'pell', 'quell', 'quest', 'bell', 'sant', 'nessun',
      'buon', 'tutt', 'mezz', 'd', 'c', 'm', 't', 's', 'v', 'n', 'com', 'dov', 'cos', 'quand'],
    [],
  ),
  ca: rules(['l', 'd', 's', 'n', 'm', 't'], []),
};

const APOSTROPHE = /['’]/;
/** A word whose apostrophe comes later than this has no clitic to look up. */
const MAX_CLITIC_LENGTH = Math.max(...Object.values(RULES_BY_LANGUAGE).flatMap(({ clitics }) => [...clitics].map((c) => c.length)));

/**
 * Splits a leading elided clitic off each word, in French, Italian and Catalan: `l'homme` → `l'`, `homme`;
 * `dell’anno` → `dell’`, `anno`. The clitic keeps the page's apostrophe. Other languages' words
 * (`don't`, `O'Brien`) are returned as they are.
 */
export function splitElisions(words: string[], language: string | undefined): string[] {
  const rules = rulesFor(language);
  if (rules === undefined) return words;
  const split: string[] = [];
  for (const word of words) {
    const at = elisionEnd(word, rules);
    if (at === 0) split.push(word);
    else split.push(word.slice(0, at), word.slice(at));
  }
  return split;
}

/** Where the clitic of an elided word ends (after its apostrophe), or 0 when the word is not one. */
function elisionEnd(word: string, rules: ElisionRules): number {
  const apostrophe = word.search(APOSTROPHE);
  if (apostrophe < 1 || apostrophe > MAX_CLITIC_LENGTH) return 0;
  if (!rules.clitics.has(word.slice(0, apostrophe).toLowerCase())) return 0;
  if (rules.exceptions.has(word.toLowerCase().replaceAll('’', "'"))) return 0;
  return apostrophe + 1;
}

/** The clitics splitElisions parts from a word of `language`, with their apostrophe (`l'`), as counted. */
export function elidedClitics(language: string): string[] {
  return [...(rulesFor(language)?.clitics ?? [])].map((clitic) => `${clitic}'`);
}

/** `fr`, `fr-CA` and `FR` are all French. */
function rulesFor(language: string | undefined): ElisionRules | undefined {
  if (language === undefined) return undefined;
  const primary = language.split('-', 1)[0]!.toLowerCase();
  return Object.hasOwn(RULES_BY_LANGUAGE, primary) ? RULES_BY_LANGUAGE[primary] : undefined;
}

function rules(clitics: string[], exceptions: string[]): ElisionRules {
  return { clitics: new Set(clitics), exceptions: new Set(exceptions) };
}
