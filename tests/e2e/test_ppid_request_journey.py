"""PPID information request in a real browser at 360 px (issue 13): a citizen finds the form from /ppid,
files a request with a KTP scan, keeps the number and access code from the receipt; the PPID refuses it on a
published Pasal 17 exemption; the citizen reads the written notice on the tracking page and files an
objection from there. axe on every page reached."""
from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import assert_accessible, no_horizontal_scroll, shot

pytestmark = pytest.mark.e2e


def _ktp() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (80, 50), (40, 90, 180)).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def _check(page, name: str) -> None:
    no_horizontal_scroll(page)
    assert_accessible(page, name)
    shot(page, name)


def _refuse(live_server, number: str) -> None:
    """The PPID's decision, taken in the live server's database (the staff pages have their own tests)."""
    from sqlalchemy import select

    from portal.accounts.models import User
    from portal.extensions import db
    from portal.ppid import workflow
    from portal.ppid.models import Exemption, InfoRequest

    with live_server.app.app_context():
        request = db.session.scalar(select(InfoRequest).where(InfoRequest.number == number))
        officer = db.session.scalar(select(User).where(User.email == "ppid@demo.example"))
        exemption = db.session.scalar(select(Exemption).where(Exemption.status == "aktif")
                                      .order_by(Exemption.id))
        workflow.transition(db.session, request, "ditolak", officer,
                            workflow.Deadlines.from_config(live_server.app.config),
                            exemption_id=exemption.id,
                            reason="Dokumen memuat data pribadi pemilih yang dilindungi.")
        db.session.commit()


def _open_tracking(page, live_server, number: str, code: str) -> None:
    page.goto(live_server("/ppid/lacak"))
    page.get_by_label("Nomor permohonan").fill(number)
    page.get_by_label("Kode akses").fill(code)
    with page.expect_navigation():
        page.get_by_role("button", name="Lihat permohonan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Permohonan informasi {number}")


def test_a_citizen_requests_tracks_and_objects_on_a_phone(page, live_server):
    # 1. From the PPID page to the form.
    page.goto(live_server("/ppid"))
    with page.expect_navigation():
        page.get_by_role("link", name="Ajukan permohonan informasi").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ajukan permohonan informasi")

    # 2. The form, with the KTP scan.
    page.get_by_label("Perorangan", exact=True).check()
    page.get_by_label("Nama pemohon (orang atau badan hukum)").fill("Rahmat Hidayat")
    page.get_by_label("NIK (perorangan) atau nomor akta/pengesahan (badan hukum)").fill("3305012304880002")
    page.get_by_label("Alamat", exact=True).fill("Jl. Kenanga 12, Kebumen")
    page.locator("#email").fill("rahmat@contoh.id")
    page.get_by_label("Rincian informasi yang dibutuhkan").fill(
        "Salinan daftar pemilih tetap Desa Karanggayam lengkap dengan NIK untuk pemilihan 2026.")
    page.get_by_label("Tujuan penggunaan informasi").fill(
        "Memeriksa data keluarga kami dalam daftar pemilih.")
    page.get_by_label(re.compile("diunduh dari halaman lacak")).check()
    page.get_by_label("Pindaian KTP (perorangan) atau akta badan hukum").set_input_files(
        [{"name": "ktp-rahmat.jpg", "mimeType": "image/jpeg", "buffer": _ktp()}])
    _check(page, "ppid-permohonan-01-formulir")
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim permohonan").click()

    # 3. The receipt: number, access code, the day the answer is due.
    expect(page.get_by_role("heading", level=1)).to_have_text("Permohonan informasi Anda telah diterima")
    number = page.locator("#nomor-permohonan").inner_text().strip()
    code = page.locator("#kode-akses").inner_text().strip()
    assert re.fullmatch(r"PPID-\d{4}-\d{5}", number), number
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code), code
    expect(page.locator("#batas-jawaban")).not_to_be_empty()
    _check(page, "ppid-permohonan-02-tanda-terima")

    # 4. The PPID refuses it on an exemption; the citizen reads the written notice.
    _refuse(live_server, number)
    _open_tracking(page, live_server, number, code)
    expect(page.locator("#keputusan")).to_have_text("Ditolak")
    expect(page.locator("#dasar-pengecualian")).to_contain_text("Pasal 17 huruf")
    expect(page.get_by_text("ktp-rahmat.jpg")).to_have_count(0)  # the identity scan is never shown here
    _check(page, "ppid-permohonan-03-lacak")

    # 5. An objection from the tracking page (ground a: refusal under Pasal 17).
    with page.expect_navigation():
        page.get_by_role("button", name="Ajukan keberatan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ajukan keberatan informasi")
    page.get_by_label(re.compile(r"^huruf a:")).check()
    page.get_by_label("Kasus posisi (uraian keberatan Anda)").fill(
        "Saya hanya meminta data keluarga saya sendiri; NIK orang lain boleh dihitamkan.")
    _check(page, "ppid-permohonan-04-keberatan")
    with page.expect_navigation():
        page.get_by_role("button", name="Ajukan keberatan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Keberatan Anda telah diterima")
    _check(page, "ppid-permohonan-05-keberatan-diterima")

    # 6. The tracking page lists the objection.
    _open_tracking(page, live_server, number, code)
    expect(page.locator("#keberatan-judul")).to_be_visible()
    assert page.console_log.errors() == [], page.console_log
