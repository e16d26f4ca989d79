#!/usr/bin/env bash
# npm run bench [-- --with-python] [-- --scaling] [-- --profile]
#
# One run on this machine: the corpus server (../shared/bench: nginx on 127.0.0.1:8089, Postgres,
# Redis), the service built and started as the Procfile says (release, then web + worker), and:
#   pipeline core (1 core) and its equality with the original pipeline, throughput ×3, peak memory,
#   idle latency, read path vs an Express "hello", the Top-10 overlap with the Python reference,
#   throughput as a client sees it (bench/client.ts: cold and warm through HTTP, a site crawl, RSS curve),
#   and the anchors: Crawlee (nopersist, 1 run) always, the Python original with --with-python.
# Writes bench/results/latest.json and latest.md (and scaling.json/.md with --scaling).
#   --with-python   also run the Python original (about 70 s more)
#   --scaling       300 vs 3,000 pages, WORKER_CONCURRENCY 1/4/16, 1 vs 2 worker processes (about 3 min more)
#   --scaling-only  only the scaling runs
#   --profile       run web and worker under node --cpu-prof and summarize the profiles in
#                   bench/results/profile.md (raw ones in bench/results/tmp/profile/); the figures of a
#                   profiled run are slower, so it runs no anchors and leaves latest.* alone
# Env: BENCH_SHARED (../shared/bench), BENCH_PG_ADMIN_URL, BENCH_DB (wordcrawler_bench),
#      BENCH_REDIS_URL (redis://127.0.0.1:6379/5, flushed), BENCH_RUNS (3), BENCH_NODE_FLAGS.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${BENCH_SHARED:-$(cd "$ROOT/../shared/bench" && pwd)}"
OUT="$ROOT/bench/results"
TMP="$OUT/tmp"
WITH_PYTHON=0 SCALING=0 MAIN=1 PROFILE=0
for arg in "$@"; do
  case "$arg" in
    --with-python) WITH_PYTHON=1 ;;
    --scaling) SCALING=1 ;;
    --scaling-only) SCALING=1 MAIN=0 ;;
    --profile) PROFILE=1 ;;
    *) echo "unknown option $arg (see the top of bench/run.sh)" >&2; exit 2 ;;
  esac
done
log() { echo "[bench] $*" >&2; }
started=$(date +%s)
rm -rf "$TMP"; mkdir -p "$TMP"
cd "$ROOT"

# ---- services and corpus (the shared harness, unchanged) ---------------------------------------
"$SHARED/install.sh"
"$SHARED/services.sh"
[[ -s "$SHARED/corpus/urls.txt" ]] || "$SHARED/corpus.sh" >/dev/null
CORPUS="$SHARED/corpus"
# The median-size page, for the idle latency test.
LATENCY_URL="http://127.0.0.1:8089/library/$(cd "$CORPUS/library" && ls -1S -- *.html | sed -n "$(( ($(ls -1 | wc -l) + 1) / 2 ))p")"

# ---- the service: built JS, its own database and Redis database ----------------------------------
PG_ADMIN_URL="${BENCH_PG_ADMIN_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
DB_NAME="${BENCH_DB:-wordcrawler_bench}"
DATABASE_URL="${PG_ADMIN_URL%/*}/$DB_NAME"
REDIS_URL="${BENCH_REDIS_URL:-redis://127.0.0.1:6379/5}"
log "building"
npm run --silent build
psql "$PG_ADMIN_URL" -qc "drop database if exists \"$DB_NAME\"" -c "create database \"$DB_NAME\"" 2>/dev/null
redis_db="${REDIS_URL##*/}"; [[ "$redis_db" =~ ^[0-9]+$ ]] || redis_db=0
redis-cli -u "${REDIS_URL%/*}" -n "$redis_db" flushdb >/dev/null
# The Procfile's release phase: migrations.
release=$(sed -n 's/^release: *//p' Procfile)
DATABASE_URL="$DATABASE_URL" LOG_LEVEL=warn $release

export BENCH_ROOT="$ROOT" BENCH_URLS="$CORPUS/urls.txt" BENCH_DATABASE_URL="$DATABASE_URL" BENCH_REDIS_URL="$REDIS_URL"
export BENCH_LOG_DIR="$TMP" BENCH_LATENCY_URL="$LATENCY_URL" BENCH_RUNS="${BENCH_RUNS:-3}"
if ((PROFILE)); then
  mkdir -p "$TMP/profile"
  export BENCH_NODE_FLAGS="${BENCH_NODE_FLAGS:-} --cpu-prof --cpu-prof-dir=$TMP/profile"
fi

if ((MAIN)); then
  # ---- pipeline core, one core; then the same pipeline against the original, word for word --------
  log "pipeline core (1 core)"
  taskset -c 0 node --import tsx bench/core.ts "$CORPUS/library" 5 --variants=current,cheerio-htmlparser2-dom,original > "$TMP/core.jsonl"
  log "equality with the original pipeline"
  node --import tsx bench/check-identical.ts "$CORPUS/library" 1000 > "$TMP/identical.json" || true
  log "pipeline on Chinese and Japanese pages (1 core)"
  [[ -d /usr/share/debian-reference ]] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debian-reference debian-handbook >/dev/null; }
  taskset -c 0 node --import tsx bench/cjk.ts 3 > "$TMP/cjk.jsonl"
  log "main content against the article benchmark (F1, speed; Readability on linkedom as the anchor)"
  node --import tsx bench/main-content.ts "$SHARED/article-benchmark" 3 > "$TMP/main-content.json"

  # ---- end to end -----------------------------------------------------------------------------------
  log "end to end: throughput ×$BENCH_RUNS, memory, idle latency, read path"
  node --import tsx bench/e2e.ts main "$TMP/e2e.json"

  # ---- Top-10 overlap with the Python reference (our counts as the object compare_top10.py reads) ----
  psql "$DATABASE_URL" -qc "create or replace view bench_top10 as
    select url, (select jsonb_object_agg(pair->>0, (pair->>1)::int) from json_array_elements(result_no_stop_words) pair)
      as result_no_stop_words from results where status = 'completed'"
  BENCH_PG_URL="$DATABASE_URL" /usr/bin/python3 "$SHARED/reference/compare_top10.py" bench_top10 > "$TMP/top10.json"

  # ---- as a client sees it (after the Top-10 comparison: it empties the results table) ----------------
  log "as a client sees it: POST /start then poll GET /results, cold and warm; a crawl of the corpus"
  node --import tsx bench/client.ts "$TMP/client.json"
  cp "$TMP/client.json" "$OUT/client.json"

  # ---- anchors (not when profiling: the profiled figures are not comparable) ---------------------------
fi
if ((MAIN && !PROFILE)); then
  log "anchor: Crawlee (nopersist, 1 run)"
  CONFIGS=nopersist RUNS=1 "$SHARED/run_crawlee.sh" | tail -1 > "$TMP/crawlee.json"
  log "anchor: Crawlee crawling the corpus as a site (enqueueLinks from an index page, nopersist)"
  CRAWLEE_PERSIST_STORAGE=false node bench/crawlee-site.mjs "$CORPUS/urls.txt" "$SHARED" 2>"$TMP/crawlee-site.log" | tail -1 > "$TMP/crawlee-site.json"
  cp "$TMP/crawlee-site.json" "$OUT/crawlee-site.json"
  /usr/bin/python3 "$SHARED/reference/compare_top10.py" crawlee_results > "$TMP/crawlee-top10.json" || true
  if ((WITH_PYTHON)); then
    log "anchor: the Python original (plain rq worker, 2 workers, 1 run)"
    WORKERS=2 RUNS=1 "$SHARED/run_python.sh" | tail -1 > "$TMP/python.json"
  fi
fi

if ((SCALING)); then
  log "scaling: 300 vs 3,000 pages, WORKER_CONCURRENCY 1/4/16, 1 vs 2 workers"
  node --import tsx bench/e2e.ts scaling "$TMP/scaling.json"
fi

if ((PROFILE)); then
  log "profiled run: bench/results/latest.* left as they were"
else
  node --import tsx bench/report.ts "$TMP" "$OUT" "$((MAIN))" "$((SCALING))"
fi
if ((PROFILE)); then
  { echo "### CPU profiles (node --cpu-prof), $(date -u +%FT%TZ)"; echo; node --import tsx bench/profile-summary.ts "$TMP/profile"; } > "$OUT/profile.md"
  log "profile summary: bench/results/profile.md (raw profiles in bench/results/tmp/profile/)"
fi
log "done in $(( $(date +%s) - started )) s: $( ((MAIN && !PROFILE)) && echo 'bench/results/latest.md ')$( ((SCALING)) && echo 'bench/results/scaling.md')"
