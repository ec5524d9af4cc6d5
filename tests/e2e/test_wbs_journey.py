"""WBS journey in a real browser: anonymous report -> receipt shown once -> the WBS team (password + TOTP)
answers -> the reporter reads it with the receipt and replies -> the team sees the reply."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import MOBILE, axe_violations, login, screenshot

pytestmark = pytest.mark.e2e

WHAT = "Pejabat pengadaan menerima amplop dari penyedia logistik setelah rapat evaluasi (uji e2e WBS)."


def test_report_receipt_team_message_reporter_reply(browser, page, live_server):
    # 1. The reporter: no log-in, no identity.
    page.goto(live_server("/wbs"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Whistle Blowing System")
    page.get_by_role("link", name="Buat laporan").first.click()
    page.wait_for_url(re.compile(r"/wbs/lapor$"))
    page.get_by_label("Kategori pelanggaran").select_option("gratifikasi")
    page.get_by_label("Apa yang terjadi?").fill(WHAT)
    page.get_by_label("Siapa yang terlibat?").fill("Pejabat pengadaan (PPK)")
    page.get_by_label("Di mana kejadiannya?").fill("Ruang rapat lantai 2")
    page.get_by_label("Kapan kejadiannya?").fill("Awal Januari")
    page.get_by_label("Bagaimana kejadiannya?").fill("Amplop diserahkan di lorong setelah rapat.")
    page.locator("#good_faith").check()
    screenshot(page, "wbs-01-form-360")
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim laporan").click()

    receipt = page.locator("#kode-laporan").inner_text().strip()
    assert re.fullmatch(r"\d{4}-\d{4}-\d{4}-\d{4}", receipt), receipt
    expect(page.locator("#kode-peringatan")).to_contain_text("Kode hanya ditampilkan sekali")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= MOBILE["width"], f"receipt page is {width}px wide"
    screenshot(page, "wbs-02-receipt-360")
    # The receipt is not in any cookie.
    cookies = " ".join(f"{c['name']}={c['value']}" for c in page.context.cookies())
    assert receipt.replace("-", "") not in cookies and receipt not in cookies

    # 2. The WBS team, in its own browser session: password, then TOTP.
    team_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    team = team_context.new_page()
    try:
        login(team, live_server, "wbs@demo.example")
        expect(team).to_have_url(live_server("/admin/"))
        team.goto(live_server("/admin/wbs"))
        team.locator("#wbs-inbox tbody tr").first.get_by_role("link").click()
        expect(team.locator("#case-what")).to_contain_text("uji e2e WBS")
        team.get_by_label("Pesan", exact=True).fill("Terima kasih. Kapan tepatnya amplop diserahkan?")
        with team.expect_navigation():
            team.get_by_role("button", name="Kirim", exact=True).click()
        expect(team.locator("#case-thread")).to_contain_text("Kapan tepatnya amplop diserahkan?")
        screenshot(team, "wbs-03-team-case")

        # 3. The reporter comes back with the receipt and answers.
        page.goto(live_server("/wbs/lacak"))
        page.get_by_label("Kode laporan (16 angka)").fill(receipt)
        with page.expect_navigation():
            page.get_by_role("button", name="Buka laporan").click()
        expect(page.locator("#wbs-status")).to_have_text("Diterima")
        expect(page.locator("#wbs-thread")).to_contain_text("Kapan tepatnya amplop diserahkan?")
        page.get_by_label("Pesan untuk Tim WBS").fill("Hari Selasa, sekitar pukul sepuluh pagi.")
        with page.expect_navigation():
            page.get_by_role("button", name="Kirim pesan").click()
        expect(page.locator("#wbs-notice")).to_contain_text("Pesan Anda terkirim")
        expect(page.locator("#wbs-thread")).to_contain_text("Hari Selasa, sekitar pukul sepuluh pagi.")
        screenshot(page, "wbs-04-reporter-thread-360")

        # 4. The team sees the reply.
        team.reload()
        expect(team.locator("#case-thread")).to_contain_text("Hari Selasa, sekitar pukul sepuluh pagi.")
    finally:
        team_context.close()

    assert page.console_log.errors() == [], page.console_log  # no CSP violation, no script error


@pytest.mark.parametrize("path", ["/wbs", "/wbs/lapor", "/wbs/lacak"])
def test_wbs_pages_have_no_serious_accessibility_violations(browser, live_server, path):
    assert axe_violations(browser, live_server(path)) == []
