// Gathers one bench run's pieces (bench/results/tmp) into bench/results/latest.json and latest.md
// (and scaling.json/.md), with the targets of issue #6 and the ratios to the anchors.
//   node --import tsx bench/report.ts <tmp dir> <out dir> <main 0|1> <scaling 0|1>
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

const [tmp = '', out = '', mainArg = '1', scalingArg = '0'] = process.argv.slice(2);
type Json = Record<string, any>;
const read = (name: string): Json | undefined => (existsSync(join(tmp, name)) ? JSON.parse(readFileSync(join(tmp, name), 'utf8')) : undefined);
const readLines = (name: string): Json[] =>
  existsSync(join(tmp, name)) ? readFileSync(join(tmp, name), 'utf8').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)) : [];
const run = (command: string, args: string[]) => {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
};
const r = (value: number | undefined, digits = 1) => (value === undefined || Number.isNaN(value) ? undefined : Number(value.toFixed(digits)));

function machine() {
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memory_gib: Math.round(totalmem() / 2 ** 30),
    os: run('sh', ['-c', '. /etc/os-release && echo "$PRETTY_NAME"']),
    kernel: run('uname', ['-r']),
    node: process.version,
    postgres: run('psql', ['-V']).replace(/^psql \(PostgreSQL\) /, ''),
    redis: run('redis-server', ['--version']).match(/v=(\S+)/)?.[1] ?? 'unknown',
    commit: `${run('git', ['rev-parse', '--short', 'HEAD'])}${run('git', ['status', '--porcelain', 'src', 'worker.ts']) ? '+uncommitted' : ''}`,
  };
}

/** The README's anchors, for an anchor that did not run in this run. */
const README_PYTHON = { pages_per_s: 4.74, cpu_ms_per_page: 397, source: '../shared/bench/README.md (not run: pass --with-python)' };

function mainReport() {
  const core = readLines('core.jsonl');
  const current = core.find((line) => line.variant === 'current');
  const original = core.find((line) => line.variant === 'original');
  const cheerioHtmlparser2 = core.find((line) => line.variant === 'cheerio-htmlparser2-dom');
  const e2e = read('e2e.json')!;
  const crawlee = read('crawlee.json');
  const python = read('python.json');
  const identical = read('identical.json');
  const mainContent = read('main-content.json');
  const cjk = readLines('cjk.jsonl');
  const top10 = read('top10.json');
  const crawleeTop10 = read('crawlee-top10.json');
  const client = read('client.json');
  const crawleeSite = read('crawlee-site.json');
  const t = e2e.throughput.median;
  const pythonRate = python?.pages_per_s ?? README_PYTHON.pages_per_s;
  const ratio = (ours: number, theirs: number | undefined) => (theirs ? r(ours / theirs, 2) : undefined);
  const targets = [
    { target: 'Throughput ≥ 200 pages/s end to end', value: t.pages_per_s, goal: 200, unit: 'pages/s', higher: true },
    { target: 'Throughput ≥ 4× Crawlee', value: ratio(t.pages_per_s, crawlee?.pages_per_s), goal: 4, unit: '×', higher: true },
    { target: `Throughput ≥ 40× the Python original${python ? '' : ' (README figure)'}`, value: ratio(t.pages_per_s, pythonRate), goal: 40, unit: '×', higher: true },
    { target: 'Worker peak RSS ≤ 150 MB', value: e2e.memory.worker_peak_rss_mb, goal: 150, unit: 'MB', higher: false },
    { target: 'Web peak RSS ≤ 120 MB', value: e2e.memory.web_peak_rss_mb, goal: 120, unit: 'MB', higher: false },
    { target: 'Idle latency p50 ≤ 15 ms (submit → readable)', value: e2e.latency.client_p50_ms, goal: 15, unit: 'ms', higher: false },
    { target: 'Idle latency p99 ≤ 50 ms (submit → readable)', value: e2e.latency.client_p99_ms, goal: 50, unit: 'ms', higher: false },
    { target: 'Read path ≥ 60 % of Express "hello" req/s', value: r(e2e.read_path.ratio_to_hello * 100, 0), goal: 60, unit: '%', higher: true },
    { target: 'Read path p99 ≤ 10 ms', value: e2e.read_path.results.p99_ms, goal: 10, unit: 'ms', higher: false },
    { target: 'Pipeline core ≥ 12 MB/s on one core', value: current?.mb_per_s, goal: 12, unit: 'MB/s', higher: true },
  ].map((row) => ({
    ...row,
    met: row.value === undefined ? undefined : row.higher ? row.value >= row.goal : row.value <= row.goal,
    by: row.value === undefined ? undefined : r(row.higher ? row.value / row.goal - 1 : row.goal / row.value - 1, 3),
  }));
  return {
    ours: {
      throughput: e2e.throughput,
      memory: e2e.memory,
      latency: e2e.latency,
      read_path: e2e.read_path,
      pipeline_core: {
        current,
        cheerio_htmlparser2_dom: cheerioHtmlparser2,
        original,
        speedup: current && original ? r(current.mb_per_s / original.mb_per_s, 2) : undefined,
      },
      pipeline_cjk: cjk,
      main_content: mainContent && {
        pages: mainContent.pages,
        extractors: mainContent.results.map(({ worstPages, ...figures }: Json) => figures),
      },
      workers: e2e.workers,
      worker_concurrency: e2e.worker_concurrency,
      counting_threads: e2e.counting_threads,
    },
    correctness: {
      words_end_to_end_equal_core: current ? t.total_words === current.checksum : undefined,
      total_words_end_to_end: t.total_words,
      total_words_pipeline_core: current?.checksum,
      equality_with_original_pipeline: identical && ({ ...identical, differences: identical.differences?.slice(0, 5) } as Json),
      top10_overlap_with_python_reference: top10 && { mean_overlap10: top10.mean_overlap10, same_count_for_ref_top1: top10.same_count_for_ref_top1, pages: top10.pages },
      crawlee_top10_overlap_with_python_reference: crawleeTop10 && { mean_overlap10: crawleeTop10.mean_overlap10, same_count_for_ref_top1: crawleeTop10.same_count_for_ref_top1 },
    },
    // As a client sees it (bench/client.ts); the RSS curves stay in client.json.
    client: client && {
      clients: client.clients,
      poll_ms: client.poll_ms,
      cold: withoutCurve(client.cold),
      warm: withoutCurve(client.warm),
      cold_wait: withoutCurve(client['cold-wait']),
      warm_wait: withoutCurve(client['warm-wait']),
      cold_3_workers: withoutCurve(client['cold-3-workers']),
      warm_3_workers: withoutCurve(client['warm-3-workers']),
      crawl: client.crawl,
      cold_vs_crawlee: ratio(client.cold?.pages_per_s, crawlee?.pages_per_s),
      warm_wait_vs_crawlee: ratio(client['warm-wait']?.pages_per_s, crawlee?.pages_per_s),
      warm_vs_crawlee: ratio(client.warm?.pages_per_s, crawlee?.pages_per_s),
      crawl_vs_crawlee_site: ratio(client.crawl?.pages_per_s, crawleeSite?.pages_per_s),
    },
    anchors: {
      crawlee,
      crawlee_site: crawleeSite,
      python: python ?? README_PYTHON,
      ratios: {
        pages_per_s_vs_crawlee: ratio(t.pages_per_s, crawlee?.pages_per_s),
        pages_per_s_vs_python: ratio(t.pages_per_s, pythonRate),
        cpu_ms_per_page_crawlee_over_ours: crawlee ? r(crawlee.cpu_ms_per_page / t.cpu_ms_per_page, 2) : undefined,
        worker_peak_rss_crawlee_over_ours: crawlee ? r(crawlee.peak_rss_mb / e2e.memory.worker_peak_rss_mb, 2) : undefined,
      },
    },
    targets,
  };
}

function mainMarkdown(report: ReturnType<typeof mainReport>, host: ReturnType<typeof machine>): string {
  const { ours, anchors, correctness, targets } = report;
  const t = ours.throughput.median;
  const c = anchors.crawlee;
  const p = anchors.python as Json;
  const lines = [
    `### Latest run: ${host.date}`,
    '',
    `Machine: ${host.cpu}, ${host.cores} cores, ${host.memory_gib} GiB, ${host.os}, Node ${host.node}, PostgreSQL ${host.postgres}, Redis ${host.redis}; commit ${host.commit}.`,
    `Service as in the Procfile: 1 web, ${ours.workers} worker process, WORKER_CONCURRENCY ${ours.worker_concurrency}, COUNTING_THREADS ${ours.counting_threads}. Corpus: 300 pages of the CPython docs, 27.2 MB, on nginx at 127.0.0.1:8089.`,
    '',
    '| measure | wordcrawler | Crawlee (nopersist) | Python original | target | |',
    '|---|---|---|---|---|---|',
    `| Throughput, 300 pages submitted through \`POST /start\` until completed in Postgres | **${t.pages_per_s} pages/s** [${t.pages_per_s_min}–${t.pages_per_s_max}], ${t.seconds} s (the untimed first pass after start-up: ${ours.throughput.warmup_untimed?.pages_per_s} pages/s) | ${c?.pages_per_s ?? '–'} pages/s (×${anchors.ratios.pages_per_s_vs_crawlee ?? '–'}) | ${p.pages_per_s} pages/s (×${anchors.ratios.pages_per_s_vs_python})${p.source ? ' ¹' : ''} | ≥ 200, ≥ 4× Crawlee, ≥ 40× Python | ${mark(targets, 0)}${mark(targets, 1)}${mark(targets, 2)} |`,
    `| CPU per page | ${t.cpu_ms_per_page} ms (web ${t.web_cpu_ms_per_page} + worker ${t.worker_cpu_ms_per_page}); + Postgres ${t.postgres_cpu_ms_per_page}, Redis ${t.redis_cpu_ms_per_page}; whole machine ${t.machine_cpu_ms_per_page} | ${c?.cpu_ms_per_page ?? '–'} ms | ${p.cpu_ms_per_page ?? '–'} ms | | |`,
    `| Peak RSS during the runs | worker ${ours.memory.worker_peak_rss_mb} MB, web ${ours.memory.web_peak_rss_mb} MB | ${c?.peak_rss_mb ?? '–'} MB | ${p.peak_rss_mb_single_process ?? '–'} MB (largest process) | worker ≤ 150, web ≤ 120 | ${mark(targets, 3)}${mark(targets, 4)} |`,
    `| Idle latency, submit → readable at \`GET /results/:key\` (${ours.latency.submissions} × median page) | p50 ${ours.latency.client_p50_ms} ms, p99 ${ours.latency.client_p99_ms} ms (server finished − created: p50 ${ours.latency.server_p50_ms}, p99 ${ours.latency.server_p99_ms}) | | | p50 ≤ 15, p99 ≤ 50 | ${mark(targets, 5)}${mark(targets, 6)} |`,
    `| Read path, \`GET /results/:key\`, ${ours.read_path.results.connections} connections, ${ours.read_path.results.seconds} s (autocannon) | ${ours.read_path.results.req_per_s} req/s, p99 ${ours.read_path.results.p99_ms} ms = ${Math.round(ours.read_path.ratio_to_hello * 100)} % of Express "hello" (${ours.read_path.hello.req_per_s} req/s, p99 ${ours.read_path.hello.p99_ms} ms) | | | ≥ 60 %, p99 ≤ 10 ms | ${mark(targets, 7)}${mark(targets, 8)} |`,
    `| Pipeline core, extract + tokenize + count, 1 core | **${ours.pipeline_core.current?.mb_per_s} MB/s** (${ours.pipeline_core.current?.ms_per_page} ms/page); the same walk over cheerio's htmlparser2 DOM ${ours.pipeline_core.cheerio_htmlparser2_dom?.mb_per_s ?? '–'} MB/s; before this work (cheerio's parse5 DOM) ${ours.pipeline_core.original?.mb_per_s} MB/s | cheerio on htmlparser2: 12.7 MB/s ² | bs4 + NLTK: 1.65 MB/s ² | ≥ 12 | ${mark(targets, 9)} |`,
    ...clientRows(report.client, c, anchors.crawlee_site),
    cjkRow(ours.pipeline_cjk),
    mainContentRow(ours.main_content),
    '',
    `Correctness: ${correctness.total_words_end_to_end.toLocaleString('en')} words stored end to end, ${correctness.words_end_to_end_equal_core ? 'equal to' : 'DIFFERENT FROM'} the in-process count; ` +
      `the pipeline gives the same words and counts as the original (parse5) one on ${correctness.equality_with_original_pipeline?.corpus_pages - correctness.equality_with_original_pipeline?.corpus_pages_differing}/${correctness.equality_with_original_pipeline?.corpus_pages} corpus pages ` +
      `and ${correctness.equality_with_original_pipeline?.random_splices - correctness.equality_with_original_pipeline?.random_splices_differing}/${correctness.equality_with_original_pipeline?.random_splices} malformed splices; ` +
      `Top-10 overlap with the Python reference ${correctness.top10_overlap_with_python_reference?.mean_overlap10} (Crawlee ${correctness.crawlee_top10_overlap_with_python_reference?.mean_overlap10 ?? '–'}).`,
    '',
    `${p.source ? '¹ Not run this time (`npm run bench -- --with-python`); the figure is the README\'s. ' : ''}² Ceiling figures from ../shared/bench/README.md.`,
  ];
  return `${lines.join('\n')}\n`;
}

function withoutCurve(run: Json | undefined): Json | undefined {
  if (!run) return undefined;
  const { rss_curve: _curve, ...figures } = run;
  return figures;
}

/** Issue 14's measurements, as a client sees them, with their targets marked on the spot. */
function clientRows(client: Json | undefined, crawlee: Json | undefined, crawleeSite: Json | undefined): string[] {
  if (!client) return ['| As a client sees it (`bench/client.ts`) | not run | | | | |'];
  const met = (value: number | undefined, goal: number) => (value === undefined ? '–' : value >= goal ? '✓' : '✗');
  const cpu = (figures: Json) => {
    const c = figures.cpu_ms_per_page ?? {};
    return `CPU ms/page: web ${c.web}, worker ${c.worker}, Postgres ${c.postgres}, Redis ${c.redis}, bench client ${c.bench_client}, machine ${c.machine}`;
  };
  const run = (figures: Json) => `**${figures.pages_per_s} pages/s** (${figures.submissions} submissions; Postgres ${figures.postgres_pages_per_s}), ${figures.polls_per_submission} reads each, p50 ${figures.latency_ms_p50} ms, p99 ${figures.latency_ms_p99} ms, RSS worker ≤ ${figures.worker_rss_max_mb} MB, web ≤ ${figures.web_rss_max_mb} MB; ${cpu(figures)}`;
  const versus = (figures: Json | undefined) => (figures && crawlee?.pages_per_s ? `(×${r(figures.pages_per_s / crawlee.pages_per_s, 2)})` : '');
  const optional = (figures: Json | undefined, label: string, targets: string, marks: string) =>
    figures ? [`| ${label} | ${run(figures)} | ${versus(figures)} | | ${targets} | ${marks} |`] : [];
  const lines = [
    ...optional(client.cold, `As a client sees it, cold (a service just started; POST, then poll \`GET /results\` every ${client.poll_ms} ms, ${client.clients} clients)`, '≥ 150', met(client.cold?.pages_per_s, 150)),
    ...optional(client.warm, 'As a client sees it, warm', '≥ 200, ≥ 4× Crawlee', `${met(client.warm?.pages_per_s, 200)}${met(client.warm_vs_crawlee, 4)}`),
    ...optional(client.cold_wait, 'The same clients reading with `?wait=25`, cold (a second fresh service)', '≥ 150', met(client.cold_wait?.pages_per_s, 150)),
    ...optional(client.warm_wait, 'With `?wait=25`, warm', '≥ 200, ≥ 4× Crawlee', `${met(client.warm_wait?.pages_per_s, 200)}${met(client.warm_wait && crawlee?.pages_per_s ? client.warm_wait.pages_per_s / crawlee.pages_per_s : undefined, 4)}`),
    ...optional(client.warm_3_workers, 'With `?wait=25`, three worker processes, warm (a third fresh service)', 'reported', ''),
  ];
  if (client.crawl) {
    lines.push(`| Site crawl of the corpus through the API (index page, one hop, politeness lifted) | **${client.crawl.pages_per_s} pages/s**, ${client.crawl.pages} pages, RSS worker ≤ ${client.crawl.worker_rss_max_mb} MB | enqueueLinks: ${crawleeSite?.pages_per_s ?? '–'} pages/s (×${client.crawl_vs_crawlee_site ?? '–'}) | | ≥ 300 | ${met(client.crawl.pages_per_s, 300)} |`);
  }
  return lines;
}

/** Chinese and Japanese pages through countPage, reported apart: segmentation costs more than a pattern. */
function cjkRow(cjk: Json[]): string {
  const corpora = cjk.filter((line) => line.pages !== undefined);
  if (corpora.length === 0) return '| Pipeline on Chinese and Japanese pages | not run | | | | |';
  const figures = corpora.map((line) => `${line.corpus} ${line.mb_per_s} MB/s (${line.pages} pages, language detected right on ${Math.round(line.detected * 100)} %)`);
  return `| Pipeline on Chinese and Japanese pages (Debian's manuals), 1 core | ${figures.join('; ')} | | | reported apart | |`;
}

/** `content: "main"` against the article benchmark, Readability on linkedom as the anchor. */
function mainContentRow(mainContent: Json | undefined): string {
  if (!mainContent) return '| Main content (`content: "main"`) | not run | | | | |';
  const by = (name: string) => mainContent.extractors.find((extractor: Json) => extractor.name === name) ?? {};
  const [ours, page, readability] = [by('ours'), by('all-visible-text'), by('readability-linkedom')];
  const speedup = ours.msPerPage && readability.msPerPage ? r(readability.msPerPage / ours.msPerPage, 1) : '–';
  return `| Main content (\`content: "main"\`), bag-of-words F1 on the article benchmark's ${mainContent.pages} pages | **F1 ${ours.f1}** (P ${ours.precision}, R ${ours.recall}), ${ours.msPerPage} ms/page, ${ours.mbPerSecond} MB/s; all visible text F1 ${page.f1} | Readability on linkedom: F1 ${readability.f1}, ${readability.msPerPage} ms/page (ours ×${speedup} faster) | | F1 ≥ 0.95, ≥ 4× Readability's speed | ${ours.f1 >= 0.95 && Number(speedup) >= 4 ? '✅' : '❌'} |`;
}

function mark(targets: { met?: boolean }[], index: number): string {
  const met = targets[index]?.met;
  return met === undefined ? '–' : met ? '✓' : '✗';
}

function scalingMarkdown(rows: Json[], host: ReturnType<typeof machine>): string {
  const lines = [
    `### Scaling: ${host.date} (${host.cores} cores, Node ${host.node}, commit ${host.commit})`,
    '',
    'Each row is a fresh service (Procfile processes), one throughput run after an untimed warm-up pass over the 300 pages; peak RSS is VmHWM at the end of the run.',
    '',
    '| configuration | pages | worker processes | WORKER_CONCURRENCY | COUNTING_THREADS | pages/s | s | CPU ms/page (web + worker) | worker peak RSS | web peak RSS |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((row) => `| ${row.config} | ${row.pages} | ${row.workers} | ${row.worker_concurrency} | ${row.counting_threads} | ${row.pages_per_s} | ${row.seconds} | ${row.cpu_ms_per_page} | ${row.worker_peak_rss_mb} MB | ${row.web_peak_rss_mb} MB |`),
  ];
  return `${lines.join('\n')}\n`;
}

const host = machine();
if (mainArg === '1') {
  const report = { machine: host, ...mainReport() };
  writeFileSync(join(out, 'latest.json'), `${JSON.stringify(report, null, 1)}\n`);
  writeFileSync(join(out, 'latest.md'), mainMarkdown(report, host));
  console.log(readFileSync(join(out, 'latest.md'), 'utf8'));
}
if (scalingArg === '1') {
  const scaling = read('scaling.json')!.scaling as Json[];
  writeFileSync(join(out, 'scaling.json'), `${JSON.stringify({ machine: host, scaling }, null, 1)}\n`);
  writeFileSync(join(out, 'scaling.md'), scalingMarkdown(scaling, host));
  console.log(readFileSync(join(out, 'scaling.md'), 'utf8'));
}
