import { once } from 'node:events';
import { Router, type Response } from 'express';
import * as z from 'zod';
import { parseRequest } from '../../core/parse-request.js';
import { AppError } from '../../core/errors.js';
import { findCrawlPageLengths, findDistinctiveWords, type PageDistinctiveWords } from '../../db/analysis-reads.js';
import type { Database } from '../../db/database.js';
import { findResultSummary, type ResultSummary } from '../../db/result-reads.js';
import { summariseText } from '../analysis/text-summary.js';
import { CONTENT_MODES, RESULT_KINDS } from '../../core/results.js';
import { errorResponses } from '../openapi/error-responses.js';
import type { Operation, ServedOperations } from '../openapi/operation.js';
import { KEY_PATH, parsePath, wholeNumber } from '../request-params.js';
import { csvDownload } from './answers.js';
import { csvLines, sendCsv, type CsvRow } from './csv.js';
import { completedOrAnswered, UNFINISHED_RESPONSES } from './unfinished-answer.js';

// How many of a crawl's longest and of its shortest pages the summary names.
const PAGES_NAMED = 5;
const MAX_DISTINCTIVE_LIMIT = 200;

/** The query of GET /results/:key/distinctive. */
export const DISTINCTIVE_QUERY = z.object({
  offset: wholeNumber('offset', 0, Number.MAX_SAFE_INTEGER).default(0).describe('pages to skip, in the crawl\'s order'),
  limit: wholeNumber('limit', 1, MAX_DISTINCTIVE_LIMIT).default(50).describe('how many pages'),
});

const PAGE_LENGTH = z.object({ url: z.string(), key: z.uuid(), words: z.int() });

const SUMMARY_ANSWER = z.object({
  key: z.uuid(),
  kind: z.enum(RESULT_KINDS),
  words: z.int().min(0),
  distinct_words: z.int().min(0),
  vocabulary_density: z.number().nullable().meta({ description: 'Distinct words over words, to 4 significant digits; null without words.' }),
  sentences: z.int().nullable().meta({ description: 'Null for a result counted before sentences were.' }),
  words_per_sentence: z.number().nullable(),
  reading_minutes: z.number().meta({ description: 'Words over `reading_words_per_minute`, to a tenth.' }),
  reading_words_per_minute: z.int().meta({ description: 'The silent reading rate assumed for the language (README, Views of a result).' }),
  language: z.string().nullable(),
  content_used: z.enum(CONTENT_MODES).nullable(),
  pages: z.object({ counted: z.int(), longest: z.array(PAGE_LENGTH), shortest: z.array(PAGE_LENGTH) }).optional()
    .meta({ description: 'A crawl\'s: how many pages were counted, and its five longest and shortest by words.' }),
}).meta({ id: 'Summary' });

const DISTINCTIVE_ANSWER = z.object({
  pages: z.array(z.object({ url: z.string(), key: z.uuid(), words: z.array(z.tuple([z.string(), z.number()])).meta({ description: '`[word, TF-IDF score]`, highest first.' }) })),
  total: z.int(),
  offset: z.int(),
  limit: z.int(),
}).meta({ id: 'DistinctiveWords' });

const VIEW_ERRORS = ['not_found', 'database_unavailable'] as const;

function summaryOperation(format: 'json' | 'csv'): Operation {
  return {
    method: 'get',
    path: format === 'json' ? '/results/{key}/summary' : '/results/{key}/summary.csv',
    operationId: format === 'json' ? 'getSummary' : 'downloadSummary',
    summary: format === 'json' ? 'Words, distinct words, vocabulary density, sentences, reading time' : 'The summary as CSV',
    tags: ['Views'],
    requestParams: { path: KEY_PATH },
    responses: {
      200: format === 'json' ? { description: 'The summary.', content: { 'application/json': { schema: SUMMARY_ANSWER } } } : csvDownload('`field,value`'),
      ...errorResponses(VIEW_ERRORS),
      ...UNFINISHED_RESPONSES,
    },
  };
}

function distinctiveOperation(format: 'json' | 'csv'): Operation {
  return {
    method: 'get',
    path: format === 'json' ? '/results/{key}/distinctive' : '/results/{key}/distinctive.csv',
    operationId: format === 'json' ? 'getDistinctiveWords' : 'downloadDistinctiveWords',
    summary: format === 'json' ? 'A crawl\'s pages, each with its most distinctive words (TF-IDF)' : 'Every page\'s distinctive words, as CSV',
    description: 'A single page is `not_found` here, as for its `/pages`.',
    tags: ['Views'],
    requestParams: format === 'json' ? { path: KEY_PATH, query: DISTINCTIVE_QUERY } : { path: KEY_PATH },
    responses: {
      200: format === 'json' ? { description: 'One page of the list.', content: { 'application/json': { schema: DISTINCTIVE_ANSWER } } } : csvDownload('`url,key,rank,word,score`'),
      ...errorResponses(format === 'json' ? ['invalid_request', ...VIEW_ERRORS] : VIEW_ERRORS),
      ...UNFINISHED_RESPONSES,
    },
  };
}

/** A result's summary, and a crawl's pages with their most distinctive words. */
export function createSummaryRoutes(served: ServedOperations, db: Database): Router {
  const router = Router();

  served.serve(router, summaryOperation('json'), async (req, res) => {
    const { key } = parsePath(KEY_PATH, req.params);
    const result = await completedOrAnswered(db, res, key, await findResultSummary(db, key));
    if (result) res.json(await presentSummary(db, result));
  });

  served.serve(router, summaryOperation('csv'), async (req, res) => {
    const { key } = parsePath(KEY_PATH, req.params);
    const result = await completedOrAnswered(db, res, key, await findResultSummary(db, key));
    if (result) sendCsv(res, `${key}-summary`, ['field', 'value'], summaryRows(await presentSummary(db, result)));
  });

  served.serve(router, distinctiveOperation('json'), async (req, res) => {
    const { key } = parsePath(KEY_PATH, req.params);
    const { offset, limit } = parseRequest(DISTINCTIVE_QUERY, req.query);
    if (!(await completedCrawl(db, res, key))) return;
    const { pages, total } = await findDistinctiveWords(db, key, offset, limit);
    res.json({ pages, total, offset, limit });
  });

  // Every page's words, read and sent a batch at a time: a large crawl has thousands of pages.
  served.serve(router, distinctiveOperation('csv'), async (req, res) => {
    const { key } = parsePath(KEY_PATH, req.params);
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
