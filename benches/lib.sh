# Shared by the bench scripts (sourced, not run): installing what a bench
# needs, and timing one command under GNU time.

# The profile measured: `dist` (fat LTO, as installed); PROFILE=release for
# a quicker compile when only checking that a script works.
PROFILE="${PROFILE:-dist}"
BIN="target/$PROFILE"

# need CMD PACKAGE: install Debian's PACKAGE when CMD is missing and we are
# root, else stop with the command to run.
need() {
  local cmd=$1 pkg=$2
  if command -v "$cmd" >/dev/null 2>&1; then return; fi
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null
  else
    echo "error: the benchmark needs $cmd" >&2
    echo "  help: sudo apt-get install $pkg" >&2
    exit 1
  fi
}

# timed LOG CMD...: run CMD under GNU time (its output in LOG) and print
# "seconds peak_kb cpu_seconds" (wall, peak memory, user + system CPU), or stop the script with CMD's last lines when it fails.
timed() {
  local log=$1
  shift
  if ! /usr/bin/time -v -o "$log.time" "$@" >"$log" 2>&1; then
    echo "error: '$*' failed; the last lines of $log:" >&2
    tail -n 20 "$log" >&2
    exit 1
  fi
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i] }
    /User time \(seconds\)/ || /System time \(seconds\)/ { cpu += $2 }
    /Maximum resident set size/ { kb = $2 }
    END { printf "%.3f %d %.2f\n", s, kb, cpu }' "$log.time"
}

# least A B: the smaller of two numbers; A may be empty (no run yet).
least() {
  if [ -z "$1" ] || awk -v a="$2" -v b="$1" 'BEGIN { exit !(a < b) }'; then echo "$2"; else echo "$1"; fi
}
