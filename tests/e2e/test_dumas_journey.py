"""DUMAS journey in a real browser, at 360 px and at 1280 px: a citizen files a complaint with an attachment,
keeps the number and access code from the receipt; a DUMAS officer verifies the case (category, kind,
officer), processes it and closes it with a final answer; the citizen reads the answer with number + code.
Every page on the way is checked with axe-core under the portal's real CSP."""
from __future__ import annotations

import io
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

ANSWER = ("Nama almarhum telah dicoret dari daftar pemilih pada pemutakhiran berkelanjutan bulan ini. "
          "Silakan cek kembali melalui laman cek DPT.")


def _photo() -> bytes:
    """A small real JPEG (the server checks content, re-encodes images and drops their metadata)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (180, 40, 40)).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


@both_widths
def test_citizen_files_officer_resolves_citizen_reads_answer(page, browser, live_server, viewport):
    tag = f"{viewport['width']}px"
    subject = f"Nama almarhum ayah masih ada di daftar pemilih (uji e2e {tag})"

    # 1. The citizen fills in the form, with a photo as evidence.
    page.goto(live_server("/pengaduan"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ajukan Pengaduan")
    fill_complaint(page, name="Siti Aminah", email="siti.aminah@contoh.id", phone="0812 3456 7890",
                   category="Data pemilih", subject=subject,
                   description="Ayah saya meninggal dunia pada bulan Februari, tetapi namanya masih "
                               "tercantum di daftar pemilih RT 03. Akta kematian sudah terbit. "
                               "Mohon namanya dicoret.")
    page.get_by_label("Tempat kejadian").fill("Desa Karanggayam, Kec. Karanggayam")
    page.get_by_label("Lampiran (boleh lebih dari satu)").set_input_files(
        [{"name": "akta-kematian.jpg", "mimeType": "image/jpeg", "buffer": _photo()}])
    no_horizontal_scroll(page)
    assert_accessible(page, "formulir pengaduan")
    shot(page, "dumas-01-formulir")
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim pengaduan").click()

    # 2. The receipt: number and access code, shown once.
    expect(page.get_by_role("heading", level=1)).to_have_text("Pengaduan Anda telah diterima")
    number = page.locator("#nomor-pengaduan").inner_text().strip()
    code = page.locator("#kode-akses").inner_text().strip()
    assert re.fullmatch(r"DUMAS-\d{4}-\d{5}", number), number
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code), code
    expect(page.get_by_role("alert")).to_contain_text("Simpan nomor dan kode akses ini sekarang.")
    no_horizontal_scroll(page)
    assert_accessible(page, "tanda terima")
    shot(page, "dumas-02-tanda-terima")
    page.reload()  # issue 10 F2: the receipt survives a reload in this browser for a short time
    expect(page.locator("#kode-akses")).to_have_text(code)

    # 3. The DUMAS officer, in a separate browser session at the same width.
    officer_context, officer, officer_log = second_session(browser, viewport)
    try:
        login(officer, live_server, "dumas@demo.example")
        officer.goto(live_server("/admin/pengaduan"))
        officer.get_by_label("Cari").fill(number)
        with officer.expect_navigation():
            officer.get_by_role("button", name="Terapkan").click()
        officer.get_by_role("link", name=number).first.click()
        officer.wait_for_url(re.compile(rf"/admin/pengaduan/{number}$"))
        expect(officer.get_by_role("heading", level=1)).to_have_text(number)
        expect(officer.locator("#h-files").locator("xpath=..")).to_contain_text("akta-kematian.jpg")
        assert_accessible(officer, "kasus (diterima)")

        verify = officer.locator("section[aria-labelledby=h-verify]")
        verify.get_by_label("Kategori").select_option(label="Data pemilih")
        verify.get_by_label(re.compile("Jenis aduan")).select_option("non_pengawasan")
        verify.get_by_label("Petugas yang menangani").select_option(label="Petugas DUMAS")
        verify.get_by_label("Catatan untuk pelapor (publik)").fill(
            "Aduan diverifikasi; kami cek bersama PPS Karanggayam.")
        with officer.expect_navigation():
            verify.get_by_role("button", name="Verifikasi").click()
        expect(officer.get_by_role("status").first).to_contain_text("diverifikasi")

        process = officer.locator("section[aria-labelledby=h-st-diproses]")
        process.get_by_label("Catatan internal").fill("Minta PPS cek ke rumah pelapor.")
        with officer.expect_navigation():
            process.get_by_role("button", name="Proses").click()
        expect(officer.get_by_role("status").first).to_contain_text("Diproses")

        close = officer.locator("section[aria-labelledby=h-st-selesai]")
        close.get_by_label("Jawaban akhir untuk pelapor").fill(ANSWER)
        officer.once("dialog", lambda dialog: dialog.accept())  # data-confirm before closing
        with officer.expect_navigation():
            close.get_by_role("button", name="Nyatakan selesai").click()
        expect(officer.get_by_role("status").first).to_contain_text("Selesai")
        details = officer.locator("section[aria-labelledby=h-detail]")
        expect(details).to_contain_text("Data pemilih")
        expect(details).to_contain_text("Tidak berkadar pengawasan")
        expect(details).to_contain_text("Petugas DUMAS")
        expect(officer.locator("#riwayat")).to_contain_text("Minta PPS cek ke rumah pelapor.")
        no_horizontal_scroll(officer)
        assert_accessible(officer, "kasus (selesai)")
        shot(officer, "dumas-03-petugas-kasus-selesai")
        assert officer_log.errors() == [], officer_log
    finally:
        officer_context.close()

    # 4. The citizen tracks the complaint with number + code and reads the answer.
    page.goto(live_server("/pengaduan/lacak"))
    assert_accessible(page, "lacak pengaduan")
    page.get_by_label("Nomor pengaduan").fill(number)
    page.get_by_label("Kode akses").fill(code.lower())  # typed casually: case and dash don't matter
    with page.expect_navigation():
        page.get_by_role("button", name="Lihat status").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Pengaduan {number}")
    expect(page.locator(".badge-status")).to_have_text("Selesai")
    answer = page.get_by_role("region", name="Jawaban akhir")
    expect(answer).to_contain_text(ANSWER)
    expect(page.locator("ol.list-group")).to_contain_text("kami cek bersama PPS Karanggayam")
    # the internal note stays inside
    expect(page.locator("main")).not_to_contain_text("Minta PPS cek ke rumah pelapor.")
    expect(page.locator("main")).not_to_contain_text("Petugas DUMAS")  # no officer names for the public
    no_horizontal_scroll(page)
    assert_accessible(page, "status pengaduan (selesai)")
    shot(page, "dumas-04-pelapor-membaca-jawaban")

    assert page.console_log.errors() == [], page.console_log  # no CSP violation, no script error
