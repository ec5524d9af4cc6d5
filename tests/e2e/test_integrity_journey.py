"""The integrity registers in a real browser at 360 px (issue 14): a `pegawai` (pegawai@demo.example, made
by the conflicts demo data without a declaration) logs in, files a gratification report, and signs this
year's conflict-of-interest declaration: the dashboard panel asks for it, a wrong password signs nothing,
the right one leads to the Surat Pernyataan, which prints without the portal's chrome. axe on every page.

The gratification report goes through /admin/gratifikasi/lapor with the labels of the real form (the KPK
form's fields), and lands in the pegawai's own list."""
from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import assert_accessible, login, no_horizontal_scroll, shot

pytestmark = pytest.mark.e2e

PEGAWAI = "pegawai@demo.example"
GRATIFICATION_FORM = "/admin/gratifikasi/lapor"


def _check(page, name: str) -> None:
    no_horizontal_scroll(page)
    assert_accessible(page, name)
    shot(page, name)


def _file_gratification(page, live_server) -> str:
    """File a refused gift through the staff form (the KPK form's fields); returns the GRT number."""
    page.goto(live_server(GRATIFICATION_FORM))
    _check(page, "gratifikasi-formulir")
    form = page.locator(f"form[action$='{GRATIFICATION_FORM}']")
    for label, value in (("Nama lengkap", "Pegawai Demo"), ("Jabatan", "Staf Teknis"),
                         ("Unit kerja", "Subbagian Teknis dan Hubungan Partisipasi Masyarakat"),
                         ("Nama pemberi", "PT Contoh Percetakan"),
                         ("Hubungan pemberi dengan pelapor", "Calon penyedia logistik"),
                         ("Peristiwa atau alasan pemberian", "Kunjungan ke kantor"),
                         ("Tempat penerimaan", "Kantor KPU"), ("Perkiraan nilai (Rupiah)", "500000"),
                         ("Kronologi penerimaan", "Penyedia menitipkan bingkisan di meja; saya menolaknya.")):
        field = form.get_by_label(re.compile("^" + re.escape(label)))
        if not field.input_value():  # the reporter's own fields may come filled from the account
            field.fill(value)
    form.get_by_label(re.compile(r"^Tanggal penerimaan atau penolakan")).fill(
        date.today().replace(day=1).isoformat())
    form.get_by_label(re.compile(r"^Jenis gratifikasi")).select_option(index=1)
    form.get_by_label(re.compile(r"^Tindakan atas gratifikasi")).select_option(index=1)
    with page.expect_navigation():
        form.get_by_role("button", name="Kirim laporan").click()
    expect(page).to_have_url(re.compile(r"/admin/gratifikasi/GRT-\d{4}-\d{5}$"))
    number = re.search(r"GRT-\d{4}-\d{5}", page.url).group(0)
    expect(page.locator(".alert-success").first).to_be_visible()
    _check(page, "gratifikasi-terkirim")
    page.goto(live_server("/admin/gratifikasi/saya"))  # the pegawai's own list holds it
    expect(page.get_by_role("link", name=number)).to_be_visible()
    _check(page, "gratifikasi-milik-saya")
    return number


def test_pegawai_files_gratification_and_signs_a_declaration(page, live_server):
    login(page, live_server, PEGAWAI)
    expect(page).to_have_url(live_server("/admin/"))
    panel = page.locator("section[data-panel=conflicts]")
    year = re.search(r"\d{4}", panel.get_by_role("link", name=re.compile(r"^Isi pernyataan \d{4}$"))
                     .inner_text()).group(0)
    _check(page, "integritas-dasbor")

    _file_gratification(page, live_server)

    page.goto(live_server("/admin/"))
    with page.expect_navigation():
        page.locator("section[data-panel=conflicts]").get_by_role(
            "link", name=f"Isi pernyataan {year}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Pernyataan benturan kepentingan {year}")
    _check(page, "benturan-formulir")

    page.get_by_label("Saya memiliki potensi benturan kepentingan").check()
    page.get_by_label("Urusan yang berpotensi menimbulkan benturan kepentingan").fill(
        "Seleksi anggota PPS di desa tempat tinggal saya")
    page.get_by_label("Pihak-pihak yang terkait").fill(
        "Adik kandung saya mendaftar sebagai calon anggota PPS")
    page.get_by_label("Tugas atau kewenangan yang terpengaruh").fill("Verifikasi berkas calon anggota PPS")
    page.get_by_label("Kata sandi Anda (sebagai tanda tangan)").fill("bukan-kata-sandi-saya")
    with page.expect_navigation():
        page.get_by_role("button", name="Tandatangani pernyataan").click()
    expect(page.get_by_role("alert").filter(has_text="Kata sandi salah")).to_be_visible()
    # what was typed stays (the password does not)
    expect(page.get_by_label("Pihak-pihak yang terkait")).to_have_value(
        "Adik kandung saya mendaftar sebagai calon anggota PPS")
    expect(page.get_by_label("Kata sandi Anda (sebagai tanda tangan)")).to_have_value("")
    _check(page, "benturan-sandi-salah")

    page.get_by_label("Kata sandi Anda (sebagai tanda tangan)").fill(live_server.password)
    with page.expect_navigation():
        page.get_by_role("button", name="Tandatangani pernyataan").click()
    assert re.search(r"/admin/benturan-kepentingan/pernyataan/\d+$", page.url), page.url
    letter = page.locator("article[data-letter]")
    expect(letter.get_by_role("heading", name="Surat Pernyataan Potensi Benturan Kepentingan")
           ).to_be_visible()
    expect(letter.locator("[data-matter]")).to_have_text("Seleksi anggota PPS di desa tempat tinggal saya")
    expect(letter.locator("[data-attestation]")).to_contain_text("Ditandatangani secara elektronik")
    expect(letter).to_contain_text("Pegawai Demo")
    _check(page, "benturan-surat-pernyataan")

    # on paper: only the letter
    page.emulate_media(media="print")
    expect(letter).to_be_visible()
    expect(page.get_by_role("button", name="Cetak")).to_be_hidden()
    expect(page.locator("nav[aria-label=Jejak]")).to_be_hidden()
    page.emulate_media(media="screen")

    # the dashboard now says it is signed; the overview lists the declaration
    page.goto(live_server("/admin/"))
    expect(page.locator("section[data-panel=conflicts]").get_by_role(
        "link", name=f"Pernyataan {year} sudah ditandatangani")).to_be_visible()
    page.goto(live_server("/admin/benturan-kepentingan/"))
    own = page.locator("[data-section=own]")
    expect(own).to_contain_text(f"Pernyataan tahun {year} sudah Anda tandatangani")
    _check(page, "benturan-ringkasan-pegawai")
    assert page.console_log.errors() == [], page.console_log
    # and nothing of anyone else's
    response = page.goto(live_server("/admin/benturan-kepentingan/belum-menyatakan"))
    assert response.status == 403
