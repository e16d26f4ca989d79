import { sql } from 'drizzle-orm';
import type { Database } from './database.js';

/** How many distinctive words each page of a crawl keeps. */
export const DISTINCTIVE_WORDS_KEPT = 10;

/**
 * Gives each counted page of a crawl its most distinctive words, `[word, score]`, by TF-IDF across
 * the crawl's counted pages, from each page's words without stop words: tf is the word's count over
 * the page's total of that list, idf is ln(N / df), N the counted pages and df those having the word
 * (the same word by its lower case, as the crawl's sums take it). The score is rounded to four
 * significant digits. A word on every page scores 0 and is no distinctive word, so a crawl of one
 * page gives its page an empty list: with nothing to compare against, no word stands out.
 */
export async function writeDistinctiveWords(tx: Pick<Database, 'execute'>, crawlKey: string): Promise<void> {
  await tx.execute(sql`
    with counted as (
      select page_key from crawl_pages where crawl_key = ${crawlKey} and status = 'completed'
    ), entries as (
      select counted.page_key, entry->>0 as spelling, (entry->>1)::float8 as count
      from counted
      join results page on page.key = counted.page_key
      cross join json_array_elements(page.result_no_stop_words) as entry
    ), totals as (
      select page_key, sum(count) as total from entries group by page_key
    ), spellings as (
      -- lower() once a spelling rather than once an entry, as the crawl's sums do (crawl-counts.ts).
      select spelling, lower(spelling) as word, count(*) as pages from entries group by spelling
    ), frequency as (
      -- A page spells each word one way, so its spellings' pages add up to the pages having the word.
      select word, sum(pages) as pages from spellings group by word
    ), scored as (
      select entries.page_key, entries.spelling, spellings.word,
        entries.count / totals.total * ln((select count(*) from counted)::float8 / frequency.pages) as score
      from entries join totals using (page_key) join spellings using (spelling) join frequency using (word)
    ), ranked as (
      select page_key, spelling, score, row_number() over (partition by page_key order by score desc, word collate "C") as rank
      from scored where score > 0
    ), lists as (
      select page_key, json_agg(json_build_array(spelling, round(score::numeric, 3 - floor(log(score::numeric))::int)::float8) order by rank) as words
      from ranked where rank <= ${DISTINCTIVE_WORDS_KEPT} group by page_key
    )
    update crawl_pages set distinctive_words = coalesce(lists.words, '[]'::json)
    from counted left join lists using (page_key)
    where crawl_pages.crawl_key = ${crawlKey} and crawl_pages.page_key = counted.page_key`);
}
