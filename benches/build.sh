#!/usr/bin/env bash
# The build benchmark (docs/performance.md): generate sites of 1,000 and
# 10,000 pages with examples/gen-site.rs, build each with the `dist` binary
# under GNU time, and print pages per second, wall time, CPU time (user +
# system), peak memory and how the time grows from 1,000 to 10,000 pages.
#
#   benches/build.sh            1,000 and 10,000 pages
#   benches/build.sh 100000     also 100,000 pages (any further sizes may follow)
#   RUNS=5 benches/build.sh     builds per size (default 3; the fastest counts)
#   PROFILE=release benches/build.sh   the release binary (quicker to compile)
#
# Needs GNU time at /usr/bin/time (Debian package `time`): installed with
# apt-get when missing and we are root, else the script says how.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS="${RUNS:-3}"
SIZES=(1000 10000 "$@")
BENCH=target/bench

. benches/lib.sh
[ -x /usr/bin/time ] || need /usr/bin/time time

cargo build --profile "$PROFILE" --quiet --bin signpost --example gen-site
mkdir -p "$BENCH"

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%9s %10s %9s %9s %9s\n' pages pages/s wall_s cpu_s peak_MiB
declare -A WALL
for n in "${SIZES[@]}"; do
  site="$BENCH/site-$n"
  "$BIN"/examples/gen-site "$site" "$n" >/dev/null
  best="" peak=0 cpu_best=""
  for _ in $(seq "$RUNS"); do
    read -r secs kb cpu < <(timed "$BENCH/build-$n.log" "$BIN"/signpost build "$site" -o "$BENCH/out-$n")
    best=$(least "$best" "$secs")
    cpu_best=$(least "$cpu_best" "$cpu")
    peak=$((kb > peak ? kb : peak))
  done
  WALL[$n]=$best
  awk -v n="$n" -v s="$best" -v c="$cpu_best" -v kb="$peak" \
    'BEGIN { printf "%9d %10.0f %9.2f %9.2f %9.0f\n", n, n / s, s, c, kb / 1024 }'
done
awk -v a="${WALL[1000]}" -v b="${WALL[10000]}" \
  'BEGIN { printf "10k/1k time ratio: %.1f (linear: 10; target: at most 11)\n", b / a }'
echo "(wall and CPU: the least of $RUNS builds; peak: the largest of them; logs in $BENCH/)"
