import type { CallbackEvent } from '../core/callbacks.js';
import type { WordCount } from '../core/results.js';
import type { CallbackSource } from '../db/callback-deliveries.js';

/** How many of the most frequent words (stop words left out) a callback carries; the rest are a request away. */
export const CALLBACK_TOP_WORDS = 10;

export interface CallbackPayload {
  event: CallbackEvent;
  key: string;
  kind: string;
  url: string;
  final_url: string | null;
  status: string;
  total_words: number | null;
  unique_words: number | null;
  top: WordCount[];
  error: string | null;
  code: string | null;
  results_url: string;
  status_url: string;
  crawl_key: string | null;
  finished_at: string | null;
}

/**
 * What a callback says about its result. The links are the API's own paths (web/urls.ts), made absolute
 * with PUBLIC_URL when the operator set it: a worker cannot know the address the web is reached by.
 */
export function callbackPayload(result: CallbackSource, publicUrl = ''): CallbackPayload {
  return {
    event: result.status === 'completed' ? 'result.completed' : 'result.failed',
    key: result.key,
    kind: result.kind,
    url: result.url,
    final_url: result.finalUrl,
    status: result.status,
    total_words: result.totalWords,
    unique_words: result.uniqueWords,
    top: (result.topNoStopWords ?? []).slice(0, CALLBACK_TOP_WORDS),
    error: result.error,
    code: result.errorCode,
    results_url: `${publicUrl}/results/${result.key}`,
    status_url: `${publicUrl}/status/${result.key}`,
    crawl_key: result.crawlKey,
    finished_at: result.finishedAt?.toISOString() ?? null,
  };
}
