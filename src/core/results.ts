/**
 * The names a result goes by, defined once: the database stores the status and progress, the API
 * reports them with the stage, and the page (views/, public/app.js) draws the stages from this list.
 */

/** Where a result's row stands: the `result_status` enum in Postgres. */
export const RESULT_STATUSES = ['queued', 'active', 'completed', 'failed'] as const;
export type ResultStatus = (typeof RESULT_STATUSES)[number];

/** Rows a worker has still to finish; partial indexes and the requeue sweep look for these. */
export const UNFINISHED_STATUSES = ['queued', 'active'] as const satisfies readonly ResultStatus[];

/**
 * The steps a reader sees, in order, each with the progress stored when it begins and the words the
 * page shows for it. A failed result leaves the list at its `failed` stage.
 */
export const STAGES = [
  { name: 'queued', progress: 0, label: 'Queued' },
  { name: 'fetching', progress: 10, label: 'Fetching the page' },
  { name: 'counting', progress: 60, label: 'Counting words' },
  { name: 'done', progress: 100, label: 'Done' },
] as const;
export type StageName = (typeof STAGES)[number]['name'];
export type Stage = StageName | 'failed';

/** The progress stored when each stage begins. */
export const PROGRESS = Object.fromEntries(STAGES.map((stage) => [stage.name, stage.progress])) as Record<StageName, number>;

/** Where a result stands, in the words the page shows: queued → fetching → counting → done (or failed). */
export function stageOf(result: { status: ResultStatus; progress: number }): Stage {
  if (result.status === 'completed') return 'done';
  if (result.status === 'active') return result.progress >= PROGRESS.counting ? 'counting' : 'fetching';
  return result.status;
}

/** The stages of a result a worker has still to finish, during which the page keeps polling. */
export const PENDING_STAGES: readonly Stage[] = STAGES.filter((stage) => stage.name !== 'done').map((stage) => stage.name);

export function isPending(stage: Stage): boolean {
  return PENDING_STAGES.includes(stage);
}

/** A result counts one page, or a whole site crawl (its pages' counts summed). */
export const RESULT_KINDS = ['page', 'crawl'] as const;
export type ResultKind = (typeof RESULT_KINDS)[number];

/** A word and how often it occurs, as the API and the database carry it. */
export type WordCount = [word: string, count: number];

/** The longest top list a reader can ask for; the `top_*` columns hold this many entries. */
export const MAX_TOP_LIMIT = 100;

/** How many phrases of each length a result keeps: enough that a crawl's sum misses few of its pages' phrases. */
export const MAX_PHRASES_KEPT = 1_000;

/** What to count: all the page's visible text, or only its main content (the article). */
export const CONTENT_MODES = ['page', 'main'] as const;
export type ContentMode = (typeof CONTENT_MODES)[number];

/** What a submission asks of the counting; kept on the row, so the job itself carries only the key. */
export interface CountingRequest {
  content: ContentMode;
  /** A language named at submission, which replaces detection; otherwise the page's text decides. */
  language?: string;
}

/** How a page was counted, reported beside its counts. */
export interface CountingChoices {
  /** The language counted in: the one asked for, or the one detected (`und` when undetermined). */
  language: string;
  /** Whose stop-word list was removed (a language code), or `none`. */
  stopWords: string;
  /** `main` only when main content was asked for and found; otherwise the whole page was counted. */
  contentUsed: ContentMode;
}

/** Whether the language a result was counted in was asked for or detected; null before it was recorded. */
export function languageSource(result: { language: string | null; requestedLanguage: string | null }): 'requested' | 'detected' | null {
  if (result.language === null) return null;
  return result.requestedLanguage ? 'requested' : 'detected';
}

/** Word counts as the results row stores them: every list already JSON, ready for its json column. */
export interface StoredCounts extends CountingChoices {
  allJson: string;
  noStopWordsJson: string;
  topAllJson: string;
  topNoStopWordsJson: string;
  totalWords: number;
  uniqueWords: number;
  /** Null only for rows written without sentences (tests' fixtures); a counted page always has them. */
  sentenceCount: number | null;
  twoWordPhrasesJson: string | null;
  threeWordPhrasesJson: string | null;
  /** The counted text, Brotli-compressed UTF-8 (stored-counts.ts); null when it is not kept (COUNTED_TEXT_RETENTION_DAYS=0). */
  countedText: Uint8Array | null;
}
