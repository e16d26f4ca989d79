import { sql, type SQL } from 'drizzle-orm';
import type { CrawlStop } from '../core/crawl.js';
import { MAX_PHRASES_KEPT, MAX_TOP_LIMIT, PROGRESS } from '../core/results.js';
import { writeDistinctiveWords } from './distinctive-words.js';
import type { Database } from './database.js';

type Executor = Pick<Database, 'execute'>;

type SummedColumn = 'result_all' | 'result_no_stop_words' | 'two_word_phrases' | 'three_word_phrases';

/**
 * The counted pages' lists of one column, summed by word (or phrase) into a new list, most frequent
 * first, in the shape of a page's: `[word, count]` pairs, at most `kept` of them in `list`. A word is
 * the same across pages by its lower case (each page has already folded its own spellings), shown in
 * the spelling counted most often. Ties are ordered by code point (`collate "C"`), as a page's are
 * (src/text/count-words.ts).
 */
function summedList(crawlKey: string, column: SummedColumn, kept?: number): SQL {
  return sql`(
    with entries as (
      select entry->>0 as spelling, (entry->>1)::int as count
      from crawl_pages page
      join results counted on counted.key = page.page_key
      cross join json_array_elements(counted.${sql.raw(column)}) as entry
      where page.crawl_key = ${crawlKey} and page.status = 'completed'
    ), spellings as (
      select spelling, sum(count) as count from entries group by spelling
    ), words as (
      -- lower() once a spelling (22,000 in the 300-page bench crawl) rather than once an entry (157,000): half the time.
      select lower(spelling) as word, sum(count)::int as count, (array_agg(spelling order by count desc, spelling collate "C"))[1] as spelling
      from spellings group by 1
    ), ranked as (
      select spelling, count, row_number() over (order by count desc, word collate "C") as rank from words
    )
    select json_build_object(
      'list', coalesce(json_agg(json_build_array(spelling, count) order by rank)${kept === undefined ? sql`` : sql` filter (where rank <= ${kept})`}, '[]'::json),
      'top', coalesce(json_agg(json_build_array(spelling, count) order by rank) filter (where rank <= ${MAX_TOP_LIMIT}), '[]'::json),
      'unique', count(*)
    ) from ranked
  )`;
}

/**
 * Completes a crawl: its results row gets the counted pages' counts, phrases and sentences summed
 * (each page's stop words were removed in its own language), computed here in Postgres from the
 * stored page counts, so a page is counted once however often its job ran. The crawl's language is
 * its pages' most common. Its own row keeps no counted text: its pages keep theirs. Each counted
 * page gets its distinctive words (distinctive-words.ts).
 */
export async function combineCrawlCounts(tx: Executor, crawlKey: string, stopped: CrawlStop): Promise<void> {
  // Materialized: inlined, each of the five references to summed.* below ran its list's sum again
  // (3.7 s instead of 1.5 s for the 300-page bench crawl, whose pages list 157,000 words in all).
  await tx.execute(sql`
    with summed as materialized (
      select ${summedList(crawlKey, 'result_all')} as all_words, ${summedList(crawlKey, 'result_no_stop_words')} as content_words,
        ${summedList(crawlKey, 'two_word_phrases', MAX_PHRASES_KEPT)} as two_words,
        ${summedList(crawlKey, 'three_word_phrases', MAX_PHRASES_KEPT)} as three_words
    ), pages as (
      select counted.language, counted.stop_words, counted.content_used, counted.total_words, counted.sentence_count
      from crawl_pages page join results counted on counted.key = page.page_key
      where page.crawl_key = ${crawlKey} and page.status = 'completed'
    ), choices as (
      select
        (select language from pages group by language order by count(*) desc, language limit 1) as language,
        (select case when count(distinct stop_words) > 1 then 'per_page' else min(stop_words) end from pages) as stop_words,
        (select case when bool_and(content_used = 'main') then 'main' else 'page' end from pages) as content_used,
        (select coalesce(sum(total_words), 0) from pages)::int as total_words,
        (select sum(sentence_count) from pages)::int as sentence_count
    )
    update results set
      status = 'completed',
      progress = ${PROGRESS.done},
      result_all = summed.all_words->'list',
      top_all = summed.all_words->'top',
      result_no_stop_words = summed.content_words->'list',
      top_no_stop_words = summed.content_words->'top',
      unique_words = (summed.all_words->>'unique')::int,
      total_words = choices.total_words,
      sentence_count = choices.sentence_count,
      two_word_phrases = summed.two_words->'list',
      three_word_phrases = summed.three_words->'list',
      language = choices.language,
      stop_words = choices.stop_words,
      content_used = coalesce(choices.content_used, results.content),
      error = null,
      error_code = null,
      finished_at = now()
    from summed, choices
    where results.key = ${crawlKey}`);
  await writeDistinctiveWords(tx, crawlKey);
  await tx.execute(sql`update crawls set stopped = ${stopped} where key = ${crawlKey}`);
}
