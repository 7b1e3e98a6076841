#!/usr/bin/env bash
# Runs the browser tests: installs the npm packages if needed, builds the server unless
# HINDSIGHT_BIN points at one, then `npm test`. Needs Debian's chromium at /usr/bin/chromium
# (apt-get install chromium); no browser is downloaded.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

if [[ ! -d node_modules ]]; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi

if [[ -z "${HINDSIGHT_BIN:-}" ]]; then
  (cd ../.. && cargo build)
fi

npm test
