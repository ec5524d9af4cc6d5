"""Bytes a real browser transfers (issue 15 part 2): first load of `/` <= 40 KB, a second page <= 10 KB, and
the second page asks the network for no static file (fingerprinted names, `immutable`).

Chromium with its cache on, against the portal on a live local server whose static files are built as `make`
builds them (portal/core/assets.py, into a temporary folder; the session's live_server may run without a
build). The count is Chromium's own (DevTools protocol, Network.loadingFinished encodedDataLength: bytes
received for each response, compressed body and headers). benchmarks/assets.py prints the same loads.
"""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tests.e2e.helpers import DEMO_PASSWORD, MOBILE

pytestmark = pytest.mark.e2e

FIRST_LIMIT = 40 * 1024
SECOND_LIMIT = 10 * 1024


@pytest.fixture(scope="module")
def built_server(tmp_path_factory):
    from werkzeug.serving import make_server

    from portal import create_app
    from portal.core import assets, defaults, demo
    from portal.extensions import db
    from tests.conftest import make_test_config

    base = tmp_path_factory.mktemp("live-assets")
    assets.build(Path(assets.__file__).resolve().parents[1] / "static", base / "assets")
    app = create_app(make_test_config(
        base, None, SQLALCHEMY_DATABASE_URI=f"sqlite:///{base / 'portal.db'}", WTF_CSRF_ENABLED=True,
        TESTING=False, ASSETS_FOLDER=str(base / "assets")))
    with app.app_context():
        db.create_all()
        defaults.load_all(db.session)
        demo.load(db.session, DEMO_PASSWORD)
        db.session.commit()
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-assets", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with app.app_context():
            db.engine.dispose()


class Wire:
    """What went over the network, per page load, from the DevTools protocol."""

    def __init__(self, cdp):
        self.urls: dict[str, str] = {}
        self.cached: set[str] = set()
        self.loads: list[dict[str, int]] = []
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.requestServedFromCache", lambda e: self.cached.add(e["requestId"]))
        cdp.on("Network.loadingFinished", self._finished)
        cdp.send("Network.enable")

    def _response(self, event):
        self.urls[event["requestId"]] = event["response"]["url"]
        if event["response"].get("fromDiskCache") or event["response"].get("fromMemoryCache"):
            self.cached.add(event["requestId"])

    def _finished(self, event):
        if event["requestId"] not in self.cached and self.loads:
            url = self.urls.get(event["requestId"], "?")
            self.loads[-1][url] = self.loads[-1].get(url, 0) + int(event["encodedDataLength"])

    def load(self, page, url: str) -> dict[str, int]:
        self.loads.append({})
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        return self.loads[-1]


def test_first_and_second_page_bytes_with_the_cache_on(browser, built_server):
    context = browser.new_context(viewport=MOBILE, locale="id-ID", extra_http_headers={})
    try:
        page = context.new_page()
        wire = Wire(context.new_cdp_session(page))
        first = wire.load(page, built_server + "/")
        assert any("/static/vendor/bootstrap/bootstrap.min." in url for url in first), first
        assert all("/static/" not in url or ".br" not in url for url in first)
        first_total = sum(first.values())
        second = wire.load(page, built_server + "/rencana-aksi")
        second_total = sum(second.values())
        report = (f"first load of /: {first_total:,} bytes {first}\n"
                  f"second page /rencana-aksi: {second_total:,} bytes {second}")
        print(report)
        assert first_total <= FIRST_LIMIT, report
        assert second_total <= SECOND_LIMIT, report
        # Every static file of the first page comes from the cache: none of its URLs went out again.
        again = [url for url in second if "/static/" in url and url in first]
        assert not again, report
        # ... and the pages are whole: Bootstrap's styles and the menu script ran.
        assert page.evaluate("getComputedStyle(document.querySelector('.navbar')).display") == "flex"
        assert page.evaluate("document.body.classList.contains('js') && !!window.bootstrap.Collapse")
    finally:
        context.close()
