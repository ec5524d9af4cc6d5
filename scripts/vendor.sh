#!/usr/bin/env bash
# Refresh portal/static/vendor from the npm registry (versions pinned in package.json). The result is committed.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
cp package.json "$tmp/"
(cd "$tmp" && npm install --no-audit --no-fund --silent)
mkdir -p portal/static/vendor/bootstrap portal/static/vendor/chartjs tests/e2e/vendor
cp "$tmp/node_modules/bootstrap/dist/css/bootstrap.min.css" portal/static/vendor/bootstrap/
cp "$tmp/node_modules/bootstrap/dist/js/bootstrap.bundle.min.js" portal/static/vendor/bootstrap/
cp "$tmp/node_modules/bootstrap/LICENSE" portal/static/vendor/bootstrap/LICENSE
cp "$tmp/node_modules/chart.js/dist/chart.umd.min.js" portal/static/vendor/chartjs/chart.umd.min.js
cp "$tmp/node_modules/chart.js/LICENSE.md" portal/static/vendor/chartjs/LICENSE.md
cp "$tmp/node_modules/axe-core/axe.min.js" tests/e2e/vendor/axe.min.js
rm -rf "$tmp"
echo "vendored into portal/static/vendor and tests/e2e/vendor"
