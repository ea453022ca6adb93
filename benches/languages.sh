#!/usr/bin/env bash
# The languages benchmark (issue: a bilingual site builds in at most 1.1×
# the time of a site in one language of the same size). Generates N pages
# in one language, and N/2 pages with a Welsh translation beside each (N
# pages in all, `translations: required`), builds the two in turn RUNS
# times with the same binary, and prints the least wall and CPU time of
# each and their ratio.
#
#   benches/languages.sh            10,000 pages
#   benches/languages.sh 1000       another size
#   RUNS=5 PROFILE=release benches/languages.sh
set -euo pipefail
cd "$(dirname "$0")/.."

N="${1:-10000}"
RUNS="${RUNS:-3}"
BENCH=target/bench

. benches/lib.sh
[ -x /usr/bin/time ] || need /usr/bin/time time

cargo build --profile "$PROFILE" --quiet --bin signpost --example gen-site
mkdir -p "$BENCH"
one="$BENCH/site-$N"
two="$BENCH/site-$N-en-cy"
"$BIN"/examples/gen-site "$one" "$N" >/dev/null
"$BIN"/examples/gen-site "$two" "$((N / 2))" >/dev/null
# The Welsh translation of every page: the same text (the work is the
# same), named as a translation and linked as one.
find "$two/content" -name '*.md' ! -name '*.cy.md' | while read -r page; do
  cp "$page" "${page%.md}.cy.md"
done
if ! grep -q '^languages:' "$two/site.yaml"; then
  printf 'languages:\n  cy:\n    title: Cymorth\ntranslations: required\n' >>"$two/site.yaml"
fi

echo "machine: $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A WALL CPU
for _ in $(seq "$RUNS"); do
  for site in "$one" "$two"; do
    read -r secs _kb cpu < <(timed "$BENCH/languages.log" "$BIN"/signpost build "$site" -o "$site-out")
    WALL[$site]=$(least "${WALL[$site]:-}" "$secs")
    CPU[$site]=$(least "${CPU[$site]:-}" "$cpu")
  done
done
printf '%-28s %8s %8s\n' site wall_s cpu_s
printf '%-28s %8.2f %8.2f\n' "$N pages, en-GB" "${WALL[$one]}" "${CPU[$one]}"
printf '%-28s %8.2f %8.2f\n' "$((N / 2)) + $((N / 2)) pages, en-GB + cy" "${WALL[$two]}" "${CPU[$two]}"
awk -v a="${WALL[$one]}" -v b="${WALL[$two]}" -v c="${CPU[$one]}" -v d="${CPU[$two]}" \
  'BEGIN { printf "bilingual / one language: %.2f wall, %.2f CPU (target: at most 1.10)\n", b / a, d / c }'
echo "(the least of $RUNS builds each, alternated; logs in $BENCH/)"
