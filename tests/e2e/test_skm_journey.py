"""SKM journey in a real browser, at 360 px (a phone) and at 1280 px: staff publish the current triwulan, a
respondent answers the questionnaire, the public figures stay frozen until staff publish again, then move.
The states only a flow reaches (a refused incomplete questionnaire, the thanks page, the staff results with
their forms) are checked with axe-core under the real CSP; the plain pages are in test_accessibility.py."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import assert_accessible, both_widths, login, no_horizontal_scroll, shot

pytestmark = pytest.mark.e2e

ANSWERS = {"persyaratan": 3, "prosedur": 3, "waktu": 2, "biaya": 3, "produk": 3, "kompetensi": 3,
           "perilaku": 3, "pengaduan": 2, "sarana": 3}  # label index 0..3 -> answer 1..4


def _current_period_key(live_server) -> str:
    from portal.survey import service as survey

    return survey.current_period().key


def _publish(page, live_server, key: str, check_axe: bool = False) -> int:
    """As the editor: record the follow-up plan if the weakest unsur lacks one, publish, return the live
    count."""
    login(page, live_server, "editor@demo.example")
    page.goto(live_server(f"/admin/survei/hasil?periode={key}"))
    if check_axe:
        assert_accessible(page, "hasil SKM (staf)")
    live = int(page.locator("[data-skm=respondents]").first.inner_text().replace(".", ""))
    warning = page.get_by_text("Sebelum publikasi, catat rencana tindak lanjut")
    while warning.count():  # one plan per weakest unsur (ties are possible); the form suggests the next one
        details = page.locator("details", has_text="Catat atau ubah rencana tindak lanjut")
        if details.get_attribute("open") is None:
            details.locator("summary").click()
        page.get_by_label("Rencana tindak lanjut", exact=True).fill(
            "Menambah petugas pada jam sibuk dan menata ulang alur antrean layanan.")
        page.get_by_label("Waktu pelaksanaan").fill("Triwulan berikutnya")
        page.get_by_label("Penanggung jawab").fill("Subbagian Teknis dan Hupmas")
        with page.expect_navigation():
            page.get_by_role("button", name="Simpan rencana tindak lanjut").click()
        expect(page.get_by_role("status").first).to_contain_text("Rencana tindak lanjut disimpan")
    page.get_by_label("Ringkasan dan analisis").fill("Hasil sementara triwulan berjalan.")
    with page.expect_navigation():
        page.locator("form[action$='/admin/survei/terbitkan'] button[type=submit]").click()
    expect(page.locator("main .alert-success")).to_contain_text("dipublikasikan", timeout=2000)
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url(re.compile(r"/admin/login$"))
    return live


@both_widths
def test_respondent_answers_and_the_published_result_moves(page, live_server):
    key = _current_period_key(live_server)

    # 1. Staff publish the running triwulan: the public page shows that count.
    before = _publish(page, live_server, key, check_axe=True)
    page.goto(live_server(f"/survei/hasil?periode={key}"))
    expect(page.locator("[data-skm=respondents]")).to_have_text(f"{before:,}".replace(",", "."))
    konversi_before = page.locator("[data-skm=konversi]").inner_text()
    expect(page.locator("#publik-tabel-unsur tr.skm-weakest").first).to_be_visible()
    expect(page.locator("#tabel-tindak-lanjut")).to_contain_text("Menambah petugas")
    expect(page.locator("figure[data-skm-chart] canvas").first).to_be_visible()  # Chart.js drew (strict CSP)
    no_horizontal_scroll(page)
    shot(page, "skm-01-hasil")

    # 2. A respondent picks a service and answers every question.
    page.goto(live_server("/survei"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Survei Kepuasan Masyarakat")
    page.locator("a.skm-service-link").first.click()
    page.wait_for_url(re.compile(r"/survei\?layanan="))
    no_horizontal_scroll(page)
    from portal.survey import service as survey

    page.get_by_label("Tanggal Anda menerima layanan").fill(survey.today().isoformat())
    page.get_by_label("Perempuan").check()
    page.get_by_label("Umur (tahun)").fill("41")
    page.get_by_label("Pendidikan terakhir").select_option("S1")
    page.get_by_label("Pekerjaan utama").select_option("Wirausaha")
    # Submit once with one question left out: nothing is stored, the page says what is missing.
    for unsur, choice in ANSWERS.items():
        if unsur == "sarana":
            continue
        if page.locator(f"fieldset#{unsur}").count():
            page.locator(f"label[for={unsur}-{choice}]").click()
    shot(page, "skm-02-kuesioner")
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim penilaian").click()
    expect(page.get_by_role("alert").first).to_contain_text("Sarana dan Prasarana")
    expect(page.locator("#sarana-error")).to_be_visible()
    expect(page.locator("#persyaratan-3")).to_be_checked()  # what was answered is kept
    assert_accessible(page, "kuesioner ditolak (belum lengkap)")
    page.locator(f"label[for=sarana-{ANSWERS['sarana']}]").click()
    page.get_by_label("Saran dan masukan").fill("Mohon tambah kursi di ruang tunggu.")
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim penilaian").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Terima kasih")
    no_horizontal_scroll(page)
    assert_accessible(page, "terima kasih")
    shot(page, "skm-03-terima-kasih")

    # 3. The public figures are frozen until staff publish again.
    page.goto(live_server(f"/survei/hasil?periode={key}"))
    expect(page.locator("[data-skm=respondents]")).to_have_text(f"{before:,}".replace(",", "."))

    # 4. Staff publish again: the count moves by one (and the index with it).
    after = _publish(page, live_server, key)
    assert after == before + 1
    page.goto(live_server(f"/survei/hasil?periode={key}"))
    expect(page.locator("[data-skm=respondents]")).to_have_text(f"{after:,}".replace(",", "."))
    expect(page.locator("main")).to_contain_text("pembaruan ke-")
    konversi_after = page.locator("[data-skm=konversi]").inner_text()
    assert re.fullmatch(r"\d{2,3},\d{2}", konversi_after) and re.fullmatch(r"\d{2,3},\d{2}", konversi_before)
    no_horizontal_scroll(page)
    shot(page, "skm-04-hasil-bergerak")
    # The incomplete submission answered 422 on purpose; anything else (CSP, script errors) fails the test.
    errors = [e for e in page.console_log.errors() if "status of 422" not in e]
    assert errors == [], page.console_log

