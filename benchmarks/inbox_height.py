"""Page heights of the DUMAS staff screens (issue 12 §5): the inbox with 20 rows at 1280 px and at 360 px,
and a case page at 1280 px, in headless Debian Chromium on the demo data (SQLite in a temporary folder)
plus enough complaints to fill 20 rows.

    .venv/bin/python benchmarks/inbox_height.py [--shots FOLDER]

Prints one line per measurement (CSS pixels, document.documentElement.scrollHeight).
"""
from __future__ import annotations

import shutil
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portal import create_app
from portal.extensions import db
from tests.conftest import make_test_config
from tests.e2e.helpers import CHROMIUM, CHROMIUM_ARGS, DEMO_PASSWORD, login

ROWS = 20
SHOTS = sys.argv[sys.argv.index("--shots") + 1] if "--shots" in sys.argv else ""  # folder for screenshots


def _app(folder: Path):
    from sqlalchemy import func, select

    from portal.core import defaults, demo
    from portal.dumas.models import Category, Complaint
    from tests.dumas_factories import make_complaint

    app = create_app(make_test_config(
        folder, None, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'portal.db'}", WTF_CSRF_ENABLED=True,
        RATELIMIT_ENABLED=False, TESTING=False))
    with app.app_context():
        db.create_all()
        defaults.load_all(db.session)
        demo.load(db.session, DEMO_PASSWORD)
        have = db.session.scalar(select(func.count()).select_from(Complaint)) or 0
        category = db.session.scalar(select(Category).order_by(Category.id))
        for n in range(max(0, ROWS - have)):
            make_complaint(db.session, category=category,
                           subject=f"Antrean layanan rekam data terlalu lama di loket {n + 1}")
        db.session.commit()
        number = db.session.scalar(select(Complaint.number).where(Complaint.status == "diproses")
                                   .order_by(Complaint.id))
        db.session.remove()
    return app, number


def measure() -> list[tuple[str, int, int, int]]:
    import logging

    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    folder = Path(tempfile.mkdtemp(prefix="inbox-height-"))
    app, number = _app(folder)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"

    class Live:
        password = DEMO_PASSWORD

        def __call__(self, path="/"):
            return base + path

    results = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID",
                                          timezone_id="Asia/Jakarta")
            page = context.new_page()
            login(page, Live(), "dumas@demo.example")
            for width, path, label in ((1280, "/admin/pengaduan?halaman=1", "inbox"),
                                       (360, "/admin/pengaduan?halaman=1", "inbox"),
                                       (1280, f"/admin/pengaduan/{number}", "case page")):
                page.set_viewport_size({"width": width, "height": 900})
                page.goto(base + path)
                rows = page.locator("table tbody tr").count() if label == "inbox" else 0
                # exactly ROWS rows, whatever the page size: the rows past the 20th are taken out
                page.evaluate("(n) => document.querySelectorAll('table tbody tr')"
                              ".forEach((row, i) => { if (i >= n) row.remove(); })", ROWS)
                height = page.evaluate("document.documentElement.scrollHeight")
                if SHOTS:
                    page.screenshot(path=f"{SHOTS}/{label.replace(' ', '-')}-{width}.png", full_page=True)
                results.append((label, width, height, rows))
            browser.close()
    finally:
        server.shutdown()
        with app.app_context():
            db.engine.dispose()
        shutil.rmtree(folder, ignore_errors=True)
    return results


def main() -> int:
    for label, width, height, rows in measure():
        extra = f" ({min(rows, ROWS)} rows kept of the {rows} on the page)" if label == "inbox" else ""
        print(f"{label:10} {width:5} px wide: {height:6} px tall{extra}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
