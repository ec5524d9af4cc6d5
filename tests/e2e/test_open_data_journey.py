"""Data Terbuka in a real browser: a journalist finds the open data from the menu (360 and 1280 px), reads the
catalogue, follows a link to the JSON, and a page on another origin reads the API (CORS)."""
from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import assert_accessible, both_widths, no_horizontal_scroll, shot

pytestmark = pytest.mark.e2e


@both_widths
def test_open_data_page_from_the_menu_to_the_json(page, live_server):
    page.goto(live_server("/"))
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
    page.get_by_role("link", name="Data Terbuka").click()
    expect(page).to_have_url(re.compile(r"/data-terbuka$"))  # a click does not wait for the navigation
    assert page.get_by_role("heading", level=1).inner_text() == "Data Terbuka"
    table = page.get_by_role("table")
    assert table.get_by_role("link", name="/api/v1/rencana-aksi", exact=True).is_visible()
    assert "/api/v1/rekap/dumas/{period_key}" in table.inner_text()
    no_horizontal_scroll(page)
    assert_accessible(page, "data-terbuka")
    shot(page, "data-terbuka")
    page.get_by_role("link", name="/api/v1/rekap/dumas", exact=True).click()
    body = json.loads(page.locator("body").inner_text())
    assert body["kind"] == "dumas" and body["count"] >= 1


def test_another_origin_reads_the_api(browser, live_server):
    """A page on another origin (http://localhost instead of http://127.0.0.1; our CSP bypassed, as another
    site would not have it) fetches /api/v1: CORS lets it read the answer and its ETag."""
    context = browser.new_context(bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(live_server.url.replace("127.0.0.1", "localhost") + "/healthz")
        answer = page.evaluate("""async (url) => {
            const response = await fetch(url);
            return {status: response.status, etag: response.headers.get("ETag"), body: await response.json()};
        }""", live_server("/api/v1"))
        refused = page.evaluate("""async (url) => {
            try { await fetch(url); return false; } catch (err) { return true; }
        }""", live_server("/pengaduan"))  # a page, not open data: the browser refuses to share it
    finally:
        context.close()
    assert refused, "the fetch is not cross-origin, so it proves nothing"
    assert answer["status"] == 200 and answer["etag"]
    assert any(row["path"] == "/api/v1/openapi.json" for row in answer["body"]["endpoints"])
