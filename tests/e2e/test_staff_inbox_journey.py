"""The DUMAS officer's day in a real browser, at 360 px and at 1280 px (issue 12 §5): the inbox narrowed by a
status tab, sorted by a column header, two cases assigned at once from the bulk action bar, a case opened
and acted on from its next-step panel (a note behind its <details>, then the main move), the period report.
axe-core on the inbox, the case page and the report, under the portal's real CSP."""
from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import (
    assert_accessible,
    both_widths,
    login,
    new_staff_account,
    no_horizontal_scroll,
    shot,
)

pytestmark = pytest.mark.e2e


def _cases(live_server, tag: str, count: int = 3) -> list[str]:
    """`count` new complaints whose subject carries `tag` (so a search shows only them), oldest first."""
    from sqlalchemy import select

    from portal.dumas.models import Category
    from portal.extensions import db
    from tests.dumas_factories import make_complaint

    with live_server.app.app_context():
        category = db.session.scalar(select(Category).where(Category.slug == "pelayanan"))
        numbers = [make_complaint(db.session, category=category, reporter_name="Warga Uji",
                                  subject=f"Antrean loket {i + 1} lama {tag}").number for i in range(count)]
        db.session.commit()
        db.session.remove()
    return numbers


@both_widths
def test_officer_filters_sorts_bulk_assigns_and_acts_from_the_panel(page, live_server, viewport):
    tag = f"u{uuid.uuid4().hex[:6]}"
    numbers = _cases(live_server, tag)
    helper_name = f"Petugas Massal {tag}"
    new_staff_account(live_server, ["dumas"], helper_name)
    login(page, live_server, "dumas@demo.example")

    # 1. The inbox, searched, then the "Diterima" tab with its count
    page.goto(live_server(f"/admin/pengaduan?cari={tag}"))
    tabs = page.get_by_role("navigation", name="Status aduan")
    expect(tabs.get_by_role("link", name=re.compile(r"^Diterima 3$"))).to_be_visible()
    with page.expect_navigation():
        tabs.get_by_role("link", name=re.compile(r"^Diterima")).click()
    assert "status=diterima" in page.url and f"cari={tag}" in page.url
    expect(tabs.get_by_role("link", name=re.compile(r"^Diterima"))).to_have_attribute("aria-current", "page")

    # 2. Sorted by number, ascending (the header says so to assistive technology)
    with page.expect_navigation():
        page.get_by_role("link", name="Nomor", exact=True).click()
    expect(page.locator("th[aria-sort=ascending]")).to_contain_text("Nomor")
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(3)
    assert [rows.nth(i).get_attribute("data-number") for i in range(3)] == numbers

    # 3. "Tick all" (JavaScript) ticks every row; then only the first two for the bulk assignment
    select_all = page.get_by_label("Centang semua aduan di halaman ini")
    select_all.check()
    for number in numbers:
        expect(page.get_by_label(f"Pilih {number}")).to_be_checked()
    select_all.uncheck()
    page.get_by_label(f"Pilih {numbers[0]}").check()
    page.get_by_label(f"Pilih {numbers[1]}").check()
    expect(page.locator("[data-bulk-count]")).to_have_text("(2 dicentang)")
    page.get_by_label("Tugaskan kepada").select_option(label=helper_name)
    no_horizontal_scroll(page)
    assert_accessible(page, "kotak masuk (tab Diterima, urut nomor)")
    shot(page, "staff-inbox-01-sebelum-tugaskan")
    with page.expect_navigation():
        page.get_by_role("button", name="Tugaskan", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("2 aduan ditugaskan.")
    assert "status=diterima" in page.url and "urut=nomor" in page.url  # back to the same list
    for number, officer in zip(numbers, [helper_name, helper_name, "belum ditugaskan"], strict=True):
        expect(page.locator(f"tr[data-number='{number}']")).to_contain_text(officer)
    shot(page, "staff-inbox-02-sesudah-tugaskan")

    # 4. The case page: one main move open, the rest behind <details>
    with page.expect_navigation():
        page.get_by_role("link", name=numbers[0]).click()
    panel = page.locator("section[aria-labelledby=h-next]")
    expect(panel.locator("section[aria-labelledby=h-verify]")).to_be_visible()
    expect(panel.locator("section[aria-labelledby=h-note]")).to_be_hidden()
    assert_accessible(page, "kasus: panel langkah berikutnya")
    panel.locator("summary", has_text="Tambah catatan tindak lanjut").click()
    note = panel.locator("section[aria-labelledby=h-note]")
    note.get_by_label("Catatan untuk pelapor (publik)").fill(f"Kami hubungi kepala loket ({tag}).")
    with page.expect_navigation():
        note.get_by_role("button", name="Tambah catatan").click()
    expect(page.get_by_role("status").first).to_contain_text("Catatan ditambahkan.")
    expect(page.locator("#riwayat")).to_contain_text(f"Kami hubungi kepala loket ({tag}).")

    verify = page.locator("section[aria-labelledby=h-verify]")
    verify.get_by_label("Kategori").select_option(label="Pelayanan")
    expect(verify.get_by_label("Petugas yang menangani")).to_have_value(re.compile(r"\d+"))
    with page.expect_navigation():
        verify.get_by_role("button", name="Verifikasi").click()
    expect(page.get_by_role("status").first).to_contain_text("diverifikasi")
    # the next state's main move is now the one open
    expect(page.locator("section[aria-labelledby=h-st-diproses]")).to_be_visible()
    expect(page.locator("section[aria-labelledby=h-st-selesai]")).to_be_hidden()
    expect(page.locator("#riwayat")).to_contain_text(helper_name)
    no_horizontal_scroll(page)
    assert_accessible(page, "kasus: diverifikasi")
    shot(page, "staff-inbox-03-kasus-panel")

    # 5. The period report (this month) lists the cases with their follow-ups
    page.goto(live_server("/admin/pengaduan/laporan"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Laporan pengaduan masyarakat dan tindak lanjutnya")
    expect(page.locator("main")).to_contain_text(numbers[0])
    expect(page.locator("main")).to_contain_text(f"Kami hubungi kepala loket ({tag}).")
    expect(page.locator("main")).not_to_contain_text("Warga Uji")  # no reporter identity
    expect(page.get_by_role("button", name="Cetak")).to_be_visible()
    no_horizontal_scroll(page)
    assert_accessible(page, "laporan periode")
    shot(page, "staff-inbox-04-laporan")
    assert page.console_log.errors() == [], page.console_log


def test_bulk_bar_and_panel_work_without_javascript(browser, live_server):
    """JavaScript off at 360 px: no "tick all" box (it needs JS), but ticking rows and the bulk bar still
    post; a <details> of the case panel opens and its form posts."""
    from tests.e2e.helpers import MOBILE

    tag = f"n{uuid.uuid4().hex[:6]}"
    numbers = _cases(live_server, tag, count=2)
    context = browser.new_context(viewport=MOBILE, locale="id-ID", timezone_id="Asia/Jakarta",
                                  java_script_enabled=False)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        login(page, live_server, "dumas@demo.example")
        page.goto(live_server(f"/admin/pengaduan?cari={tag}&urut=nomor"))
        expect(page.locator("[data-bulk-all]")).to_be_hidden()
        for number in numbers:
            page.get_by_label(f"Pilih {number}").check()
        page.get_by_label("Kategorikan sebagai").select_option(label="Data pemilih")
        with page.expect_navigation():
            page.get_by_role("button", name="Kategorikan", exact=True).click()
        expect(page.get_by_role("status").first).to_contain_text("2 aduan dikategorikan ulang.")
        for number in numbers:
            expect(page.locator(f"tr[data-number='{number}']")).to_contain_text("Data pemilih")
        with page.expect_navigation():
            page.get_by_role("link", name=numbers[1]).click()
        panel = page.locator("section[aria-labelledby=h-next]")
        panel.locator("summary", has_text="Tugaskan petugas").click()
        assign = panel.locator("section[aria-labelledby=h-assign]")
        assign.get_by_label("Petugas").select_option(label="Petugas DUMAS")
        with page.expect_navigation():
            assign.get_by_role("button", name="Tugaskan").click()
        expect(page.get_by_role("status").first).to_contain_text("Petugas penanganan diperbarui.")
        no_horizontal_scroll(page)
        # (axe needs JavaScript in the page: the same page is checked with it in the journey above)
        shot(page, "staff-inbox-05-tanpa-js-kasus")
    finally:
        context.close()
