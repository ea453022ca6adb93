#!/usr/bin/env bash
# The search size benchmark (README, "Search"): the bytes a visitor's first
# query fetches, compressed as a host sends them (gzip -6): the search
# script, the index of the language, and on a large site the terms file of
# the query's first letter. Nothing else of search is fetched, on any page.
# Sites: the example site, and a generated site of 1,000 pages
# (examples/gen-site.rs, the build benchmark's generator).
#
#   benches/search-size.sh             the example site and 1,000 pages
#   benches/search-size.sh 10000       also 10,000 pages (any further sizes may follow)
#   QUERY=scotland benches/search-size.sh
#
# Targets (the issue): at most 20 KB on the example site, 50 KB on 1,000 pages.
set -euo pipefail
cd "$(dirname "$0")/.."

QUERY="${QUERY:-report}"
BENCH=target/bench
cargo build --release --quiet --bin signpost --example gen-site
mkdir -p "$BENCH"

gz() { gzip -6 -c "$1" | wc -c; }

# The first query on the site built in OUT: prints its files' gzip bytes and the total.
first_query() {
  local label=$1 out=$2 limit=$3
  local script index key shard total shard_bytes=0
  script=$(find "$out/js" -name 'search.*.js' | head -n 1)
  index=$(find "$out/search" -regex '.*/index\.[^.]*\.json' | head -n 1)
  if [ -z "$script" ] || [ -z "$index" ]; then
    echo "error: $out has no search script or index (is search: false?)" >&2
    exit 1
  fi
  key=$(printf '%s' "$QUERY" | cut -c1 | tr '[:upper:]' '[:lower:]')
  shard="${index%.json}.$key.json"
  if [ -f "$shard" ]; then
    shard_bytes=$(gz "$shard")
  fi
  total=$(( $(gz "$script") + $(gz "$index") + shard_bytes ))
  printf '%-14s %7d %7d %7d %8d %8s\n' "$label" "$(gz "$script")" "$(gz "$index")" \
    "$shard_bytes" "$total" "$(( total <= limit ? 1 : 0 ))" | sed 's/ 1$/  yes/; s/ 0$/  NO/'
}

echo "first query \"$QUERY\": bytes fetched, gzip -6"
printf '%-14s %7s %7s %7s %8s %8s\n' site script index letter total "in target"
rm -rf "$BENCH/search-example"
target/release/signpost build example-content -o "$BENCH/search-example" >/dev/null 2>&1
first_query "example" "$BENCH/search-example" 20480
for n in 1000 "$@"; do
  site="$BENCH/site-$n"
  target/release/examples/gen-site "$site" "$n" >/dev/null
  rm -rf "$BENCH/search-$n"
  target/release/signpost build "$site" -o "$BENCH/search-$n" >/dev/null 2>&1
  limit=$(( n == 1000 ? 51200 : 1 << 30 ))
  first_query "$n pages" "$BENCH/search-$n" "$limit"
done
