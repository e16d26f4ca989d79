import { once } from 'node:events';
import { Router, type Response } from 'express';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { findCrawlPageLengths, findDistinctiveWords, type PageDistinctiveWords } from '../../db/analysis-reads.js';
import type { Database } from '../../db/database.js';
import { findResultSummary, type ResultSummary } from '../../db/result-reads.js';
import { summariseText } from '../analysis/text-summary.js';
import { parseKey } from '../request-params.js';
import { csvLines, sendCsv, type CsvRow } from './csv.js';
import { parseQuery, wholeNumberParameter } from './query-schema.js';
import { completedOrAnswered } from './unfinished-answer.js';

// How many of a crawl's longest and of its shortest pages the summary names.
const PAGES_NAMED = 5;
const MAX_DISTINCTIVE_LIMIT = 200;

/** The query of GET /results/:key/distinctive. */
export const DISTINCTIVE_QUERY = z.object({
  offset: wholeNumberParameter('offset', 0, Number.MAX_SAFE_INTEGER, 0).describe('pages to skip, in the crawl\'s order'),
  limit: wholeNumberParameter('limit', 1, MAX_DISTINCTIVE_LIMIT, 50).describe('how many pages'),
});

/** A result's summary, and a crawl's pages with their most distinctive words. */
export function createSummaryRoutes(db: Database): Router {
  const router = Router();

  router.get('/results/:key/summary', async (req, res) => {
    const key = parseKey(req.params.key);
    const result = await completedOrAnswered(db, res, key, await findResultSummary(db, key));
    if (result) res.json(await presentSummary(db, result));
  });

  router.get('/results/:key/summary.csv', async (req, res) => {
    const key = parseKey(req.params.key);
    const result = await completedOrAnswered(db, res, key, await findResultSummary(db, key));
    if (result) sendCsv(res, `${key}-summary`, ['field', 'value'], summaryRows(await presentSummary(db, result)));
  });

  router.get('/results/:key/distinctive', async (req, res) => {
    const key = parseKey(req.params.key);
    const { offset, limit } = parseQuery(DISTINCTIVE_QUERY, req.query);
    if (!(await completedCrawl(db, res, key))) return;
    const { pages, total } = await findDistinctiveWords(db, key, offset, limit);
    res.json({ pages, total, offset, limit });
  });

  // Every page's words, read and sent a batch at a time: a large crawl has thousands of pages.
  router.get('/results/:key/distinctive.csv', async (req, res) => {
    const key = parseKey(req.params.key);
    if (!(await completedCrawl(db, res, key))) return;
    res.attachment(`wordcrawler-${key}-distinctive.csv`).type('text/csv; charset=utf-8');
    res.write(csvLines([], ['url', 'key', 'rank', 'word', 'score']));
    for (let offset = 0; ; offset += MAX_DISTINCTIVE_LIMIT) {
      const { pages } = await findDistinctiveWords(db, key, offset, MAX_DISTINCTIVE_LIMIT);
      if (pages.length > 0 && !res.write(csvLines(pages.flatMap(distinctiveRows)))) await once(res, 'drain');
      if (pages.length < MAX_DISTINCTIVE_LIMIT) break;
    }
    res.end();
  });

  return router;
}

async function presentSummary(db: Database, result: ResultSummary) {
  return {
    key: result.key,
    kind: result.kind,
    ...summariseText(result),
    language: result.language,
    content_used: result.contentUsed,
    ...(result.kind === 'crawl' ? { pages: await findCrawlPageLengths(db, result.key, PAGES_NAMED) } : {}),
  };
}

/** A completed crawl's row; a page is 404 (as for its /pages), an unfinished crawl answered as GET /results/:key is. */
async function completedCrawl(db: Database, res: Response, key: string): Promise<ResultSummary | undefined> {
  const result = await findResultSummary(db, key);
  if (result?.kind === 'page') {
    throw new AppError('not_found', `result ${key} is a single page, not a site crawl: distinctive words compare the pages of a crawl with each other`);
  }
  return completedOrAnswered(db, res, key, result);
}

/** The summary as `field,value` rows: the named pages as `longest_1_url`, `longest_1_words` and so on. */
function summaryRows({ pages, ...fields }: Awaited<ReturnType<typeof presentSummary>>): CsvRow[] {
  const rows: CsvRow[] = Object.entries(fields).map(([field, value]) => [field, value]);
  if (!pages) return rows;
  rows.push(['pages_counted', pages.counted]);
  for (const list of ['longest', 'shortest'] as const) {
    pages[list].forEach((page, at) => rows.push([`${list}_${at + 1}_url`, page.url], [`${list}_${at + 1}_key`, page.key], [`${list}_${at + 1}_words`, page.words]));
  }
  return rows;
}

function distinctiveRows(page: PageDistinctiveWords): CsvRow[] {
  return page.words.map(([word, score], at) => [page.url, page.key, at + 1, word, score]);
}
