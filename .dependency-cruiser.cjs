// The layout's rules (README, "Layout"), checked by `npm run check:layout` inside `npm test`.
// Each folder of src/ may import itself, core/, and the folders named in its rule; everything else is an error.

/** A rule that `folder` imports nothing in src/ outside itself, core/ and `allowed`. */
function onlyImports(folder, allowed, comment) {
  const folders = [folder, 'core', ...allowed].join('|');
  return {
    name: `${folder}-imports-only-${allowed.length ? allowed.join('-') : 'core'}`,
    comment,
    severity: 'error',
    from: { path: `^src/${folder}/` },
    to: { path: '^src/', pathNot: `^src/(${folders})/|^src/types/` },
  };
}

/** A package only the named folders may import, so that it is the one place to read for what the package does. */
function ownedBy(packages, owners, comment) {
  return {
    name: `${owners.join('-')}-owns-${packages.join('-').replaceAll('@', '')}`,
    comment,
    severity: 'error',
    from: { path: '^(src/|worker\\.ts$)', pathNot: `^src/(${owners.join('|')})/` },
    to: { path: `^node_modules/(${packages.join('|')})/`, dependencyTypesNot: ['type-only'] },
  };
}

const NETWORK_AND_DISK = '^(node:)?(fs|fs/promises|net|tls|dns|dns/promises|http|https|http2|dgram|child_process|worker_threads|cluster)$';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles, type-only ones included: a cycle means two modules are one, or a type lives in the wrong folder.',
      severity: 'error',
      from: { path: '^(src/|worker\\.ts$)' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-orphans',
      comment: 'A module nothing imports is dead code, unless it is an entry (or the thread piscina loads by name).',
      severity: 'error',
      from: { orphan: true, path: '^src/', pathNot: '^src/entries/|^src/counting/counting-thread\\.ts$|\\.d\\.ts$' },
      to: {},
    },
    {
      name: 'text-stages-do-no-io',
      comment: 'The pure stages (src/text/) read bytes and return words: no network, disk, threads, database or queue.',
      severity: 'error',
      from: { path: '^src/text/' },
      to: {
        path: [
          NETWORK_AND_DISK,
          '^node_modules/(undici|pg|ioredis|bullmq|piscina|pino|express|drizzle-orm|@electric-sql)/',
          '^src/core/(logger|lifecycle|paths|config)\\.ts$',
        ],
      },
    },
    onlyImports('text', [], 'The pure stages depend on nothing but each other and the shared types.'),
    onlyImports('crawl', [], 'A crawl\'s rules (options, scope, robots.txt, sitemaps) are pure, like the text stages.'),
    {
      name: 'crawl-rules-do-no-io',
      comment: 'The crawl rules read strings and return decisions: no network, disk, threads, database or queue.',
      severity: 'error',
      from: { path: '^src/crawl/' },
      to: {
        path: [
          NETWORK_AND_DISK,
          '^node_modules/(undici|pg|ioredis|bullmq|piscina|pino|express|drizzle-orm|@electric-sql)/',
          '^src/core/(logger|lifecycle|paths|config)\\.ts$',
        ],
      },
    },
    onlyImports('fetch', [], 'Fetching knows the network and the shared types, nothing of jobs, storage or counting.'),
    onlyImports('counting', ['text'], 'The counting threads run the text stages, nothing else.'),
    onlyImports('db', [], 'The database stores the shared result types; it knows nothing of the web, jobs or queue.'),
    onlyImports('queue', [], 'The queue carries job keys; what a job does reaches it as a function (core/job-contract.ts).'),
    onlyImports('jobs', ['fetch', 'text', 'crawl', 'counting', 'db'], 'A job knows its stages and storage, never the queue or the web.'),
    onlyImports('web', ['queue', 'db', 'crawl'], 'The web reads results and enqueues jobs; it never runs the pipeline (it validates crawl options by the crawl rules).'),
    {
      name: 'core-imports-only-core',
      comment: 'core/ is what every folder shares, so it imports none of them.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/', pathNot: '^src/core/' },
    },
    {
      name: 'web-parts-apart',
      comment: 'The API, the pages and the admin side share web/ and its middleware and submission modules, never each other.',
      severity: 'error',
      from: { path: '^src/web/(api|pages|admin)/' },
      to: { path: '^src/web/(api|pages|admin)/', pathNot: '^src/web/$1/' },
    },
    {
      name: 'only-entries-use-wiring',
      comment: 'The wiring builds a process; only an entry starts one.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(entries|wiring)/' },
      to: { path: '^src/(wiring|entries)/' },
    },
    ownedBy(['bullmq', 'ioredis', '@bull-board'], ['queue'], 'BullMQ and Redis belong to src/queue/.'),
    ownedBy(['undici'], ['fetch'], 'Every outgoing request goes through src/fetch/ and its address policy.'),
    ownedBy(['pg', 'drizzle-orm', '@electric-sql'], ['db'], 'SQL lives in src/db/.'),
    ownedBy(['express', 'helmet', 'cookie-parser', 'ejs', 'prom-client'], ['web', 'queue'], 'HTTP serving is the web\'s (and bull-board\'s, in src/queue/queue-dashboard.ts).'),
    ownedBy(['piscina'], ['counting'], 'Threads are the counting pool\'s.'),
    ownedBy(['zod-openapi'], ['web/openapi'], 'The OpenAPI document is made in one place, from the operations the routes declare.'),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a cycle or a wrong-way import through a type is still a wrong way.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
