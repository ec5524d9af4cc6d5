#!/usr/bin/env bash
# Lighthouse (npm `lighthouse`, headless /usr/bin/chromium) on the public pages: the four scores per page and
# the bytes transferred for the first load of `/`.
#
#   benchmarks/lighthouse.sh                               # own server: gunicorn on a temp SQLite demo instance
#   BASE_URL=http://127.0.0.1:5000 benchmarks/lighthouse.sh   # against a running `flask run` or gunicorn
#   PRESET=desktop benchmarks/lighthouse.sh                # desktop instead of the default mobile emulation
#
# Lighthouse is installed with npm into $LIGHTHOUSE_DIR (default ~/.cache/portal-lighthouse, outside the
# repository) the first time. Reports (JSON) go to $OUT (default a temp folder, printed at the end).
# Without BASE_URL the script builds a throw-away instance (schema, `flask init` content and demo data) and
# serves it with gunicorn on 127.0.0.1 with the portal's production-like settings (2 workers, gthread); it
# stops that server (its process group) and removes the instance at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY="$ROOT/.venv/bin/python"
LIGHTHOUSE_VERSION=${LIGHTHOUSE_VERSION:-12.8.2}
LIGHTHOUSE_DIR=${LIGHTHOUSE_DIR:-$HOME/.cache/portal-lighthouse}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
PRESET=${PRESET:-mobile}
OUT=${OUT:-$(mktemp -d /tmp/portal-lighthouse-XXXXXX)}
mkdir -p "$OUT"
PAGES=${PAGES:-"/ /rencana-aksi /standar-pelayanan /maklumat /pengaduan /pengaduan/lacak /wbs /wbs/lapor /survei /survei/hasil /rekap"}

if [ ! -x "$LIGHTHOUSE_DIR/node_modules/.bin/lighthouse" ]; then
  echo "Memasang lighthouse@$LIGHTHOUSE_VERSION ke $LIGHTHOUSE_DIR ..."
  mkdir -p "$LIGHTHOUSE_DIR"
  [ -f "$LIGHTHOUSE_DIR/package.json" ] || (cd "$LIGHTHOUSE_DIR" && npm init -y >/dev/null)
  npm install --prefix "$LIGHTHOUSE_DIR" --no-audit --no-fund --silent "lighthouse@$LIGHTHOUSE_VERSION"
fi
LH="$LIGHTHOUSE_DIR/node_modules/.bin/lighthouse"

SERVER_PID=""
WORKDIR=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill -TERM -- "-$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [ -n "$WORKDIR" ]; then rm -rf "$WORKDIR"; fi
}
trap cleanup EXIT

if [ -z "${BASE_URL:-}" ]; then
  WORKDIR=$(mktemp -d /tmp/portal-lh-instance-XXXXXX)
  "$PY" - "$WORKDIR" <<'PYEOF'
import sys
from pathlib import Path
sys.path.insert(0, "benchmarks")
import benchlib
workdir = Path(sys.argv[1])
counts = benchlib.build_demo_database(f"sqlite:///{workdir / 'portal.db'}", workdir)
print("instance:", counts)
PYEOF
  PORT=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  BASE_URL="http://127.0.0.1:$PORT"
  # setsid: gunicorn gets its own process group, stopped as a whole by cleanup()
  DATABASE_URL="sqlite:///$WORKDIR/portal.db" SECRET_KEY="$(cat "$WORKDIR/secret")" \
  PORTAL_UPLOAD_FOLDER="$WORKDIR/uploads" PORTAL_WBS_KEY_FILE="$WORKDIR/instance/wbs.key" \
  PORTAL_RATELIMIT_STORAGE=memory:// PORTAL_MAIL_SERVER= \
    setsid "$ROOT/.venv/bin/gunicorn" --workers 2 --worker-class gthread --threads 4 \
      --bind "127.0.0.1:$PORT" --log-level warning "portal:create_app()" >"$WORKDIR/gunicorn.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do
    if "$PY" -c "import urllib.request,sys; urllib.request.urlopen('$BASE_URL/healthz', timeout=2)" 2>/dev/null; then break; fi
    sleep 0.5
  done
fi
echo "Server: $BASE_URL   Chromium: $CHROME_PATH   preset: $PRESET   laporan: $OUT"

FLAGS="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking --disable-component-update --disable-sync --no-first-run"
PRESET_ARG=()
if [ "$PRESET" = "desktop" ]; then PRESET_ARG=(--preset=desktop); fi
i=0
for page in $PAGES; do
  i=$((i + 1))
  "$LH" "$BASE_URL$page" --quiet --chrome-flags="$FLAGS" "${PRESET_ARG[@]}" \
    --only-categories=performance,accessibility,best-practices,seo \
    --output=json --output-path="$OUT/page$i.json" >/dev/null 2>"$OUT/page$i.log" \
    || echo "lighthouse gagal untuk $page (lihat $OUT/page$i.log)"
done

"$PY" - "$OUT" "$BASE_URL" <<'PYEOF'
import json, sys
from pathlib import Path
out, base = Path(sys.argv[1]), sys.argv[2]
rows = []
first = None
for path in sorted(out.glob("page*.json"), key=lambda p: int(p.stem[4:])):
    data = json.loads(path.read_text())
    cats = data["categories"]
    score = lambda k: "-" if cats.get(k, {}).get("score") is None else f"{cats[k]['score'] * 100:.0f}"
    url = data["finalDisplayedUrl"].replace(base, "") or "/"
    audits = data["audits"]
    rows.append((url, score("performance"), score("accessibility"), score("best-practices"), score("seo"),
                 audits["total-byte-weight"]["numericValue"] / 1024,
                 audits.get("largest-contentful-paint", {}).get("displayValue", "-")))
    if first is None:
        first = data
print()
print(f"| {'page':<20} | perf | a11y | best practices | SEO | transferred KB | LCP |")
print(f"|{'-' * 22}|-----:|-----:|---------------:|----:|---------------:|----:|")
for url, p, a, b, s, kb, lcp in rows:
    print(f"| {url:<20} | {p:>4} | {a:>4} | {b:>14} | {s:>3} | {kb:>14.1f} | {lcp} |")
if first is not None:
    items = first["audits"]["network-requests"]["details"]["items"]
    total = sum(i.get("transferSize", 0) for i in items)
    print()
    print(f"first load of {first['finalDisplayedUrl']}: {len(items)} requests, {total} bytes transferred "
          f"({total / 1024:.1f} KB)")
    for item in sorted(items, key=lambda i: -i.get("transferSize", 0)):
        enc = "" if item.get("transferSize", 0) >= item.get("resourceSize", 0) else " (compressed)"
        print(f"  {item.get('transferSize', 0):>8} B  {item['url'].replace(base, '')}{enc}")
    failed = [(k, a["title"]) for k, a in first["audits"].items()
              if a.get("score") is not None and a["score"] < 0.9 and a.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")]
    if failed:
        print("audits below 0.9 on /: " + "; ".join(f"{k}" for k, _t in failed[:12]))
PYEOF
