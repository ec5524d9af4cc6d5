"""PPID in a real browser, at 360 and 1280 px: a visitor finds how to request information, filters the
Daftar Informasi Publik and reads one entry and the exemption list; a PPID officer finds the out-of-date
berkala entry, updates it, and the previous version is in its history. axe on every page reached."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import assert_accessible, both_widths, login, no_horizontal_scroll, shot

pytestmark = pytest.mark.e2e


def _check(page, name: str) -> None:
    no_horizontal_scroll(page)
    assert_accessible(page, name)
    shot(page, name)


@both_widths
def test_a_visitor_reads_the_dip_and_the_exemptions(page, live_server):
    page.goto(live_server("/ppid"))
    expect(page.get_by_role("heading", level=1, name="Layanan Informasi Publik (PPID)")).to_be_visible()
    expect(page.get_by_role("heading", name="Cara mengajukan permohonan informasi")).to_be_visible()
    expect(page.get_by_role("link", name="Standar Layanan Informasi Publik")).to_be_visible()
    _check(page, "ppid")

    with page.expect_navigation():
        page.get_by_role("link", name="Daftar Informasi Publik").first.click()
    expect(page.locator("#jumlah-informasi")).to_contain_text("12 informasi")
    page.get_by_label("Kategori").select_option("serta_merta")
    with page.expect_navigation():
        page.get_by_role("button", name="Saring").click()
    expect(page.locator("#jumlah-informasi")).to_contain_text("3 informasi")
    assert "kategori=serta_merta" in page.url
    _check(page, "ppid-dip-serta-merta")

    with page.expect_navigation():
        page.get_by_role("link", name="Informasi keadaan darurat di kantor KPU").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Informasi keadaan darurat")
    expect(page.get_by_text("Unit atau pejabat yang menguasai informasi")).to_be_visible()
    expect(page.get_by_text("Jangka waktu penyimpanan")).to_be_visible()
    _check(page, "ppid-dip-detail")

    page.goto(live_server("/ppid/dikecualikan"))
    expect(page.get_by_text("Pasal 17 huruf h").first).to_be_visible()
    _check(page, "ppid-dikecualikan")
    assert page.console_log.errors() == [], page.console_log


@both_widths
def test_the_ppid_officer_updates_an_out_of_date_entry(page, live_server, viewport):
    from sqlalchemy import select

    from portal.core.clock import today
    from portal.extensions import db
    from portal.ppid import service as ppid
    from portal.ppid.models import DipEntry

    with live_server.app.app_context():  # the demo's half-year report, last updated eight months ago
        entry = db.session.scalars(
            select(DipEntry).where(DipEntry.title.like("Laporan Keuangan Semester I%"))).one()
        entry.updated_on = ppid.months_before(today(), 8)
        db.session.commit()
        db.session.remove()
    login(page, live_server, "ppid@demo.example")
    page.goto(live_server("/admin/ppid/"))
    expect(page.locator("#dip-kedaluwarsa")).to_be_visible()
    _check(page, "admin-ppid")
    with page.expect_navigation():
        page.locator("#dip-kedaluwarsa").get_by_role("link").click()
    row = page.get_by_role("row", name=re.compile("Laporan Keuangan Semester I"))
    expect(row.get_by_text("Perlu diperbarui")).to_be_visible()
    with page.expect_navigation():
        row.get_by_role("link").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Ubah", exact=True).click()
    _check(page, "admin-ppid-dip-form")

    page.get_by_label("Tanggal pemutakhiran informasi").fill(today().isoformat())
    page.get_by_label("Judul informasi").fill(f"Laporan Keuangan Semester I ({viewport['width']})")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan").click()
    flash = page.get_by_role("alert").or_(page.get_by_role("status")).first
    expect(flash).to_contain_text("Perubahan disimpan")
    expect(page.get_by_role("table", name="Riwayat versi")).to_contain_text("Laporan Keuangan Semester I")
    expect(page.locator(".dip-stale")).to_have_count(0)
    _check(page, "admin-ppid-dip-entry")
    assert page.console_log.errors() == [], page.console_log
