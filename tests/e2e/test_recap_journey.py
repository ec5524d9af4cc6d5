"""Published recap in a real browser: Chart.js draws under the strict CSP; without JS the tables carry it all."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import MOBILE, axe_violations, screenshot

pytestmark = pytest.mark.e2e

PERIOD = "2025"


@pytest.fixture(scope="module")
def published(live_server):
    """A handful of 2025 complaints in three categories and channels, published as the 2025 recap."""
    from portal.extensions import db
    from portal.models import Category, Complaint
    from portal.services import accounts, recaps

    app = live_server.app
    with app.app_context():
        cats = []
        for order, (slug, name) in enumerate([("e2e-pelayanan", "Pelayanan (uji)"),
                                              ("e2e-data", "Data pemilih (uji)"),
                                              ("e2e-logistik", "Logistik (uji)")]):
            cat = Category(slug=slug, name=name, order=90 + order)
            db.session.add(cat)
            cats.append(cat)
        db.session.flush()
        statuses = ["selesai", "selesai", "ditolak", "diproses", "diteruskan", "diterima", "selesai"]
        channels = ["website", "email", "hotline"]
        for i in range(21):
            status = statuses[i % len(statuses)]
            closed = status in ("selesai", "ditolak", "diteruskan")
            db.session.add(Complaint(
                number=f"DUMAS-2025-{90001 + i}", year=2025, seq=90001 + i, access_code_hash="x",
                subject=f"Aduan uji {i}", description="Uraian", channel=channels[i % 3], status=status,
                category_id=cats[i % 3].id, days_to_close=(3 + i % 9) if closed else None,
                closed_on_time=(i % 4 != 0) if closed else None,
                received_at=datetime(2025, 1 + i % 12, 10, 2, 0, tzinfo=UTC) + timedelta(hours=i),
            ))
        admin = accounts.create_user(db.session, "rekap-e2e@uji.example", "rahasia-uji-123", ["admin"],
                                     name="Admin rekap")
        db.session.flush()
        recaps.publish(db.session, recaps.year_period(2025), admin, replace=True)
        db.session.commit()
        db.session.remove()
    return live_server


def test_recap_page_draws_charts_next_to_tables(page, published):
    page.goto(published(f"/rekap/{PERIOD}"))
    expect(page.get_by_role("heading", name="Rekapitulasi pengaduan masyarakat — Tahun 2025")).to_be_visible()
    figures = page.locator("figure[data-recap-chart]")
    expect(figures).to_have_count(3)
    for i in range(3):
        expect(figures.nth(i)).to_be_visible()
    # Chart.js drew on every canvas (it sizes the canvas and keeps a chart instance on it)
    drawn = page.evaluate(
        "() => Array.from(document.querySelectorAll('figure[data-recap-chart] canvas'))"
        ".map(c => !!window.Chart.getChart(c) && c.width > 0 && c.height > 0)")
    assert drawn == [True, True, True]
    expect(page.get_by_role("table", name="Status aduan per bulan")).to_be_visible()
    expect(page.get_by_role("table", name="Aduan per kategori")).to_contain_text("Pelayanan (uji)")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= MOBILE["width"], f"page is {width}px wide: horizontal scrolling"
    screenshot(page, "rekap-2025-360")
    assert page.console_log.errors() == [], page.console_log  # CSP violations land here


def test_recap_without_javascript_shows_tables_only(browser, published):
    context = browser.new_context(viewport=MOBILE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(published(f"/rekap/{PERIOD}"))
        expect(page.locator("figure[data-recap-chart]").first).to_be_hidden()
        expect(page.locator("table.recap-table")).to_have_count(6)
        expect(page.get_by_role("table", name="Kategorisasi aduan yang telah ditindaklanjuti")).to_be_visible()
    finally:
        context.close()


def test_recap_page_has_no_serious_accessibility_violations(browser, published):
    for path in ["/rekap", f"/rekap/{PERIOD}"]:
        violations = axe_violations(browser, published(path))
        assert violations == [], (path, violations)
