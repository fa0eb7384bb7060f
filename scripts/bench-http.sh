#!/usr/bin/env bash
# Load benchmark of the search API (and the search page) over HTTP on the xinwenlianbo corpus:
# indexing MB/s (median of INDEX_RUNS=3 runs) and peak memory, then wrk (30 s, 2 threads,
# 32 connections) rotating the 200 queries of scripts/bench-queries.txt, top 10 with snippets and
# facets. Prints requests/s, p50, p99, errors.
# Usage: bash scripts/bench-http.sh [ITEMS.jsonl]   (default ../shared/data/corpus/xinwenlianbo/items.jsonl)
set -euo pipefail
cd "$(dirname "$0")/.."
items="${1:-../shared/data/corpus/xinwenlianbo/items.jsonl}"
if [ ! -f "$items" ]; then echo "skipped: $items not found"; exit 0; fi
command -v wrk >/dev/null || { apt-get update -qq >/dev/null && apt-get install -y -qq wrk >/dev/null; }
cargo build --release -q -p server --bin yanglao
work=$(mktemp -d)
trap 'kill "${server_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
runs="${INDEX_RUNS:-3}"
echo "== indexing $items, $runs runs into fresh folders (the machine's speed drifts: the median is the figure)"
for run in $(seq "$runs"); do
  rm -rf "$work/index"
  /usr/bin/time -f "peak memory %M kB, wall %e s" ./target/release/yanglao index --input "$items" --index "$work/index" \
    2>&1 | tee -a "$work/index.log"
done
grep -o '([0-9.]* MB/s)' "$work/index.log" | tr -d '()' | sort -n | awk '{v[NR]=$1} END {print "median " v[int((NR+1)/2)] " MB/s over " NR " runs (min " v[1] ", max " v[NR] ")"}'
./target/release/yanglao serve --index "$work/index" --addr 127.0.0.1:0 > "$work/serve.log" 2>/dev/null &
server_pid=$!
for _ in $(seq 100); do grep -q "listening on" "$work/serve.log" && break; sleep 0.1; done
base=$(sed -n 's/^listening on //p' "$work/serve.log")
curl -sf "$base/api/search?q=%E5%85%BB%E8%80%81" > /dev/null
duration="${BENCH_SECONDS:-30}"
echo "== GET /api/search (JSON), ${duration} s, 2 threads, 32 connections"
wrk -t2 -c32 -d"${duration}s" -s scripts/bench-http.lua "$base" | tail -1
echo "== GET / (the search page), ${duration} s, 2 threads, 32 connections"
BENCH_PATH=/ wrk -t2 -c32 -d"${duration}s" -s scripts/bench-http.lua "$base" | tail -1
