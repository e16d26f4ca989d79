import { AppError, type ErrorCode } from '../../core/errors.js';
import { findCrawlPageLengths, findDistinctiveWords, findResultPhrases, findResultText } from '../../db/analysis-reads.js';
import type { Database } from '../../db/database.js';
import type { ResultSummary } from '../../db/result-reads.js';
import { findResultContexts } from '../analysis/result-contexts.js';
import { compareResults, DEFAULT_MIN_COUNT } from '../analysis/result-comparison.js';
import { summariseText } from '../analysis/text-summary.js';
import { displayWord } from './display-word.js';

// The page shows the first few of each view; its CSV and JSON links have the rest.
const PHRASES_SHOWN = 10;
const CONTEXTS_SHOWN = 25;
const CONTEXT_WIDTH = 5;
const DISTINCTIVE_PAGES_SHOWN = 10;
const KEY_WORDS_SHOWN = 10;
const PAGES_NAMED = 5;
const MAX_WORD_LENGTH = 200;
/** The failures that come of what was typed into the page's forms; anything else is the error page's. */
const TYPED_MISTAKES = new Set<ErrorCode>(['invalid_request', 'not_found', 'not_counted', 'text_unavailable']);
const RESULT_KEY = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/**
 * What a completed result's page shows below its top words: the summary, the phrases, and, when asked
 * by the page's own forms (`?word=`, `?compare=`), a word's contexts and a comparison with another
 * result. A mistake in what was typed is shown in its section; the rest of the page still renders.
 */
export async function presentAnalysis(
  db: Database, result: ResultSummary, query: Record<string, unknown>, { includeStopWords, textRetentionDays }: { includeStopWords: boolean; textRetentionDays: number },
) {
  const key = result.key;
  const crawl = result.kind === 'crawl';
  const [two, three, pages, distinctive] = await Promise.all([
    findResultPhrases(db, key, 2),
    findResultPhrases(db, key, 3),
    crawl ? findCrawlPageLengths(db, key, PAGES_NAMED) : undefined,
    crawl ? findDistinctiveWords(db, key, 0, DISTINCTIVE_PAGES_SHOWN) : undefined,
  ]);
  const word = typedText(query.word);
  const other = typedText(query.compare);
  return {
    summary: summariseText(result),
    pages,
    phrases: { two: shownPhrases(two?.phrases), three: shownPhrases(three?.phrases) },
    distinctive,
    word,
    contexts: word === undefined ? undefined : await shownOrError(() => contextsOf(db, key, word, textRetentionDays)),
    compareWith: other,
    comparison: other === undefined ? undefined : await shownOrError(() => comparisonWith(db, key, other, includeStopWords)),
  };
}

function typedText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function shownPhrases(phrases: ReadonlyArray<[string, number]> | null | undefined) {
  return (phrases ?? []).slice(0, PHRASES_SHOWN).map(([phrase, count]) => [displayWord(phrase), count] as const);
}

async function contextsOf(db: Database, key: string, word: string, textRetentionDays: number) {
  if (word.length > MAX_WORD_LENGTH || /\s/.test(word)) throw new AppError('invalid_request', `Type one word, without spaces, of at most ${MAX_WORD_LENGTH} characters.`);
  const result = await findResultText(db, key);
  return findResultContexts(db, result!, { word, width: CONTEXT_WIDTH, limit: CONTEXTS_SHOWN }, textRetentionDays);
}

/** The other result by its key, or by any address that holds one (its page, its JSON). */
async function comparisonWith(db: Database, key: string, typed: string, includeStopWords: boolean) {
  const otherKey = RESULT_KEY.exec(typed)?.[0];
  if (!otherKey) throw new AppError('invalid_request', 'Paste the address of another result (it ends in its key, such as /r/0b5f…) or the key itself.');
  const { a, b, keyness } = await compareResults(db, key, otherKey, { includeStopWords, minCount: DEFAULT_MIN_COUNT });
  const shown = <T>(list: T[]) => list.slice(0, KEY_WORDS_SHOWN);
  return {
    a, b, minCount: DEFAULT_MIN_COUNT,
    overused: shown(keyness.overused), underused: shown(keyness.underused),
    onlyInA: shown(keyness.only_in_a), onlyInB: shown(keyness.only_in_b),
  };
}

/** A view's answer, or the message of what went wrong with what was typed (`b: no result…` reads as the other result). */
async function shownOrError<T>(view: () => Promise<T>): Promise<{ shown: T } | { error: string }> {
  try {
    return { shown: await view() };
  } catch (error) {
    if (!(error instanceof AppError && TYPED_MISTAKES.has(error.code))) throw error;
    return { error: error.message.replace(/^b: /, 'The other result: ') };
  }
}
