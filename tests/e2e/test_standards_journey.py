"""Standar pelayanan in a real browser: readable at 360 px, printable on A4, an editor publishes a
revision."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import MOBILE, login, screenshot

pytestmark = pytest.mark.e2e

DETAIL = "/standar-pelayanan/layanan-informasi-publik"


def test_standard_detail_fits_a_phone(page, live_server):
    page.goto(live_server(DETAIL))
    expect(page.get_by_role("heading", level=1, name="Layanan Informasi Publik (PPID)")).to_be_visible()
    expect(page.get_by_text("Contoh — teks ini masih perlu disesuaikan")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Penyampaian Pelayanan"))).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Pengelolaan Pelayanan"))).to_be_visible()
    expect(page.get_by_role("rowheader", name=re.compile("Jangka waktu pelayanan"))).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("Riwayat revisi"))).to_contain_text("2 Januari 2026")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= MOBILE["width"], f"page is {width}px wide: horizontal scrolling"
    screenshot(page, "standar-pelayanan-ppid-360")
    assert page.console_log.errors() == [], page.console_log  # axe: test_accessibility.py scans both pages


def test_standard_prints_on_a4_without_site_chrome(browser, live_server):
    context = browser.new_context(viewport={"width": 1024, "height": 900})
    try:
        page = context.new_page()
        page.goto(live_server(DETAIL))
        page.emulate_media(media="print")
        expect(page.locator("header.site-header")).to_be_hidden()
        expect(page.get_by_role("button", name="Cetak")).to_be_hidden()
        expect(page.get_by_role("heading", name="Riwayat revisi")).to_be_hidden()
        expect(page.get_by_text("Contoh — teks ini masih perlu disesuaikan")).to_be_visible()
        expect(page.locator("table.standard-table thead").first).to_be_visible()
        screenshot(page, "standar-pelayanan-ppid-print")
        pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert 2 <= pages <= 8, f"{pages} A4 pages"
    finally:
        context.close()


def test_editor_adds_service_and_publishes_its_standard(page, live_server):
    from portal.standards import service as standards

    login(page, live_server, "editor@demo.example")
    page.goto(live_server("/admin/standar-pelayanan/"))
    page.get_by_role("link", name="Tambah layanan").click()
    page.get_by_label("Nama layanan").fill("Layanan Uji Peramban")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Revisi baru")

    page.get_by_label("Tanggal berlaku").fill(standards.today().isoformat())
    for label in ["Persyaratan", "Sistem, mekanisme dan prosedur", "Jangka waktu pelayanan", "Biaya/tarif",
                  "Produk pelayanan", "Penanganan pengaduan, saran dan masukan"]:
        page.get_by_label(label, exact=True).fill(f"{label} uji peramban\n\n- butir satu\n- butir dua")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan dan terbitkan").click()
    expect(page.get_by_role("alert").or_(page.get_by_role("status")).first).to_contain_text("diterbitkan")
    expect(page.get_by_role("table")).to_contain_text("Berlaku")

    page.goto(live_server("/standar-pelayanan/layanan-uji-peramban"))
    expect(page.get_by_role("rowheader", name="Biaya/tarif", exact=True)).to_be_visible()
    expect(page.get_by_text("Biaya/tarif uji peramban")).to_be_visible()
    expect(page.get_by_text("Contoh — teks ini masih perlu disesuaikan")).to_have_count(0)
    assert page.console_log.errors() == [], page.console_log
