"""WBS journey in a real browser, at 360 px and at 1280 px: anonymous report -> receipt shown once -> a WBS
team member (password + TOTP, enrolled on first log-in) answers -> the reporter reads it with the receipt and
replies -> the team sees the reply. Every page on the way is checked with axe-core under the real CSP."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import (
    assert_accessible,
    both_widths,
    login,
    new_staff_account,
    no_horizontal_scroll,
    second_session,
    shot,
)

pytestmark = pytest.mark.e2e


@both_widths
def test_report_receipt_team_message_reporter_reply(browser, page, live_server, viewport):
    marker = f"uji e2e WBS {viewport['width']}px"
    # 1. The reporter: no log-in, no identity.
    page.goto(live_server("/wbs"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Whistle Blowing System")
    page.get_by_role("link", name="Buat laporan").first.click()
    page.wait_for_url(re.compile(r"/wbs/lapor$"))
    page.get_by_label("Kategori pelanggaran").select_option("gratifikasi")
    page.get_by_label("Apa yang terjadi?").fill(
        f"Pejabat pengadaan menerima amplop dari penyedia logistik setelah rapat evaluasi ({marker}).")
    page.get_by_label("Siapa yang terlibat?").fill("Pejabat pengadaan (PPK)")
    page.get_by_label("Di mana kejadiannya?").fill("Ruang rapat lantai 2")
    page.get_by_label("Kapan kejadiannya?").fill("Awal Januari")
    page.get_by_label("Bagaimana kejadiannya?").fill("Amplop diserahkan di lorong setelah rapat.")
    page.locator("#good_faith").check()
    no_horizontal_scroll(page)
    assert_accessible(page, "formulir WBS (terisi)")
    shot(page, "wbs-01-form")
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim laporan").click()

    receipt = page.locator("#kode-laporan").inner_text().strip()
    assert re.fullmatch(r"\d{4}-\d{4}-\d{4}-\d{4}", receipt), receipt
    expect(page.locator("#kode-peringatan")).to_contain_text("Kode hanya ditampilkan sekali")
    no_horizontal_scroll(page)
    assert_accessible(page, "tanda terima WBS")
    shot(page, "wbs-02-receipt")
    # The receipt is not in any cookie.
    cookies = " ".join(f"{c['name']}={c['value']}" for c in page.context.cookies())
    assert receipt.replace("-", "") not in cookies and receipt not in cookies

    # 2. A WBS team member, in a separate browser session at the same width: password, then TOTP
    #    (first log-in of a new account: the enrolment page, checked with axe too).
    team_email = new_staff_account(live_server, ["wbs"], f"Tim WBS {viewport['width']}")
    team_context, team, team_log = second_session(browser, viewport)
    try:
        login(team, live_server, team_email, at_second_step=lambda p: assert_accessible(p, "aktivasi TOTP"))
        expect(team).to_have_url(live_server("/admin/"))
        team.goto(live_server("/admin/wbs"))
        team.locator("#wbs-inbox tbody tr").first.get_by_role("link").click()
        expect(team.locator("#case-what")).to_contain_text(marker)
        team.get_by_label("Isi pesan", exact=True).fill("Terima kasih. Kapan tepatnya amplop diserahkan?")
        with team.expect_navigation():
            team.get_by_role("button", name="Kirim ke pelapor", exact=True).click()
        expect(team.locator("#case-thread")).to_contain_text("Kapan tepatnya amplop diserahkan?")
        no_horizontal_scroll(team)
        assert_accessible(team, "kasus WBS (tim)")
        shot(team, "wbs-03-team-case")

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
        no_horizontal_scroll(page)
        assert_accessible(page, "laporan WBS (pelapor)")
        shot(page, "wbs-04-reporter-thread")

        # 4. The team sees the reply.
        team.reload()
        expect(team.locator("#case-thread")).to_contain_text("Hari Selasa, sekitar pukul sepuluh pagi.")
        assert team_log.errors() == [], team_log
    finally:
        team_context.close()

    assert page.console_log.errors() == [], page.console_log  # no CSP violation, no script error
