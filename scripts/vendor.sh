#!/usr/bin/env bash
# Refresh portal/static/vendor from the npm registry (versions pinned in package.json). The result is committed.
#
# Only what the portal uses (issue 15):
# * Bootstrap's CSS goes through PurgeCSS (scripts/purgecss.config.cjs): every selector whose classes appear in
#   no template, script or Python file of portal/ is dropped (232 KB -> about 60 KB; 9 KB with brotli). Classes
#   that JavaScript or Bootstrap's own scripts toggle (show, collapsing, active...) and the prefixes templates
#   build at run time (text-bg-*, alert-*...) are safelisted there. A template that starts using a Bootstrap
#   class the purged file lacks fails tests/core/test_assets.py::test_purged_bootstrap_has_every_class_used
#   (it reads tests/core/bootstrap_classes.txt, the class names of the full file, written here): run this
#   script again.
# * Bootstrap's JavaScript: the portal uses only Collapse (the phone menu), so esbuild bundles that one
#   component from Bootstrap's sources (80 KB bundle -> 13 KB); window.bootstrap.Collapse as before.
# * Chart.js as shipped (loaded only by the pages that draw charts).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp package.json "$tmp/"
(cd "$tmp" && npm install --no-audit --no-fund --silent)
mkdir -p portal/static/vendor/bootstrap portal/static/vendor/chartjs tests/e2e/vendor
bs="$tmp/node_modules/bootstrap"

# Bootstrap CSS, purged
PURGE_CSS="$bs/dist/css/bootstrap.min.css" "$tmp/node_modules/.bin/purgecss" \
  --config scripts/purgecss.config.cjs --output "$tmp/purged/"
{ echo "/* Bootstrap $(node -p "require('$bs/package.json').version") purged by scripts/vendor.sh: only the selectors portal/ uses */"
  cat "$tmp/purged/bootstrap.min.css"; } > portal/static/vendor/bootstrap/bootstrap.min.css
# The class names of the full file, for the test that catches a class the purged file lacks.
grep -v sourceMappingURL "$bs/dist/css/bootstrap.min.css" | grep -oE '\.-?[_a-zA-Z][_a-zA-Z0-9-]*' | cut -c2- | sort -u \
  > tests/core/bootstrap_classes.txt

# Bootstrap JS: Collapse only
cat > "$tmp/collapse-entry.js" <<'JS'
/*! Bootstrap Collapse (https://getbootstrap.com/), MIT licence (portal/static/vendor/bootstrap/LICENSE);
    bundled alone by scripts/vendor.sh: the portal uses no other Bootstrap script. */
import Collapse from "bootstrap/js/src/collapse.js";
export { Collapse };
JS
(cd "$tmp" && node_modules/.bin/esbuild collapse-entry.js --bundle --minify --legal-comments=inline \
  --format=iife --global-name=bootstrap --target=es2019 --log-level=warning \
  --outfile=bootstrap-collapse.min.js)
cp "$tmp/bootstrap-collapse.min.js" portal/static/vendor/bootstrap/bootstrap-collapse.min.js
rm -f portal/static/vendor/bootstrap/bootstrap.bundle.min.js
cp "$bs/LICENSE" portal/static/vendor/bootstrap/LICENSE

cp "$tmp/node_modules/chart.js/dist/chart.umd.min.js" portal/static/vendor/chartjs/chart.umd.min.js
cp "$tmp/node_modules/chart.js/LICENSE.md" portal/static/vendor/chartjs/LICENSE.md
cp "$tmp/node_modules/axe-core/axe.min.js" tests/e2e/vendor/axe.min.js
echo "vendored into portal/static/vendor and tests/e2e/vendor"
