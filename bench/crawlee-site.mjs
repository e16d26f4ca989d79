// The crawl anchor (issue 14): Crawlee's CheerioCrawler crawling the corpus as a site, from an index
// page linking every page, with enqueueLinks one hop deep (strategy "all": the index links only corpus
// pages, and "same-hostname" enqueued nothing from an index addressed by IP, 127.0.0.1, in Crawlee
// 3.18), counting each page as ../shared/bench/anchor_crawlee/crawl.mjs does
// (body text without script/style, natural's WordTokenizer, one jsonb row per page). Crawlee is
// loaded from that anchor's own install. Prints one JSON line.
//   CRAWLEE_PERSIST_STORAGE=false node bench/crawlee-site.mjs <urls.txt> <shared bench dir>
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const [urlsFile, shared] = process.argv.slice(2);
const anchor = createRequire(resolve(shared, 'anchor_crawlee', 'package.json'));
const { CheerioCrawler } = anchor('@crawlee/cheerio');
const pg = anchor('pg');
const { WordTokenizer } = anchor('natural/lib/natural/tokenizers/regexp_tokenizer.js');

const urls = readFileSync(urlsFile, 'utf8').split('\n').filter(Boolean);
const stops = new Set(readFileSync(join(shared, 'data', 'stopwords_en_127.txt'), 'utf8').split('\n').filter(Boolean));
const index = `<!doctype html><title>corpus</title>${urls.map((url) => `<a href="${url}">${url}</a>`).join('\n')}`;
const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(index));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

const pool = new pg.Pool({ connectionString: process.env.BENCH_PG_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/bench' });
await pool.query('CREATE TABLE IF NOT EXISTS crawlee_site_results (id serial PRIMARY KEY, url text, result_all jsonb, result_no_stop_words jsonb)');
await pool.query('TRUNCATE crawlee_site_results RESTART IDENTITY');
const tokenizer = new WordTokenizer();
const HAS_LETTER = /[A-Za-z]/;

const crawler = new CheerioCrawler({
  maxRequestsPerCrawl: urls.length + 1,
  async requestHandler({ request, $, enqueueLinks }) {
    if (request.userData.depth === undefined) await enqueueLinks({ strategy: 'all', userData: { depth: 1 } });
    $('script, style').remove();
    const all = new Map();
    const noStop = new Map();
    for (const word of tokenizer.tokenize($('body').text())) {
      if (!HAS_LETTER.test(word)) continue;
      all.set(word, (all.get(word) ?? 0) + 1);
      if (!stops.has(word.toLowerCase())) noStop.set(word, (noStop.get(word) ?? 0) + 1);
    }
    await pool.query('INSERT INTO crawlee_site_results (url, result_all, result_no_stop_words) VALUES ($1, $2, $3)',
      [request.url, JSON.stringify(Object.fromEntries(all)), JSON.stringify(Object.fromEntries(noStop))]);
  },
});
const started = performance.now();
const stats = await crawler.run([`http://127.0.0.1:${server.address().port}/`]);
const seconds = (performance.now() - started) / 1000;
const pages = Number((await pool.query('SELECT count(*) FROM crawlee_site_results')).rows[0].count);
await pool.end();
server.close();
console.log(JSON.stringify({
  anchor: 'crawlee-cheerio-site', pages, failed: stats.requestsFailed, seconds: Number(seconds.toFixed(3)),
  pages_per_s: Number((pages / seconds).toFixed(1)), peak_rss_mb: Number((process.resourceUsage().maxRSS / 1024).toFixed(1)),
}));
