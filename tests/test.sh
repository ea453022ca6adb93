#!/usr/bin/env bash
# Every test: the Rust unit and integration tests, then the browser tests
# (Playwright driving Debian's Chromium, with axe-core) over the example site,
# built once per built-in theme (default, and calm when themes/calm exists),
# the bilingual starter and the Arabic fixture.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test --all-targets

if [ ! -x /usr/bin/chromium ]; then
  echo "error: the browser tests need Chromium at /usr/bin/chromium" >&2
  echo "  help: install it with: apt-get install -y chromium   (.ci/run does this)" >&2
  exit 1
fi
if ! command -v java >/dev/null 2>&1; then
  echo "error: the HTML validator in the browser tests (vnu.jar) needs Java" >&2
  echo "  help: install it with: apt-get install -y default-jre-headless   (.ci/run does this)" >&2
  exit 1
fi
# npm ci when node_modules is missing or older than the lock file.
if [ ! -f tests/browser/node_modules/.package-lock.json ] ||
   [ tests/browser/package-lock.json -nt tests/browser/node_modules/.package-lock.json ]; then
  # No install scripts: vnu-jar's would look for Java to download, and the
  # machine's own Java is used.
  (cd tests/browser && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi

# Build SITE to OUT for the browser tests. When the build writes no _headers
# file, write the Netlify one from `signpost headers`, so the test server sends
# the real security headers (CSP, COOP/COEP, ...) and the tests exercise them.
build_site() {
  local site="$1" out="$2"
  rm -rf "$out"
  cargo run --quiet -- build "$site" -o "$out"
  if [ ! -f "$out/_headers" ]; then
    cargo run --quiet -- headers netlify "$site" >"$out/_headers"
  fi
}

build_site example-content target/browser-site
sites="$PWD/target/browser-site"

# The second built-in theme, tested the same way over the same content.
if [ -d themes/calm ]; then
  rm -rf target/example-calm
  mkdir -p target
  cp -R example-content target/example-calm
  rm -rf target/example-calm/public
  if grep -q '^theme:' target/example-calm/site.yaml; then
    sed -i 's/^theme:.*/theme: calm/' target/example-calm/site.yaml
  else
    printf 'theme: calm\n' >>target/example-calm/site.yaml
  fi
  build_site target/example-calm target/browser-site-calm
  sites="$sites:$PWD/target/browser-site-calm"
fi

# The example site with `quick_exit.history: normal`, for history.test.mjs
# only (the other tests need not run over it again).
rm -rf target/example-history-normal
cp -R example-content target/example-history-normal
rm -rf target/example-history-normal/public
sed -i 's/^quick_exit:$/quick_exit:\n  history: normal/' target/example-history-normal/site.yaml
grep -q '^  history: normal$' target/example-history-normal/site.yaml
build_site target/example-history-normal target/browser-site-history-normal

# The example site's health report, for report.test.mjs: on a date when
# some pages are overdue and others due soon, so every part has content.
SIGNPOST_TODAY=2027-09-20 cargo run --quiet -- report example-content -o target/browser-report.html

# The bilingual starter (`init --languages en,cy`), for languages.test.mjs.
rm -rf target/starter-bilingual
cargo run --quiet -- init target/starter-bilingual --languages en,cy
build_site target/starter-bilingual target/browser-bilingual

# The Arabic fixture (a right-to-left language) in each built-in theme, for
# arabic.test.mjs: target/browser-arabic/THEME.
arabic_sites=""
for theme in default calm; do
  [ -d "themes/$theme" ] || continue
  rm -rf "target/arabic-$theme"
  cp -R tests/fixtures/arabic "target/arabic-$theme"
  printf 'theme: %s\n' "$theme" >>"target/arabic-$theme/site.yaml"
  build_site "target/arabic-$theme" "target/browser-arabic/$theme"
  arabic_sites="$arabic_sites:$PWD/target/browser-arabic/$theme"
done

# Every built site, separated by ":"; the tests loop over them.
SIGNPOST_SITES="$sites" SIGNPOST_HISTORY_NORMAL_SITE="$PWD/target/browser-site-history-normal" \
  SIGNPOST_REPORT="$PWD/target/browser-report.html" \
  SIGNPOST_LANGUAGES_SITE="$PWD/target/browser-bilingual" \
  SIGNPOST_ARABIC_SITES="${arabic_sites#:}" \
  node --test --test-concurrency=1 tests/browser/
