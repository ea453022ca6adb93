#!/usr/bin/env bash
# signpost beside Hugo on the same generated content (docs/performance.md).
#
#   benches/hugo.sh            10,000 pages, 5 builds of each tool
#   benches/hugo.sh 1000       another size
#   RUNS=7 benches/hugo.sh     builds per tool (the median counts)
#   PROFILE=release benches/hugo.sh 1000   the release binary (quicker to compile)
#
# The site comes from examples/gen-site.rs. Hugo reads the same content/
# folder through a small theme of its own written here (a page with the
# top-level sections as navigation, like signpost's default theme) and
# minifies its output (`--minify`); signpost builds with its audit and link
# checks on, as always. The two tools take turns, so a change in the
# machine's load falls on both. The script prints each tool's median wall
# time, CPU time (user + system) and peak memory, and signpost's time as a
# fraction of Hugo's (wall, the target; and CPU, steadier on a busy machine).
#
# Needs Debian's `hugo` and GNU time: installed with apt-get when missing and
# we are root, else the script says how.
set -euo pipefail
cd "$(dirname "$0")/.."

N="${1:-10000}"
RUNS="${RUNS:-5}"
BENCH=target/bench

. benches/lib.sh
need hugo hugo
[ -x /usr/bin/time ] || need /usr/bin/time time

cargo build --profile "$PROFILE" --quiet --bin signpost --example gen-site
mkdir -p "$BENCH"
site="$BENCH/site-$N"
"$BIN"/examples/gen-site "$site" "$N" >/dev/null

# Hugo's copy of the site: the same content folder, its own layouts.
hsite="$BENCH/hugo-$N"
rm -rf "$hsite"
mkdir -p "$hsite/layouts/_default"
ln -s "$PWD/$site/content" "$hsite/content"
cat >"$hsite/config.toml" <<'EOF'
baseURL = "https://www.example.ac.uk/"
languageCode = "en-GB"
title = "Stalking and harassment support"
disableKinds = ["taxonomy", "term", "RSS"]
[markup.goldmark.renderer]
unsafe = true
EOF
cat >"$hsite/layouts/_default/baseof.html" <<'EOF'
<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ .Site.Title }}</title>
<meta name="description" content="{{ .Description }}"></head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header"><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a></header>
<nav class="site-nav" aria-label="Sections"><ul class="site-nav__list">
<li class="site-nav__item"><a class="site-nav__link" href="{{ .Site.Home.RelPermalink }}">Home</a></li>
{{ range .Site.Sections }}<li class="site-nav__item"><a class="site-nav__link" href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul></nav>
<main id="main">{{ block "main" . }}{{ end }}</main>
<footer class="site-footer"><p>{{ .Site.Title }}</p></footer>
</body>
</html>
EOF
cat >"$hsite/layouts/_default/single.html" <<'EOF'
{{ define "main" }}<article><h1>{{ .Title }}</h1>{{ .Content }}</article>{{ end }}
EOF
cat >"$hsite/layouts/_default/list.html" <<'EOF'
{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
EOF

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$("$BIN"/signpost --version); $(hugo version | cut -d' ' -f1-2); $N pages, $RUNS builds each, taking turns"
sp_times=() sp_cpu=() sp_peak=0 hu_times=() hu_cpu=() hu_peak=0
for i in $(seq "$RUNS"); do
  read -r s kb c < <(timed "$BENCH/hugo-bench-signpost.log" "$BIN"/signpost build "$site" -o "$BENCH/out-signpost-$N")
  sp_times+=("$s") sp_cpu+=("$c")
  sp_peak=$((kb > sp_peak ? kb : sp_peak))
  rm -rf "$BENCH/out-hugo-$N"
  read -r s kb c < <(timed "$BENCH/hugo-bench-hugo.log" hugo --source "$hsite" --destination "$PWD/$BENCH/out-hugo-$N" --minify --quiet)
  hu_times+=("$s") hu_cpu+=("$c")
  hu_peak=$((kb > hu_peak ? kb : hu_peak))
  echo "run $i: signpost ${sp_times[-1]} s (CPU ${sp_cpu[-1]} s), hugo ${hu_times[-1]} s (CPU ${hu_cpu[-1]} s)"
done
sp=$(printf '%s\n' "${sp_times[@]}" | median)
hu=$(printf '%s\n' "${hu_times[@]}" | median)
spc=$(printf '%s\n' "${sp_cpu[@]}" | median)
huc=$(printf '%s\n' "${hu_cpu[@]}" | median)
printf '%-9s %9s %9s %9s\n' tool median_s cpu_s peak_MiB
printf '%-9s %9.2f %9.2f %9.0f\n' signpost "$sp" "$spc" "$((sp_peak / 1024))"
printf '%-9s %9.2f %9.2f %9.0f\n' hugo "$hu" "$huc" "$((hu_peak / 1024))"
awk -v a="$sp" -v b="$hu" 'BEGIN { printf "signpost / hugo: %.2f (target: at most 0.25)\n", a / b }'
awk -v a="$spc" -v b="$huc" 'BEGIN { printf "signpost / hugo, CPU time (user + system): %.2f\n", a / b }'
echo "(pages written: signpost $(find "$BENCH/out-signpost-$N" -name '*.html' | wc -l), hugo $(find "$BENCH/out-hugo-$N" -name '*.html' | wc -l))"
