"""End-to-end fixtures: the portal on a live local server, driven by headless Chromium (Playwright).

* `live_server` (session): the app on a SQLite file in a temp dir, set up like `flask --app portal init`
  (create_all + every default loader) plus `demo-data` (one account per role, sample content), served by
  werkzeug's `make_server` in a thread on a free port. CSRF is ON, as in production.
* `browser` (session) / `page` (per test, 360 px wide unless parametrised with `@both_widths`, Indonesian):
  Chromium from /usr/bin/chromium, never a downloaded browser. Without it the tests skip with a printed
  reason, except under CI (env CI set): then they fail, so a CI machine cannot silently lose its browser
  tests.
* The e2e tests run once, in the SQLite pass: with `--db postgres` they are skipped (the live server
  always uses its own SQLite file, so a second run would repeat the same thing).
* Screenshots go to tests/e2e/screenshots/ (git-ignored); a failing test leaves `FAILED-<test>.png`.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass

import pytest

from tests.e2e.helpers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DEMO_PASSWORD,
    MOBILE,
    SCREENSHOTS,
    slug,
    watch_console,
)


def pytest_collection_modifyitems(config, items):
    """Browser tests last (they share one live server; nothing else should change global extension state
    while it runs) and only in the SQLite pass."""
    e2e = [item for item in items if item.get_closest_marker("e2e")]
    if not e2e:
        return
    others = [item for item in items if not item.get_closest_marker("e2e")]
    items[:] = others + e2e
    if config.getoption("--db") == "postgres":
        skip = pytest.mark.skip(reason="e2e tests run in the SQLite pass only "
                                       "(the live server uses its own SQLite file)")
        for item in e2e:
            item.add_marker(skip)


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@dataclass
class LiveServer:
    url: str
    app: object
    password: str

    def __call__(self, path: str = "/") -> str:
        return self.url + path


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    from werkzeug.serving import make_server

    from portal import create_app
    from portal.core import defaults, demo
    from portal.extensions import db
    from tests.conftest import make_test_config

    base = tmp_path_factory.mktemp("live")
    app = create_app(make_test_config(
        base, None,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{base / 'portal.db'}",
        WTF_CSRF_ENABLED=True,   # the browser sends real tokens
        RATELIMIT_ENABLED=False,
        TESTING=False,           # errors show the friendly page, as in production
    ))
    with app.app_context():
        db.create_all()          # `flask init` runs Alembic; new feature tables may not have a migration yet
        defaults.load_all(db.session)
        demo.load(db.session, DEMO_PASSWORD)
        db.session.commit()
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app, password=DEMO_PASSWORD)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        reason = f"{CHROMIUM} not found: end-to-end tests need Debian's chromium package (`make chromium`)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must run the browser tests")
        print(f"\nSKIP e2e: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def viewport(request):
    """360 px unless a test is parametrised with `@both_widths` (helpers.py)."""
    return getattr(request, "param", MOBILE)


@pytest.fixture
def page(browser, request, viewport):
    context = browser.new_context(viewport=viewport, locale="id-ID", timezone_id="Asia/Jakarta")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.console_log = watch_console(page)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"FAILED-{slug(request.node.name)}.png"), full_page=True)
    context.close()
