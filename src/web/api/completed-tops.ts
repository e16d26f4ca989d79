import { LRUCache } from 'lru-cache';
import type { WordCount } from '../../core/results.js';
import type { Database } from '../../db/database.js';
import { findResultTop, type ResultSummary } from '../../db/result-reads.js';

// A completed result never changes, so its top list can be served from memory. Bounded by size,
// since the web process is small: a 100-word list is about 11 KB in V8's heap, but 100 words of 51,000
// letters are 10 MB, and lru-cache silently skips an entry larger than the whole cache, so such a list
// used to be read from Postgres on every request. Each entry may take half of the cache. 4 MB holds
// the lists of the last 350 or so results read, the ones pollers and pages ask for again; at 24 MB the
// cache alone pushed the web process past 140 MB RSS under a client benchmark (issue 14).
const CACHE_BYTES = 4 * 1024 * 1024;
// What one [word, count] pair parsed from JSON costs in the heap besides its word's characters: the
// pair array, its elements and the string header (measured with --expose-gc on 200,000 pairs: 95 bytes).
const PAIR_BYTES = 96;

export type TopLookup = { status: 'completed'; top: WordCount[] } | { status: 'unfinished'; result: ResultSummary } | undefined;

/** Reads a result's top list, from memory once it is completed. */
export function createTopReader(db: Database): (key: string, includeStopWords: boolean) => Promise<TopLookup> {
  const cache = new LRUCache<string, WordCount[]>({
    maxSize: CACHE_BYTES,
    maxEntrySize: CACHE_BYTES / 2,
    sizeCalculation: (top) => 64 + top.reduce((bytes, [word]) => bytes + PAIR_BYTES + word.length * 2, 0),
  });
  return async (key, includeStopWords) => {
    const cacheKey = `${key}:${includeStopWords ? 'all' : 'no-stop'}`;
    const cached = cache.get(cacheKey);
    if (cached) return { status: 'completed', top: cached };
    const row = await findResultTop(db, key, includeStopWords);
    if (!row) return undefined;
    if (row.status !== 'completed') return { status: 'unfinished', result: row };
    const top = row.top ?? [];
    cache.set(cacheKey, top);
    return { status: 'completed', top };
  };
}
