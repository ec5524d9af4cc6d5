"""Published recap in a real browser: an administrator publishes a period (360 px and 1280 px), the public
page shows the frozen figures; Chart.js draws under the strict CSP; without JS the tables carry it all."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import (
    MOBILE,
    assert_accessible,
    both_widths,
    fill_complaint,
    login,
    new_staff_account,
    no_horizontal_scroll,
    screenshot,
    shot,
)

pytestmark = pytest.mark.e2e

PERIOD = "2025"


@pytest.fixture(scope="module")
def published(live_server):
    """A handful of 2025 complaints in three categories and channels, published as the 2025 recap."""
    from portal.accounts import service as accounts
    from portal.core import periods
    from portal.dumas.models import Category, Complaint
    from portal.extensions import db
    from portal.recap import service as recaps

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
        recaps.publish(db.session, periods.year_period(2025), admin, replace=True)
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
        followed_up = page.get_by_role("table", name="Kategorisasi aduan yang telah ditindaklanjuti")
        expect(followed_up).to_be_visible()
    finally:
        context.close()


def _tile(page, label: str) -> str:
    """The number on a summary tile ('Total aduan', 'Selesai', ...) of the recap shown on the page."""
    tile = page.locator(".recap-tile", has=page.get_by_text(label, exact=True))
    return tile.locator(".display-6").inner_text()


@both_widths
def test_admin_publishes_a_recap_and_the_public_sees_it_frozen(page, live_server, viewport):
    from portal.core import periods
    from portal.core.models.base import utcnow
    from portal.core.workdays import local_date

    today = local_date(utcnow())
    # A different period per width, so each run publishes a new one: the running month, the running year.
    if viewport["width"] < 600:
        kind, period = "Bulan", periods.month_period(today.year, today.month)
    else:
        kind, period = "Semester", periods.semester_period(today.year, 1 if today.month <= 6 else 2)

    # 1. A new administrator logs in (enrolling the second factor on the way) and opens the live recap.
    email = new_staff_account(live_server, ["admin"], f"Admin rekap {viewport['width']}")
    login(page, live_server, email)
    expect(page).to_have_url(live_server("/admin/"))
    page.get_by_role("navigation", name="Menu admin").get_by_role("link", name="Rekapitulasi").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rekapitulasi pengaduan")

    # 2. Chooses the period with the form (a GET: the URL can be shared) and sees the live figures.
    page.get_by_label("Jenis periode").select_option(label=kind)
    page.get_by_label("Tahun", exact=True).fill(str(today.year))
    if kind == "Bulan":
        page.get_by_label("Bulan", exact=True).select_option(str(today.month))
    else:
        page.get_by_label("Semester", exact=True).select_option("1" if today.month <= 6 else "2")
    with page.expect_navigation():
        page.get_by_role("button", name="Tampilkan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(period.label)
    expect(page.get_by_text("Rekap periode ini belum diterbitkan.")).to_be_visible()
    live_total = _tile(page, "Total aduan")
    assert int(live_total.replace(".", "")) > 0, "the demo data fills the running period"
    no_horizontal_scroll(page)
    assert_accessible(page, "rekap admin (langsung)")

    # 3. Publishes it (the form asks for confirmation first).
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.get_by_role("button", name="Terbitkan rekap").click()
    expect(page.get_by_role("status").first).to_contain_text(f"Rekap {period.label} diterbitkan")
    expect(page.get_by_text(f"Rekap {period.label} sudah diterbitkan pada")).to_be_visible()
    shot(page, "rekap-01-admin-terbit")

    # 4. The public page lists and shows it, with the figures of the moment of publication.
    page.get_by_role("link", name="Lihat halaman publik").click()
    page.wait_for_url(re.compile(rf"/rekap/{period.key}$"))
    expect(page.get_by_role("heading", level=2, name=re.compile(period.label))).to_be_visible()
    assert _tile(page, "Total aduan") == live_total
    # Chart.js drew (strict CSP)
    expect(page.locator("figure[data-recap-chart] canvas").first).to_be_visible()
    no_horizontal_scroll(page)
    assert_accessible(page, "rekap publik")
    shot(page, "rekap-02-publik")

    # 5. A complaint filed afterwards moves the live figures, not the published ones.
    page.goto(live_server("/pengaduan"))
    fill_complaint(page, name="Warga Uji Rekap", email="warga.rekap@contoh.id", category="Pelayanan",
                   subject="Aduan setelah rekap terbit",
                   description="Aduan ini masuk setelah rekap diterbitkan dan tidak boleh mengubahnya.")
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim pengaduan").click()
    expect(page.locator("#nomor-pengaduan")).to_be_visible()
    page.goto(live_server(f"/rekap/{period.key}"))
    assert _tile(page, "Total aduan") == live_total
    page.goto(live_server(f"/admin/rekap?periode={period.key}"))
    assert int(_tile(page, "Total aduan").replace(".", "")) == int(live_total.replace(".", "")) + 1
    assert page.console_log.errors() == [], page.console_log
