"""The ZI team's side through HTTP: the identification register (prefilled from a declared potential; bad
input writes nothing), handling cases from a declaration and from a WBS report (the WBS team opens it with a
summary only; a report of another category is refused), the case moves on the case engine, and the
Laporan Benturan Kepentingan's numbers against a hand-computed set (page, print, XLSX); ZI evidence."""
from __future__ import annotations

import io
import re
from datetime import date

import openpyxl
from sqlalchemy import func, select

from portal.accounts import service as accounts
from portal.conflicts import service
from portal.conflicts.models import CoiCase, CoiIdentification
from portal.core import clock
from portal.core.models.audit import AuditLog
from portal.extensions import db
from portal.wbs.models import WbsReport
from tests.conflicts.helpers import declarations, login, make_keeper, sign
from tests.conftest import PASSWORD

BASE = "/admin/benturan-kepentingan"


def _potential(client, app, make_user, name="Budi Pengadaan"):
    user = make_user("pegawai", name=name)
    login(client, user)
    sign(client, kind="potensi", matter="Pengadaan logistik", parties="Adik ipar penyedia",
         duty="Evaluasi HPS")
    [d] = declarations(app, user.email)
    return user, d


def _wbs_report(app, category="benturan_kepentingan") -> str:
    with app.app_context():
        report = WbsReport(receipt_hash=category.ljust(64, "0")[:64],
                           category=category, status="diterima", received_on=clock.today(),
                           last_activity_on=clock.today(), what_enc="rahasia-terenkripsi")
        db.session.add(report)
        db.session.commit()
        return report.number


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_register_row_prefilled_from_a_potential(app, client, make_user):
    _user, d = _potential(client, app, make_user)
    keeper = make_keeper(app, make_user)
    login(client, keeper)
    letter = client.get(f"{BASE}/pernyataan/{d.id}").get_data(as_text=True)
    assert f"/identifikasi/baru?pernyataan={d.id}" in letter
    form = client.get(f"{BASE}/identifikasi/baru?pernyataan={d.id}").get_data(as_text=True)
    assert "Pengadaan logistik" in form and "Budi Pengadaan" in form
    # bad input: no procedure -> nothing written
    bad = client.post(f"{BASE}/identifikasi/baru?pernyataan={d.id}",
                      data={"description": "Pengadaan logistik", "officials": "Budi", "procedure": ""})
    assert "Prosedur penanganan/pencegahan wajib diisi" in bad.get_data(as_text=True)
    assert _count(app, CoiIdentification) == 0
    good = client.post(f"{BASE}/identifikasi/baru?pernyataan={d.id}", data={
        "description": "Pengadaan logistik", "officials": "Budi (Pengelola Pengadaan)",
        "cause": "Hubungan keluarga", "procedure": "Tidak dilibatkan dalam evaluasi",
        "follow_up": "Daftar periksa",
        "term": "panjang"})
    assert good.status_code == 302
    with app.app_context():
        row = db.session.scalar(select(CoiIdentification))
        assert (row.declaration_id, row.term, row.year) == (d.id, "panjang", d.year)
    listing = client.get(f"{BASE}/identifikasi").get_data(as_text=True)
    assert "Tidak dilibatkan dalam evaluasi" in listing
    declared = client.get(f"{BASE}/pernyataan?jenis=potensi").get_data(as_text=True)
    assert "Tercatat di tabel identifikasi" in declared and f"/kasus/dari-pernyataan/{d.id}" in declared
    # edit
    client.post(f"{BASE}/identifikasi/{row.id}", data={
        "description": "Pengadaan logistik 2", "officials": "Budi", "procedure": "Dialihkan",
        "term": "pendek"})
    assert "Pengadaan logistik 2" in client.get(f"{BASE}/identifikasi").get_data(as_text=True)


def test_case_from_a_declaration_moves_on_the_engine(app, client, make_user):
    _user, d = _potential(client, app, make_user)
    keeper = make_keeper(app, make_user)
    login(client, keeper)
    assert "Ringkasan kasus wajib" in client.post(
        f"{BASE}/kasus/dari-pernyataan/{d.id}", data={"summary": " "}).get_data(as_text=True)
    assert _count(app, CoiCase) == 0
    opened = client.post(f"{BASE}/kasus/dari-pernyataan/{d.id}", data={"summary": "Potensi pada evaluasi"})
    assert opened.status_code == 302
    case_url = opened.headers["Location"]
    # twice: refused
    again = client.post(f"{BASE}/kasus/dari-pernyataan/{d.id}", data={"summary": "lagi"},
                        follow_redirects=True)
    assert "sudah dibuka" in again.get_data(as_text=True)
    # the engine refuses a jump and a missing measure, writing nothing
    page = client.post(case_url, data={"to": "selesai", "outcome": "x"}, follow_redirects=True)
    assert "tidak diizinkan" in page.get_data(as_text=True)
    page = client.post(case_url, data={"to": "ditangani", "measures": ""}, follow_redirects=True)
    assert "Langkah penanganan wajib diisi" in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(CoiCase.status)) == "dibuka"
    client.post(case_url, data={"to": "ditangani", "measures": "Dibebastugaskan dari Pokja"})
    client.post(case_url, data={"to": "selesai", "outcome": "Evaluasi oleh pegawai lain"})
    with app.app_context():
        case = db.session.scalar(select(CoiCase))
        assert (case.status, case.measures, case.closed_at is not None) == (
            "selesai", "Dibebastugaskan dari Pokja", True)
        assert [(e.from_status, e.to_status) for e in case.events] == [("dibuka", "ditangani"),
                                                                       ("ditangani", "selesai")]
    # pimpinan reads, cannot move
    login(client, make_user("pimpinan"))
    assert client.get(case_url).status_code == 200
    assert client.post(case_url, data={"to": "ditangani"}).status_code == 403


def test_wbs_team_opens_a_case_with_a_summary_only(app, client, make_user, auth):
    number = _wbs_report(app)
    other = _wbs_report(app, category="pungli")
    wbs = make_user("wbs")
    auth.login(wbs.email)
    auth.second_factor(wbs.email)
    assert client.get(f"{BASE}/kasus/dari-wbs").status_code == 200
    refused = client.post(f"{BASE}/kasus/dari-wbs", data={"reference": other, "summary": "Ringkasan"})
    assert "bukan kategori benturan kepentingan" in refused.get_data(as_text=True)
    assert "tidak ditemukan" in client.post(f"{BASE}/kasus/dari-wbs", data={
        "reference": "WBS-2026-99999", "summary": "Ringkasan"}).get_data(as_text=True)
    assert _count(app, CoiCase) == 0
    opened = client.post(f"{BASE}/kasus/dari-wbs", data={"reference": number.lower(),
                                                          "summary": "Dugaan kerabat diloloskan seleksi"})
    assert opened.status_code == 302
    with app.app_context():
        case = db.session.scalar(select(CoiCase))
        assert (case.source, case.wbs_reference, case.declaration_id) == ("wbs", number, None)
        assert "rahasia" not in case.summary
    # the WBS team sees its case but not the register, declarations or report
    assert client.get(opened.headers["Location"]).status_code == 200
    for path in ("/pernyataan", "/identifikasi", "/laporan", "/belum-menyatakan"):
        assert client.get(BASE + path).status_code == 403, path
    # a pegawai cannot open one from WBS
    login(client, make_user("pegawai"))
    response = client.post(f"{BASE}/kasus/dari-wbs", data={"reference": number, "summary": "x"})
    assert response.status_code == 403


def test_report_numbers_against_a_hand_computed_set(app, client, make_user):
    year = clock.today().year
    # A: free; B: free then potential (one, in force: potential); C: potential; D: not declared;
    # E: inactive pegawai; F: editor (not staff who declares); A also declared last year.
    a = make_user("pegawai", name="A")
    login(client, a)
    sign(client)
    b = make_user("pegawai", name="B")
    login(client, b)
    sign(client)
    sign(client, kind="potensi", matter="M", parties="P", duty="T")
    _c, dc = _potential(client, app, make_user, name="C")
    make_user("pegawai", name="D")
    e = make_user("pegawai", name="E")
    make_user("editor", name="F")
    with app.app_context():
        user_a = accounts.find_by_email(db.session, a.email)
        service.sign_declaration(db.session, user_a, year=year - 1, kind="bebas", password=PASSWORD)
        db.session.get(type(e), e.id).active = False
        db.session.commit()
    [_old, db_] = declarations(app, b.email)
    keeper = make_keeper(app, make_user)  # a dumas officer: not a pegawai, not counted
    login(client, keeper)
    client.post(f"{BASE}/identifikasi/baru?pernyataan={db_.id}", data={
        "description": "M", "officials": "B", "procedure": "Dialihkan", "follow_up": "Rotasi",
        "term": "panjang"})
    client.post(f"{BASE}/identifikasi/baru", data={
        "description": "Manual", "officials": "Pokja", "procedure": "Pakta integritas", "term": "pendek"})
    opened = client.post(f"{BASE}/kasus/dari-pernyataan/{dc.id}", data={"summary": "Kasus C"})
    client.post(opened.headers["Location"], data={"to": "ditangani", "measures": "Langkah C"})
    client.post(opened.headers["Location"], data={"to": "selesai", "outcome": "Hasil C"})
    number = _wbs_report(app)
    with app.app_context():
        from portal.conflicts import workflow

        workflow.open_from_wbs(db.session, accounts.find_by_email(db.session, keeper.email), reference=number,
                               summary="Kasus WBS")
        db.session.commit()
    narrative = client.post(f"{BASE}/laporan", data={
        "procedure": "Prosedur", "socialisation": "Sosialisasi bersama Inspektorat", "implementation": "Impl",
        "evaluation": "Evaluasi", "follow_up": "Tindak lanjut"})
    assert narrative.status_code == 302
    expected = {"pegawai": "4", "declared": "3 (75.0%)", "free": "1", "potential": "2", "not_declared": "1",
                "identified": "2", "cases": "2", "cases_closed": "1"}
    for url in (f"{BASE}/laporan", f"{BASE}/laporan/cetak"):
        html = client.get(url).get_data(as_text=True)
        found = dict(re.findall(r'data-figure="(\w+)">([^<]+)<', html))
        assert found == expected, url
        assert "Sosialisasi bersama Inspektorat" in html and "Rotasi" in html and "Hasil C" in html
    # last year: A only
    html = client.get(f"{BASE}/laporan?tahun={year - 1}").get_data(as_text=True)
    found = dict(re.findall(r'data-figure="(\w+)">([^<]+)<', html))
    assert (found["declared"], found["not_declared"], found["cases"]) == ("1 (25.0%)", "3", "0")
    xlsx = client.get(f"{BASE}/laporan.xlsx")
    assert xlsx.status_code == 200 and xlsx.headers["Cache-Control"].startswith("private")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.data))
    figures, _narrative, identification, follow_up = book.worksheets
    values = [row[1] for row in figures.iter_rows(min_row=2, values_only=True)]
    assert values == [4, 3, 1, 2, 1, 2, 2, 1]
    assert identification.max_row == 3 and follow_up.max_row == 5  # 2 rows + 2 cases + header
    follow = [row for row in follow_up.iter_rows(min_row=2, values_only=True)]
    assert follow[0][3] == "Rotasi" and follow[0][4] == "Jangka panjang"
    assert follow[3][1].startswith("Laporan WBS WBS-") and follow[3][6] == "Dibuka"
    # the follow-up table on its own (V.3.5): print and XLSX
    html = client.get(f"{BASE}/tindak-lanjut").get_data(as_text=True)
    assert "Laporan Tindak Lanjut Benturan Kepentingan" in html and "Rotasi" in html and "Hasil C" in html
    assert "ppid-notice.css" in html
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"{BASE}/tindak-lanjut.xlsx").data))
    [sheet] = book.worksheets
    assert sheet.max_row == 5
    # nothing identifying in the audit log
    with app.app_context():
        details = " ".join(db.session.scalars(
            select(AuditLog.detail).where(AuditLog.action.like("conflicts.%"))))
        assert details and "Kasus C" not in details and "Rotasi" not in details and "WBS-" not in details


def test_zi_evidence_for_v3(app, client, make_user):
    from portal.zi import evidence

    year = clock.today().year
    _user, d = _potential(client, app, make_user)
    keeper = make_keeper(app, make_user)
    login(client, keeper)
    client.post(f"{BASE}/identifikasi/baru?pernyataan={d.id}", data={
        "description": "M", "officials": "B", "procedure": "Dialihkan", "term": "pendek"})
    with app.app_context():
        by_name = {p.name: p for p in evidence.PROVIDERS}
        assert len(by_name["coi_identifikasi"].fetch(db.session, year)) == 1
        declared = by_name["coi_pernyataan"].fetch(db.session, year)
        assert len(declared) == 1 and "1 ditandatangani" in declared[0].title
        assert by_name["coi_laporan"].fetch(db.session, year) == []
        assert by_name["coi_sosialisasi"].fetch(db.session, year) == []
    client.post(f"{BASE}/laporan", data={"socialisation": "Sosialisasi", "evaluation": "Evaluasi"})
    with app.app_context():
        [report] = by_name["coi_laporan"].fetch(db.session, year)
        assert (report.start, report.end) == (date(year, 1, 1), date(year, 12, 31))
        assert len(by_name["coi_sosialisasi"].fetch(db.session, year)) == 1
        assert by_name["coi_tindak_lanjut"].fetch(db.session, year) == []  # no follow-up part written yet
    client.post(f"{BASE}/laporan", data={"evaluation": "Evaluasi", "follow_up": "Rotasi tim"})
    with app.app_context():
        [follow] = by_name["coi_tindak_lanjut"].fetch(db.session, year)
        assert follow.endpoint == "admin_conflicts.follow_up_print" and not follow.public
        assert len(by_name["coi_sosialisasi"].fetch(db.session, year)) == 1  # a field not sent is kept
        codes = {name: [c for c in ("V.3.1", "V.3.2", "V.3.3", "V.3.4", "V.3.5") if p.codes.fullmatch(c)]
                 for name, p in by_name.items() if name.startswith("coi_")}
        assert codes == {"coi_identifikasi": ["V.3.1"], "coi_sosialisasi": ["V.3.2"],
                         "coi_pernyataan": ["V.3.3"], "coi_laporan": ["V.3.4"],
                         "coi_tindak_lanjut": ["V.3.5"]}


def test_public_progress_names_the_registers_without_staff_links(app, client, make_user):
    from tests.zi_helpers import load_plan

    load_plan(app)
    _potential(client, app, make_user)
    client.post("/admin/logout")
    year = clock.today().year
    page = client.get(f"/rencana-aksi/progres?tahun={year}").get_data(as_text=True)
    assert f"Surat pernyataan benturan kepentingan {year}: 1 ditandatangani" in page
    assert "/admin/benturan-kepentingan" not in page
    api = client.get(f"/api/v1/rencana-aksi/progres?tahun={year}").get_data(as_text=True)
    assert "ditandatangani" in api and "/admin/benturan-kepentingan" not in api


def test_the_wbs_case_page_links_to_a_conflict_case(app, client, make_user, auth):
    number = _wbs_report(app)
    wbs = make_user("wbs")
    auth.login(wbs.email)
    auth.second_factor(wbs.email)
    with app.app_context():
        report_id = db.session.scalar(select(WbsReport.id))
    page = client.get(f"/admin/wbs/{report_id}").get_data(as_text=True)
    assert f"/admin/benturan-kepentingan/kasus/dari-wbs?nomor={number}" in page
    form = client.get(f"{BASE}/kasus/dari-wbs?nomor={number}").get_data(as_text=True)
    assert f'value="{number}"' in form
