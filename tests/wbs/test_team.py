"""WBS team side: access (wbs role + TOTP only), inbox, case page, messages both ways, workflow, Inspektorat
recommendations and follow-up, quarterly report and XLSX, retention purge, and the audit trail of every
read."""
from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from portal.accounts.models import User
from portal.core.models.audit import AuditLog
from portal.extensions import db
from portal.wbs import get_cipher, service
from portal.wbs.models import WbsMessage, WbsRecommendation, WbsReport
from tests.conftest import PASSWORD
from tests.wbs_helpers import SECRET_TEXT, jpeg_with_gps, submit, track

TEAM_URLS = ["/admin/wbs", "/admin/wbs/1", "/admin/wbs/rekomendasi", "/admin/wbs/triwulan",
             "/admin/wbs/triwulan.xlsx", "/admin/wbs/1/lampiran/1"]


def _actions(app, prefix="wbs.") -> list[str]:
    with app.app_context():
        return list(db.session.scalars(
            select(AuditLog.action).where(AuditLog.action.startswith(prefix)).order_by(AuditLog.id)))


def _report_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(WbsReport.id).order_by(WbsReport.id.desc()))


# --- who may open what -----------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["admin", "dumas", "editor", "pimpinan"])
def test_other_roles_get_403_everywhere(client, login_as, role):
    submit(client, files=[("a.jpg", jpeg_with_gps())])
    login_as(role)
    for url in TEAM_URLS:
        response = client.get(url)
        assert response.status_code == 403, (role, url)
        assert SECRET_TEXT not in response.get_data(as_text=True)
    for url in ["/admin/wbs/1/pesan", "/admin/wbs/1/status", "/admin/wbs/1/rekomendasi",
                "/admin/wbs/rekomendasi"]:
        assert client.post(url, data={"body": "x"}).status_code == 403, (role, url)


def test_anonymous_goes_to_login(client):
    submit(client)
    for url in TEAM_URLS:
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


def test_wbs_user_without_totp_cannot_open_the_inbox(app, client, make_user, auth):
    user = make_user("wbs")
    response = auth.login(user.email)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/verifikasi/daftar")  # enrolment first
    for url in ("/admin/wbs", "/admin/wbs/triwulan", "/admin/"):
        blocked = client.get(url)
        assert blocked.status_code == 302 and "/admin/login" in blocked.headers["Location"]
    enrol = client.get("/admin/verifikasi/daftar").get_data(as_text=True)
    assert 'src="data:image/svg+xml' in enrol and "Kunci manual" in enrol
    assert _actions(app) == []  # nothing WBS was opened
    with app.app_context():
        assert db.session.get(User, user.id).totp_secret is None  # not saved until a code proves it


def test_menu_shows_wbs_only_to_the_team(client, login_as):
    login_as("wbs")
    assert 'href="/admin/wbs"' in client.get("/admin/").get_data(as_text=True)


def test_menu_hides_wbs_from_admin(client, login_as):
    login_as("admin")
    assert 'href="/admin/wbs"' not in client.get("/admin/").get_data(as_text=True)


# --- inbox and case page ------------------------------------------------------------------------------

def test_inbox_lists_reports_without_their_text_and_is_audited(app, client, login_as):
    submit(client)
    submit(client, category="benturan_kepentingan")
    login_as("wbs")
    response = client.get("/admin/wbs")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count("WBS-") >= 2 and "Benturan kepentingan" in html and "baru" in html
    assert SECRET_TEXT not in html  # the text is only on the case page
    filtered = client.get("/admin/wbs?kategori=benturan_kepentingan").get_data(as_text=True)
    assert "Benturan kepentingan" in filtered and "<td>Gratifikasi</td>" not in filtered
    assert _actions(app) == ["wbs.inbox", "wbs.inbox"]


def test_case_page_decrypts_and_every_view_is_audited(app, client, login_as):
    submit(client, files=[("foto.jpg", jpeg_with_gps())], contact="kontak-pribadi@contoh.example")
    user = login_as("wbs")
    rid = _report_id(app)
    html = client.get(f"/admin/wbs/{rid}").get_data(as_text=True)
    # files are shown as lampiran-N.<ext>, never under the reporter's own name (issue 10, A4)
    assert SECRET_TEXT in html and "kontak-pribadi@contoh.example" in html and "lampiran-1.jpg" in html
    assert "foto.jpg" not in html
    client.get(f"/admin/wbs/{rid}")
    with app.app_context():
        att_id = db.session.scalar(select(WbsReport).where(WbsReport.id == rid)).attachments[0].id
        assert db.session.get(WbsReport, rid).unread is False
    download = client.get(f"/admin/wbs/{rid}/lampiran/{att_id}")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    with app.app_context():
        rows = db.session.execute(select(AuditLog.action, AuditLog.user_id, AuditLog.object_id)
                                  .where(AuditLog.action.startswith("wbs.")).order_by(AuditLog.id)).all()
    assert rows == [("wbs.view", user.id, str(rid)), ("wbs.view", user.id, str(rid)),
                    ("wbs.download", user.id, str(att_id))]
    assert client.get("/admin/wbs/999").status_code == 404
    assert client.get(f"/admin/wbs/{rid}/lampiran/999").status_code == 404


# --- messages both ways ---------------------------------------------------------------------------------

def test_team_message_reaches_the_reporter_and_internal_notes_do_not(app, client, login_as):
    _, receipt = submit(client)
    rid = _report_id(app)
    login_as("wbs")
    response = client.post(f"/admin/wbs/{rid}/pesan", data={
        "body": "Mohon sebutkan perkiraan nilai amplop.", "send_to_reporter": "Kirim ke pelapor",
        "files": [(io.BytesIO(jpeg_with_gps()), "contoh.jpg")]}, content_type="multipart/form-data")
    assert response.status_code == 302
    client.post(f"/admin/wbs/{rid}/pesan", data={"body": "CATATAN-INTERNAL-77 cek SPJ", "save_note": "y"})
    empty = client.post(f"/admin/wbs/{rid}/pesan", data={"body": "  ", "send_to_reporter": "y"})
    assert empty.status_code == 400 and "Tulis pesan atau lampirkan berkas." in empty.get_data(as_text=True)
    assert _actions(app)[-2:] != []  # see below for the exact trail

    reporter = app.test_client()
    page = track(reporter, receipt).get_data(as_text=True)
    assert "Mohon sebutkan perkiraan nilai amplop." in page
    assert "CATATAN-INTERNAL-77" not in page
    assert "Unduh lampiran-1.jpg" in page and "contoh.jpg" not in page
    with app.app_context():
        team_file = db.session.scalars(select(WbsReport)).one().attachments[0]
    download = reporter.post("/wbs/lacak/berkas", data={"receipt": receipt, "attachment_id": team_file.id})
    assert download.status_code == 200 and download.mimetype == "image/jpeg"
    wrong = reporter.post("/wbs/lacak/berkas",
                          data={"receipt": "1111-1111-1111-1111", "attachment_id": team_file.id})
    assert wrong.status_code == 403

    reply = reporter.post("/wbs/lacak/balas", data={"receipt": receipt, "body": "Sekitar lima juta rupiah."},
                          follow_redirects=True)  # POST-redirect-GET (F1): the result page shows the thread
    assert "Sekitar lima juta rupiah." in reply.get_data(as_text=True)
    case = client.get(f"/admin/wbs/{rid}").get_data(as_text=True)
    assert "Sekitar lima juta rupiah." in case and "CATATAN-INTERNAL-77" in case
    assert "wbs.message" in _actions(app) and "wbs.note" in _actions(app)


# --- workflow -----------------------------------------------------------------------------------------------

def _status(client, rid, **data):
    return client.post(f"/admin/wbs/{rid}/status", data=data)


def test_workflow_rules_and_forwarding_to_inspektorat_with_follow_up(app, client, login_as, make_user):
    _, receipt = submit(client)
    rid = _report_id(app)
    me = login_as("wbs")

    # verification needs someone assigned
    bad = _status(client, rid, to_status="diverifikasi")
    assert bad.status_code == 400 and "Tetapkan anggota tim" in bad.get_data(as_text=True)
    # an illegal jump is refused
    bad = _status(client, rid, to_status="selesai", outcome="x")
    assert bad.status_code == 400
    assert _status(client, rid, to_status="diverifikasi", assigned_to=str(me.id),
                   category="benturan_kepentingan").status_code == 302
    # forwarding needs to whom and why
    bad = _status(client, rid, to_status="diteruskan", forwarded_to="", outcome="")
    assert bad.status_code == 400 and "Isi instansi tujuan" in bad.get_data(as_text=True)
    assert _status(client, rid, to_status="diteruskan", forwarded_to="Inspektorat KPU RI",
                   outcome="Menyangkut pejabat pengadaan; kewenangan Inspektorat.").status_code == 302

    # the Inspektorat's recommendation and its follow-up
    response = client.post(f"/admin/wbs/{rid}/rekomendasi", data={
        "issued_by": "Inspektorat KPU RI", "issued_on": "2026-02-10", "text": "Evaluasi panitia pengadaan.",
        "responsible": "Sekretaris", "due_on": "2026-03-31"})
    assert response.status_code == 302
    with app.app_context():
        rec_id = db.session.scalar(select(WbsRecommendation.id))
    # closing while the recommendation is open is refused
    bad = _status(client, rid, to_status="selesai", outcome="Selesai.")
    assert bad.status_code == 400 and "belum selesai ditindaklanjuti" in bad.get_data(as_text=True)
    bad = client.post(f"/admin/wbs/rekomendasi/{rec_id}/tindak-lanjut",
                      data={"status": "selesai", "note": ""}, follow_redirects=True)
    assert "Uraikan tindak lanjut" in bad.get_data(as_text=True)
    assert client.post(f"/admin/wbs/rekomendasi/{rec_id}/tindak-lanjut", data={
        "status": "selesai", "note": "Panitia diganti; SK baru terbit.", "on": "2026-03-20",
    }).status_code == 302
    assert _status(client, rid, to_status="selesai",
                   outcome="Rekomendasi Inspektorat telah dilaksanakan.").status_code == 302
    with app.app_context():
        report = db.session.get(WbsReport, rid)
        assert report.status == "selesai" and report.closed_on is not None
        assert report.category == "benturan_kepentingan" and report.forwarded_to == "Inspektorat KPU RI"
        kinds = [(m.kind, m.from_status, m.to_status) for m in report.entries]
        assert kinds == [("status", "diterima", "diverifikasi"), ("status", "diverifikasi", "diteruskan"),
                         ("status", "diteruskan", "selesai")]

    page = track(app.test_client(), receipt).get_data(as_text=True)
    assert "Selesai" in page and "Rekomendasi Inspektorat telah dilaksanakan." in page
    assert "Diteruskan kepada" in page and "Inspektorat KPU RI" in page
    assert _actions(app).count("wbs.transition") == 3
    assert "wbs.recommendation_add" in _actions(app) and "wbs.followup_update" in _actions(app)


def test_evaluation_recommendations_without_a_report(app, client, login_as):
    login_as("wbs")
    bad = client.post("/admin/wbs/rekomendasi", data={"issued_by": "Inspektorat", "issued_on": "2026-04-05",
                                                      "text": "", "due_on": "2026-03-01"})
    assert bad.status_code == 400
    response = client.post("/admin/wbs/rekomendasi", data={
        "issued_by": "Inspektorat KPU Provinsi Jawa Tengah", "issued_on": "2026-04-05",
        "text": "Sosialisasi WBS kepada seluruh pegawai setiap triwulan.",
        "responsible": "Tim Penguatan Pengawasan"})
    assert response.status_code == 302
    html = client.get("/admin/wbs/rekomendasi").get_data(as_text=True)
    assert "Sosialisasi WBS kepada seluruh pegawai" in html and "Evaluasi penerapan WBS" in html
    with app.app_context():
        rec = db.session.scalars(select(WbsRecommendation)).one()
        assert rec.report_id is None and "Sosialisasi" not in rec.text_enc


# --- quarterly report -------------------------------------------------------------------------------------

def _seed_quarter(app, staff_id):
    """Q1 2026: 3 gratifikasi (1 selesai), 1 korupsi; Q2: 1 lainnya. Two recommendations in Q1."""
    with app.app_context():
        cipher = get_cipher()
        staff = db.session.get(User, staff_id)
        made = []
        for category, day in [("gratifikasi", date(2026, 1, 5)), ("gratifikasi", date(2026, 2, 9)),
                              ("gratifikasi", date(2026, 3, 31)), ("korupsi", date(2026, 3, 2)),
                              ("lainnya", date(2026, 4, 1))]:
            report, _r = service.submit_report(db.session, cipher, category=category,
                                               what=f"Laporan uji {category} {day}", today=day)
            made.append(report)
        service.transition(db.session, cipher, made[0], staff, "diverifikasi", assigned_to=staff)
        service.transition(db.session, cipher, made[0], staff, "selesai", outcome="Sudah ditangani.")
        service.add_recommendation(db.session, cipher, staff, text="=HYPERLINK(\"http://x\")",
                                   issued_by="Inspektorat", issued_on=date(2026, 2, 1), report=made[1])
        rec = service.add_recommendation(db.session, cipher, staff, text="Perbaiki SOP WBS",
                                         issued_by="Inspektorat", issued_on=date(2026, 3, 1))
        service.update_followup(db.session, cipher, rec, staff, status="selesai", note="SOP direvisi",
                                on=date(2026, 3, 15))
        db.session.commit()


def test_quarterly_counts_match_a_hand_count(app, make_user):
    staff = make_user("wbs")
    _seed_quarter(app, staff.id)
    with app.app_context():
        q1 = service.wbs_quarterly_counts(db.session, 2026, 1)
        q2 = service.wbs_quarterly_counts(db.session, 2026, 2)
    assert q1["total"] == 4 and q2["total"] == 1
    assert q1["matrix"]["gratifikasi"] == {"diterima": 2, "diverifikasi": 0, "diproses": 0, "selesai": 1,
                                           "ditolak": 0, "diteruskan": 0}
    assert q1["by_category"]["korupsi"] == 1 and q1["by_category"]["lainnya"] == 0
    assert q1["by_status"]["diterima"] == 3 and q1["by_status"]["selesai"] == 1
    assert q1["recommendations"] == {"belum": 1, "proses": 0, "selesai": 1}
    assert q1["followup_percent"] == 50.0
    assert q2["recommendations_total"] == 0 and q2["followup_percent"] is None
    # numbers only: nothing a reporter wrote is in what may be published
    assert "Laporan uji" not in repr(q1)


def test_quarterly_page_printable_and_xlsx_export(app, client, login_as):
    staff = login_as("wbs")
    _seed_quarter(app, staff.id)
    page = client.get("/admin/wbs/triwulan?tahun=2026&tw=1")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Rekapitulasi WBS Triwulan I Tahun 2026" in html and "data-print" in html
    assert 'id="wbs-quarter-total">4<' in html
    assert "Perbaiki SOP WBS" in html and "SOP direvisi" in html and "Evaluasi penerapan WBS" in html
    assert client.get("/admin/wbs/triwulan?tahun=abc").status_code == 400

    export = client.get("/admin/wbs/triwulan.xlsx?tahun=2026&tw=1")
    assert export.status_code == 200 and "rekap-wbs-2026-TW1.xlsx" in export.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(export.data))
    counts, recap = book.worksheets
    rows = [[c.value for c in row] for row in counts.iter_rows()]
    header = next(r for r in rows if r and r[0] == "Kategori")
    grat = next(r for r in rows if r and r[0] == "Gratifikasi")
    assert header[1:8] == ["Diterima", "Diverifikasi", "Diproses", "Selesai", "Ditolak", "Diteruskan",
                           "Jumlah"]
    assert grat[1:8] == [2, 0, 0, 1, 0, 0, 3]
    recap_rows = [[c.value for c in row] for row in recap.iter_rows(min_row=4)]
    texts = [r[7] for r in recap_rows]
    assert "Perbaiki SOP WBS" in texts
    formula_cell = next(c for row in recap.iter_rows(min_row=4) for c in row
                        if c.value and "HYPERLINK" in str(c.value))
    assert formula_cell.data_type == "s"  # typed formula stays text
    assert _actions(app).count("wbs.export") == 1 and "wbs.quarterly_view" in _actions(app)


# --- retention ---------------------------------------------------------------------------------------------

def test_purge_wipes_old_closed_reports_and_keeps_the_counts(app, client, make_user, tmp_path):
    staff = make_user("wbs")
    _, old_receipt = submit(client, files=[("a.jpg", jpeg_with_gps())])
    _, open_receipt = submit(client)
    with app.app_context():
        cipher = get_cipher()
        user = db.session.get(User, staff.id)
        old, _still_open = db.session.scalars(select(WbsReport).order_by(WbsReport.id)).all()
        service.transition(db.session, cipher, old, user, "ditolak", outcome="Tidak cukup bukti.")
        old.closed_on = date.today() - timedelta(days=40)
        db.session.commit()
        old_id, year, quarter = old.id, old.received_on.year, (old.received_on.month - 1) // 3 + 1
        before = service.wbs_quarterly_counts(db.session, year, quarter)
    assert not (tmp_path / "uploads" / "wbs").exists()  # WBS files are kept in the database (A5)

    runner = app.test_cli_runner()
    dry = runner.invoke(args=["wbs-purge", "--older-than-days", "30", "--dry-run"])
    assert dry.exit_code == 0 and "1 laporan WBS akan dihapus" in dry.output
    assert track(client, old_receipt).status_code == 200  # dry run changed nothing
    result = runner.invoke(args=["wbs-purge", "--older-than-days", "30"])
    assert result.exit_code == 0 and "1 laporan WBS dihapus isinya (1 berkas)" in result.output

    assert track(client, old_receipt).status_code == 403  # the receipt opens nothing any more
    assert track(client, open_receipt).status_code == 200
    assert not (tmp_path / "uploads" / "wbs").exists()
    with app.app_context():
        old = db.session.get(WbsReport, old_id)
        assert old.purged_on is not None and old.what_enc == ""
        assert old.entries == [] and old.attachments == []
        assert db.session.scalar(select(WbsMessage.id).where(WbsMessage.report_id == old_id)) is None
        assert service.wbs_quarterly_counts(db.session, year, quarter) == before
        assert db.session.scalar(select(AuditLog.action).where(AuditLog.action == "wbs.purge")) == "wbs.purge"
    again = runner.invoke(args=["wbs-purge", "--older-than-days", "30"])
    assert "0 laporan" in again.output
    # a younger closed report is kept with the default retention
    default = runner.invoke(args=["wbs-purge"])
    assert default.exit_code == 0 and "lebih dari 730 hari" in default.output


def test_login_with_password_alone_is_not_enough_for_the_team(app, client, make_user):
    user = make_user("wbs")
    response = client.post("/admin/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/wbs").status_code == 302


# --- publishing aggregate counts ---------------------------------------------------------------------------

def test_publish_quarter_puts_numbers_only_on_rekap(app, client, login_as):
    staff = login_as("wbs")
    _seed_quarter(app, staff.id)
    public = app.test_client()
    assert "Belum ada rekapitulasi WBS yang diterbitkan." in public.get("/wbs/rekap").get_data(as_text=True)
    response = client.post("/admin/wbs/triwulan/terbitkan", data={"tahun": "2026", "tw": "1"})
    assert response.status_code == 302
    assert "Terakhir diterbitkan" in client.get("/admin/wbs/triwulan?tahun=2026&tw=1").get_data(as_text=True)

    page = public.get("/wbs/rekap").get_data(as_text=True)
    assert "Triwulan I Tahun 2026" in page and "Gratifikasi" in page
    for secret in ("Laporan uji", "Perbaiki SOP", "SOP direvisi", "Sudah ditangani"):
        assert secret not in page
    if "recap.index" in app.view_functions:  # the WBS section on the shared /rekap page
        html = public.get("/rekap").get_data(as_text=True)
        assert 'id="rekap-wbs"' in html
        assert "Laporan WBS triwulan I tahun 2026" in html and "Laporan uji" not in html

    # later changes do not alter what was published until it is published again
    with app.app_context():
        from portal.wbs import service as svc

        svc.submit_report(db.session, get_cipher(), category="korupsi",
                          what="Laporan susulan triwulan satu", today=date(2026, 3, 30))
        db.session.commit()
        (snapshot, data), = service.published_quarters(db.session)
        assert data["total"] == 4 and snapshot.period_key == "2026-T1"
    client.post("/admin/wbs/triwulan/terbitkan", data={"tahun": "2026", "tw": "1"})
    with app.app_context():
        (_snapshot, data), = service.published_quarters(db.session)
        assert data["total"] == 5
    assert _actions(app).count("wbs.recap_publish") == 2


def test_only_the_team_publishes(client, login_as):
    login_as("admin")
    assert client.post("/admin/wbs/triwulan/terbitkan", data={"tahun": "2026", "tw": "1"}).status_code == 403


def test_a_team_read_through_the_service_is_audited(app, client, make_user):
    """The service function that decrypts a case for a team member records the read itself: a view cannot
    forget it. The reporter-side readers (report_text, thread, read_attachment) never write audit rows."""
    submit(client, files=[("foto.jpg", jpeg_with_gps())])
    staff = make_user("wbs")
    rid = _report_id(app)
    with app.app_context():
        report = db.session.get(WbsReport, rid)
        user = db.session.get(User, staff.id)
        cipher = get_cipher()
        service.report_text(cipher, report)
        service.thread(cipher, report, for_reporter=True)
        assert _actions(app) == []
        read = service.read_case(db.session, cipher, report, user)
        assert SECRET_TEXT in read.text.what and report.unread is True  # only opening the page marks it read
        data, name = service.read_attachment_for_team(db.session, cipher, app.config["UPLOAD_FOLDER"],
                                                      report.attachments[0], user)
        assert data and name == "lampiran-1.jpg"
        service.read_case(db.session, cipher, report, user, opened=True)
        assert report.unread is False
        db.session.commit()
    assert _actions(app) == ["wbs.view", "wbs.download", "wbs.view"]
