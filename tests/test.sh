#!/usr/bin/env bash
# Every test: the Rust unit and integration tests, then the browser tests
# (Playwright driving Debian's Chromium, with axe-core) over the example site.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test --all-targets

if [ ! -x /usr/bin/chromium ]; then
  echo "error: the browser tests need Chromium at /usr/bin/chromium" >&2
  echo "  help: install it with: apt-get install -y chromium   (.ci/run does this)" >&2
  exit 1
fi
if [ ! -d tests/browser/node_modules ]; then
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi
rm -rf target/browser-site
cargo run --quiet -- build example-content -o target/browser-site
SIGNPOST_SITE="$PWD/target/browser-site" node --test --test-concurrency=1 tests/browser/
