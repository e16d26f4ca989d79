import { eq, sql, type SQL } from 'drizzle-orm';
import { PROGRESS } from '../core/results.js';
import { countedTextParam } from './result-writes.js';
import { lockCrawl, rowsOf, settle, type CrawlLimits, type CrawlProgress, type Transaction } from './crawl-settle.js';
import { keepFound, maxFound, type FoundPage, type PageOutcome } from './crawl-writes.js';
import type { Database } from './database.js';
import { crawls } from './schema.js';

/** A page of a crawl that ended (its key is its result's), how, and the links it found. */
export interface FinishedPage {
  pageKey: string;
  outcome: PageOutcome;
  found: FoundPage[];
}

/**
 * Records how pages of one crawl ended, keeps the links they found, and moves the crawl on, in one
 * transaction that holds the crawl's row: transactions finishing pages at once take turns, so
 * exactly one sees the crawl complete. The pages are taken in order, as if each had a transaction of
 * its own: a counted page whose text an earlier counted page already had, in this call or before, is
 * skipped as a duplicate instead; a page no longer the crawl's to finish (its job ran twice, the crawl
 * stopped) changes nothing. A handful of statements whatever the number of pages: the row lock and
 * the commit are what every page of the crawl waits on.
 */
export async function finishCrawlPages(db: Database, crawlKey: string, pages: readonly FinishedPage[], limits: CrawlLimits): Promise<CrawlProgress> {
  return db.transaction(async (tx) => {
    const crawl = await lockCrawl(tx, crawlKey);
    if (crawl === undefined) return { enqueue: [], completed: false };
    const ended = await settleOutcomes(tx, crawlKey, pages);
    await writeOutcomes(tx, crawlKey, ended);
    // A canonical duplicate still offers its canonical URL to the crawl; a page found a duplicate by its text does not.
    const found = ended.filter(({ page, outcome }) => outcome.status === 'completed' || (outcome.status === 'skipped' && page.outcome.status === 'skipped'));
    await keepFound(tx, crawlKey, found.flatMap(({ page }) => page.found), maxFound(crawl.options));
    for (const { outcome } of ended) {
      if (outcome.status === 'completed' && outcome.scopeUrl !== undefined) await tx.update(crawls).set({ scopeUrl: outcome.scopeUrl }).where(eq(crawls.key, crawlKey));
    }
    return settle(tx, crawlKey, limits, crawl);
  });
}

interface Ended {
  page: FinishedPage;
  /** What the page ended as: a counted page may turn out a duplicate. */
  outcome: PageOutcome;
}

/** The pages that are still the crawl's to finish, each once, with what they end as. */
async function settleOutcomes(tx: Transaction, crawlKey: string, pages: readonly FinishedPage[]): Promise<Ended[]> {
  const keys = pages.map((page) => page.pageKey);
  const hashes = pages.flatMap(({ outcome }) => (outcome.status === 'completed' ? [outcome.textHash] : []));
  const sameText = hashes.length > 0 ? sql` or (status = 'completed' and text_hash in ${hashes})` : sql``;
  const rows = rowsOf<{ page_key: string | null; status: string; text_hash: string | null; url: string }>(await tx.execute(sql`
    select page_key, status, text_hash, url from crawl_pages
    where crawl_key = ${crawlKey} and (page_key in ${keys}${sameText})`));
  const unfinished = new Set(rows.filter((row) => row.status === 'queued' || row.status === 'active').map((row) => row.page_key));
  const counted = new Map(rows.filter((row) => row.status === 'completed' && row.text_hash !== null).map((row) => [row.text_hash!, row.url]));
  const urls = new Map(rows.map((row) => [row.page_key, row.url]));
  const ended: Ended[] = [];
  for (const page of pages) {
    if (!unfinished.delete(page.pageKey)) continue;
    let outcome = page.outcome;
    if (outcome.status === 'completed') {
      const earlier = counted.get(outcome.textHash);
      if (earlier !== undefined) outcome = { status: 'skipped', code: 'duplicate', error: `the same text as ${earlier}` };
      else counted.set(outcome.textHash, urls.get(page.pageKey)!);
    }
    ended.push({ page, outcome });
  }
  return ended;
}

/**
 * One statement for all the pages: their rows in crawl_pages; a counted page's result gets its counts
 * (the columns of result-writes.ts's completedColumns), a failed one's its failure, and a skipped
 * page's is removed (a page the crawl did not count has no result of its own).
 */
async function writeOutcomes(tx: Transaction, crawlKey: string, ended: readonly Ended[]): Promise<void> {
  if (ended.length === 0) return;
  const values = sql.join(ended.map(({ page, outcome }) => outcomeRow(page.pageKey, outcome)), sql`, `);
  await tx.execute(sql`
    with outcome (page_key, status, code, error, final_url, final_canonical_url, total_words, text_hash,
                  result_all, result_no_stop_words, top_all, top_no_stop_words, unique_words, language, stop_words, content_used,
                  sentence_count, two_word_phrases, three_word_phrases, counted_text) as (
      values ${values}
    ), pages as (
      update crawl_pages set
        status = outcome.status::crawl_page_status,
        code = coalesce(outcome.code, crawl_pages.code),
        error = coalesce(outcome.error, crawl_pages.error),
        page_key = case when outcome.status = 'skipped' then null else crawl_pages.page_key end,
        final_url = coalesce(outcome.final_url, crawl_pages.final_url),
        final_canonical_url = coalesce(outcome.final_canonical_url, crawl_pages.final_canonical_url),
        total_words = coalesce(outcome.total_words, crawl_pages.total_words),
        text_hash = coalesce(outcome.text_hash, crawl_pages.text_hash)
      from outcome
      where crawl_pages.crawl_key = ${crawlKey} and crawl_pages.page_key = outcome.page_key and crawl_pages.status in ('queued', 'active')
    ), counted as (
      update results set
        status = 'completed', progress = ${PROGRESS.done}, final_url = outcome.final_url,
        result_all = outcome.result_all, result_no_stop_words = outcome.result_no_stop_words,
        top_all = outcome.top_all, top_no_stop_words = outcome.top_no_stop_words,
        total_words = outcome.total_words, unique_words = outcome.unique_words,
        language = outcome.language, stop_words = outcome.stop_words, content_used = outcome.content_used,
        sentence_count = outcome.sentence_count, two_word_phrases = outcome.two_word_phrases,
        three_word_phrases = outcome.three_word_phrases, counted_text = outcome.counted_text,
        error = null, error_code = null, finished_at = now()
      from outcome
      where results.key = outcome.page_key and outcome.status = 'completed'
    ), failed as (
      update results set status = 'failed', error = outcome.error, error_code = outcome.code, finished_at = now()
      from outcome
      where results.key = outcome.page_key and outcome.status = 'failed'
    )
    delete from results using outcome where results.key = outcome.page_key and outcome.status = 'skipped'`);
}

/** A page's outcome as a row of the statement above; every value typed, as a VALUES list takes its types from the first row. */
function outcomeRow(pageKey: string, outcome: PageOutcome): SQL {
  if (outcome.status === 'completed') {
    const { counts } = outcome;
    return sql`(${pageKey}::uuid, 'completed', null::text, null::text, ${outcome.finalUrl}::text, ${outcome.finalCanonicalUrl}::text, ${counts.totalWords}::int, ${outcome.textHash}::text,
      ${counts.allJson}::json, ${counts.noStopWordsJson}::json, ${counts.topAllJson}::json, ${counts.topNoStopWordsJson}::json,
      ${counts.uniqueWords}::int, ${counts.language}::text, ${counts.stopWords}::text, ${counts.contentUsed}::text,
      ${counts.sentenceCount}::int, ${counts.twoWordPhrasesJson}::json, ${counts.threeWordPhrasesJson}::json, ${countedTextParam(counts.countedText)}::bytea)`;
  }
  const [code, error] = outcome.status === 'failed' ? [outcome.failure.code, outcome.failure.message] : [outcome.code, outcome.error];
  return sql`(${pageKey}::uuid, ${outcome.status}, ${code}::text, ${error}::text, null::text, null::text, null::int, null::text,
    null::json, null::json, null::json, null::json, null::int, null::text, null::text, null::text,
    null::int, null::json, null::json, null::bytea)`;
}
