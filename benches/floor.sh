#!/usr/bin/env bash
# The bare floor beside a full build (docs/performance.md): on the same
# generated pages, examples/floor.rs reads each page, runs pulldown-cmark,
# wraps it in a shell cut from a real signpost page (its <main> emptied),
# runs minify-html over it and writes it, on all cores; no templates, no
# checks, no audit. signpost then builds the same site. The script prints
# each one's best wall time, CPU time (user + system) and peak memory.
#
#   benches/floor.sh           10,000 pages, 3 runs of each
#   benches/floor.sh 1000      another size
#   RUNS=5 benches/floor.sh    runs of each (the fastest counts)
#   PROFILE=release benches/floor.sh   the release binary (quicker to compile)
#
# Each run writes to an emptied folder, as a first build does.
# Needs GNU time: installed with apt-get when missing and we are root.
set -euo pipefail
cd "$(dirname "$0")/.."

N="${1:-10000}"
RUNS="${RUNS:-3}"
BENCH=target/bench

. benches/lib.sh
[ -x /usr/bin/time ] || need /usr/bin/time time

cargo build --profile "$PROFILE" --quiet --bin signpost --example gen-site --example floor
mkdir -p "$BENCH"
site="$BENCH/site-$N"
"$BIN"/examples/gen-site "$site" "$N" >/dev/null
out="$BENCH/out-$N"
"$BIN"/signpost build "$site" -o "$out" >/dev/null 2>&1
# The shell: the site's first page with its main content cut out.
page=$(find "$out" -mindepth 3 -name index.html | sort | sed -n 1p)
shell="$BENCH/floor-shell.html"
perl -0pe 's{(<main[^>]*>).*(</main>)}{$1\@\@$2}s' "$page" >"$shell"

echo "machine: $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); $N pages"
printf '%-9s %9s %9s %9s\n' "" wall_s cpu_s peak_MiB
best() { # best LABEL OUT CMD...: the fastest of RUNS runs of CMD, writing into OUT
  local label=$1 dir=$2 wall="" cpu="" peak=0
  shift 2
  for _ in $(seq "$RUNS"); do
    rm -rf "$dir"
    read -r secs kb c < <(timed "$BENCH/$label-$N.log" "$@")
    wall=$(least "$wall" "$secs")
    cpu=$(least "$cpu" "$c")
    peak=$((kb > peak ? kb : peak))
  done
  awk -v l="$label" -v s="$wall" -v c="$cpu" -v kb="$peak" \
    'BEGIN { printf "%-9s %9.2f %9.2f %9.0f\n", l, s, c, kb / 1024 }'
}
best floor "$BENCH/floor-$N" "$BIN"/examples/floor "$site/content" "$BENCH/floor-$N" "$shell"
best signpost "$BENCH/fresh-$N" "$BIN"/signpost build "$site" -o "$BENCH/fresh-$N"
echo "(wall and CPU: the least of $RUNS runs; peak: the largest; logs in $BENCH/)"
