"""Issue 10 F1/F2 in Chromium at 360 and 1280 px: the DUMAS receipt survives a reload, the number never wraps,
"Salin" and the print button are real buttons; reloading the WBS receipt does not file a second report."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from tests.e2e.helpers import both_widths, fill_complaint, shot

pytestmark = pytest.mark.e2e


def _fill_dumas(page, tag: str) -> None:
    fill_complaint(page, name="Siti Aminah", phone="0812 3456 7890", category="Pelayanan",
                   subject=f"Antrean layanan terlalu lama (uji muat ulang {tag})",
                   description="Saya menunggu lebih dari tiga jam di loket layanan tanpa kejelasan.")


@both_widths
def test_dumas_receipt_survives_reload_and_does_not_wrap(page, live_server, viewport):
    tag = f"{viewport['width']}px"
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto(live_server("/pengaduan"))
    _fill_dumas(page, tag)
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim pengaduan").click()
    assert page.url.endswith("/pengaduan/tanda-terima")
    number = page.locator("#nomor-pengaduan").inner_text().strip()
    code = page.locator("#kode-akses").inner_text().strip()
    assert re.fullmatch(r"DUMAS-\d{4}-\d{5}", number)

    page.reload()
    expect(page.locator("#nomor-pengaduan")).to_have_text(number)
    expect(page.locator("#kode-akses")).to_have_text(code)

    # one line at 360 px: the box is no taller than the line height
    box = page.locator("#nomor-pengaduan").bounding_box()
    line = page.locator("#nomor-pengaduan").evaluate("e => parseFloat(getComputedStyle(e).lineHeight)")
    assert box["height"] <= line * 1.3, (box, line)
    assert box["x"] + box["width"] <= viewport["width"] + 1

    copy = page.get_by_role("button", name="Salin kode akses")
    expect(copy).to_be_visible()
    assert copy.evaluate("e => e.tagName") == "BUTTON"
    copy.click()
    assert page.evaluate("navigator.clipboard.readText()") == code
    printer = page.get_by_role("button", name="Cetak / simpan sebagai PDF")
    expect(printer).to_be_visible()
    assert "btn" in printer.get_attribute("class")
    shot(page, f"tanda-terima-muat-ulang-{tag}")


@both_widths
def test_wbs_reload_after_submit_files_one_report(page, live_server, viewport):
    from portal.extensions import db
    from portal.wbs.models import WbsReport

    def count() -> int:
        with live_server.app.app_context():
            return db.session.scalar(select(func.count()).select_from(WbsReport))

    before = count()
    page.goto(live_server("/wbs/lapor"))
    page.get_by_label("Kategori pelanggaran").select_option("gratifikasi")
    page.get_by_label("Apa yang terjadi?").fill(
        "Amplop diserahkan kepada pejabat pengadaan setelah rapat evaluasi.")
    page.get_by_label(re.compile("itikad baik")).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim laporan").click()
    receipt = page.locator("#kode-laporan").inner_text().strip()
    assert re.fullmatch(r"\d{4}-\d{4}-\d{4}-\d{4}", receipt)
    page.reload()
    expect(page.locator("#kode-laporan")).to_have_text(receipt)
    page.go_back()  # the form again; sending it once more files nothing new
    assert count() == before + 1
    box = page.context.new_page()
    box.goto(live_server("/wbs/lacak"))
    assert box.get_by_label("Kode laporan (16 angka)").get_attribute("inputmode") == "numeric"
    box.close()
