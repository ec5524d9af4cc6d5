"""ZI monitoring through HTTP: evidence hand-in and review, team boundaries, partly done rows, timeliness,
due lists, the monev report (page and XLSX), the public progress page, team administration, audit."""
from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest
from freezegun import freeze_time
from sqlalchemy import func, select

from portal.core.models.audit import AuditLog
from portal.extensions import db
from portal.zi.models import ZiEvidence, ZiTeamMember
from tests.conftest import PASSWORD
from tests.zi_helpers import (
    PELAYANAN,
    PENGAWASAN,
    PERUBAHAN,
    evidence,
    item_id,
    join_team,
    load_plan,
    make_reviewer,
    pdf_upload,
    submit,
    text,
)


@pytest.fixture
def plan(app):
    load_plan(app)
    return app


@pytest.fixture
def people(plan, make_user):
    """A member of Tim Manajemen Perubahan, a member of Tim Peningkatan Kualitas Pelayanan Publik, a
    reviewer."""
    member = make_user("editor", name="Anggota Perubahan")
    other = make_user("editor", name="Anggota Pelayanan")
    reviewer = make_user("pimpinan", name="Penilai ZI")
    join_team(plan, member, PERUBAHAN)
    join_team(plan, other, PELAYANAN)
    make_reviewer(plan, reviewer)
    return {"member": member, "other": other, "reviewer": reviewer}


def as_user(client, auth, user):
    auth.logout()
    response = auth.login(user.email)
    assert response.status_code == 302


def uploaded_files(app) -> list[Path]:
    folder = Path(app.config["UPLOAD_FOLDER"]) / "zi"
    return sorted(folder.glob("*")) if folder.exists() else []


def audit_actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditLog.action).where(AuditLog.action.like("zi.%"),
                                                                     AuditLog.action != "zi.team.sync")
                                       .order_by(AuditLog.id)))


def tally(page: str, label: str) -> dict[str, int]:
    row = re.search(rf'<tr data-tally="{re.escape(label)}">(.*?)</tr>', page, re.DOTALL).group(1)
    return {k: int(v) for k, v in re.findall(r'data-k="(\w+)">(\d+)<', row)}


def due_block(page: str, team: str) -> str:
    return re.search(rf'data-due-team="{team}"(.*?)</div></div></div>', page, re.DOTALL).group(1)


def period_card(page: str, key: str) -> str:
    return re.search(rf'<section[^>]*id="periode-{key}"(.*?)</section>', page, re.DOTALL).group(0)


# --------------------------------------------------------------------------------- hand-in and review
@freeze_time("2026-06-20 03:00:00")
def test_member_hands_in_file_and_link_reviewer_accepts_row_is_partly_done(plan, people, client, auth):
    app = plan
    as_user(client, auth, people["member"])
    response = submit(client, app, "I.3", "2026-06", files=[pdf_upload("Undangan rapat monev.pdf")],
                      links="https://kpu-kebumen.go.id/berita/monev-zi-semester-1", note="Rapat 18 Juni")
    assert response.status_code == 302 and response.headers["Location"].endswith("#periode-2026-06")
    rows = evidence(app, "I.3")
    assert [(r.kind, r.status, r.period_key, r.note) for r in rows] == [
        ("file", "submitted", "2026-06", "Rapat 18 Juni"), ("link", "submitted", "2026-06", "Rapat 18 Juni")]
    assert rows[0].original_name == "Undangan rapat monev.pdf" and rows[0].size > 0
    assert [p.name for p in uploaded_files(app)] == [rows[0].stored_name]

    page = text(client.get(f"/admin/zi/kegiatan/{item_id(app, 'I.3')}"))
    card = period_card(page, "2026-06")
    assert 'data-review="submitted"' in card and "Undangan rapat monev.pdf" in card
    assert "Rapat 18 Juni" in card
    assert "https://kpu-kebumen.go.id/berita/monev-zi-semester-1" in card
    assert 'rel="noopener noreferrer nofollow"' in card

    download = client.get(f"/admin/zi/bukti/{rows[0].id}/unduh")
    assert download.status_code == 200 and download.data.startswith(b"%PDF-")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in download.headers["Content-Disposition"]

    as_user(client, auth, people["reviewer"])
    queue = text(client.get("/admin/zi/reviu"))
    assert "Undangan rapat monev.pdf" in queue and queue.count('name="terima"') == 2
    for row in rows:
        response = client.post(f"/admin/zi/bukti/{row.id}/reviu", data={"komentar": "Lengkap", "terima": "1"})
        assert response.status_code == 302
    assert [r.status for r in evidence(app, "I.3")] == ["accepted", "accepted"]

    page = text(client.get(f"/admin/zi/kegiatan/{item_id(app, 'I.3')}"))
    assert 'data-review="accepted"' in period_card(page, "2026-06")
    assert 'data-review="none"' in period_card(page, "2026-12")
    assert "Sebagian" in page and "1 dari 2 periode diterima (50%)" in page
    dashboard = text(client.get("/admin/zi"))
    assert re.search(r'<tr id="row-I\.3" data-code="I\.3" data-state="sebagian">', dashboard)
    assert "Juni 2026: Diterima" in dashboard and "Desember 2026: Belum ada bukti" in dashboard
    assert audit_actions(app) == ["zi.evidence.submit", "zi.evidence.accept", "zi.evidence.accept"]


def test_row_with_evidence_for_both_periods_is_done(plan, people, client, auth):
    app = plan
    with freeze_time("2026-06-25 03:00:00"):
        as_user(client, auth, people["member"])
        assert submit(client, app, "I.3", "2026-06", files=[pdf_upload()]).status_code == 302
    with freeze_time("2026-12-20 03:00:00"):
        as_user(client, auth, people["member"])
        response = submit(client, app, "I.3", "2026-12", links="https://example.org/notulen-desember")
        assert response.status_code == 302
        page = text(client.get("/admin/zi"))
        assert 'data-code="I.3" data-state="sebagian"' in page  # handed in, not yet accepted
        as_user(client, auth, people["reviewer"])
        for row in evidence(app, "I.3"):
            client.post(f"/admin/zi/bukti/{row.id}/reviu", data={"terima": "1"})
        page = text(client.get("/admin/zi"))
        assert 'data-code="I.3" data-state="selesai"' in page
        page = text(client.get(f"/admin/zi/kegiatan/{item_id(app, 'I.3')}"))
        assert "2 dari 2 periode diterima (100%)" in page


def test_returned_evidence_needs_a_comment_and_the_team_sees_it(plan, people, client, auth):
    app = plan
    as_user(client, auth, people["member"])
    submit(client, app, "I.1", "2026-01", files=[pdf_upload("sk.pdf")])
    row = evidence(app, "I.1")[0]
    as_user(client, auth, people["reviewer"])
    response = client.post(f"/admin/zi/bukti/{row.id}/reviu", data={"komentar": "  ", "kembalikan": "1"},
                           follow_redirects=True)
    assert "Tulis alasan pengembalian" in text(response)
    assert evidence(app, "I.1")[0].status == "submitted"
    client.post(f"/admin/zi/bukti/{row.id}/reviu",
                data={"komentar": "SK belum ditandatangani", "kembalikan": "1"})
    stored = evidence(app, "I.1")[0]
    assert stored.status == "returned" and stored.review_comment == "SK belum ditandatangani"
    assert stored.reviewed_by_id == people["reviewer"].id and stored.reviewed_at is not None
    # a reviewed piece cannot be reviewed again
    response = client.post(f"/admin/zi/bukti/{row.id}/reviu", data={"terima": "1"}, follow_redirects=True)
    assert "sudah direviu" in text(response) and evidence(app, "I.1")[0].status == "returned"

    as_user(client, auth, people["member"])
    page = text(client.get(f"/admin/zi/kegiatan/{item_id(app, 'I.1')}"))
    card = period_card(page, "2026-01")
    assert 'data-review="returned"' in card and "SK belum ditandatangani" in card
    assert 'data-state="belum"' in text(client.get("/admin/zi"))
    assert audit_actions(app) == ["zi.evidence.submit", "zi.evidence.return"]


def test_reviewer_cannot_review_own_upload(plan, people, client, auth):
    app = plan
    join_team(app, people["reviewer"], PERUBAHAN)
    as_user(client, auth, people["reviewer"])
    submit(client, app, "I.2", "2026-01", links="https://example.org/rencana-aksi")
    row = evidence(app, "I.2")[0]
    page = text(client.get(f"/admin/zi/kegiatan/{item_id(app, 'I.2')}"))
    assert 'name="terima"' not in period_card(page, "2026-01")
    response = client.post(f"/admin/zi/bukti/{row.id}/reviu", data={"terima": "1"}, follow_redirects=True)
    assert "harus direviu oleh penilai lain" in text(response)
    assert evidence(app, "I.2")[0].status == "submitted"


def test_uploader_withdraws_unreviewed_evidence_and_its_file(plan, people, client, auth):
    app = plan
    as_user(client, auth, people["member"])
    submit(client, app, "I.4b", "2026-01", files=[pdf_upload("foto.pdf")])
    row = evidence(app, "I.4b")[0]
    assert len(uploaded_files(app)) == 1
    response = client.post(f"/admin/zi/bukti/{row.id}/tarik")
    assert response.status_code == 302
    assert evidence(app, "I.4b") == [] and uploaded_files(app) == []
    assert audit_actions(app)[-1] == "zi.evidence.withdraw"
    # accepted evidence stays
    submit(client, app, "I.4b", "2026-01", links="https://example.org/foto")
    row = evidence(app, "I.4b")[0]
    as_user(client, auth, people["reviewer"])
    client.post(f"/admin/zi/bukti/{row.id}/reviu", data={"terima": "1"})
    as_user(client, auth, people["member"])
    response = client.post(f"/admin/zi/bukti/{row.id}/tarik", follow_redirects=True)
    assert "tidak dapat ditarik" in text(response) and evidence(app, "I.4b")[0].status == "accepted"


# -------------------------------------------------------------------------------------- team boundaries
def test_member_cannot_touch_another_teams_rows(plan, people, client, auth):
    app = plan
    as_user(client, auth, people["member"])
    submit(client, app, "I.3", "2026-06", files=[pdf_upload()])
    mine = evidence(app, "I.3")[0]

    as_user(client, auth, people["other"])  # Tim Peningkatan Kualitas Pelayanan Publik
    page = text(client.get(f"/admin/zi/kegiatan/{item_id(app, 'I.3')}"))
    assert "Hanya anggota Tim Manajemen Perubahan yang dapat mengirim bukti" in page
    assert 'action="/admin/zi/kegiatan/' not in page
    assert submit(client, app, "I.3", "2026-12", files=[pdf_upload()]).status_code == 403
    assert submit(client, app, "I.1", "2026-01", links="https://example.org/x").status_code == 403
    assert client.post(f"/admin/zi/bukti/{mine.id}/tarik").status_code == 403
    assert client.post(f"/admin/zi/bukti/{mine.id}/reviu", data={"terima": "1"}).status_code == 403
    assert len(evidence(app)) == 1 and evidence(app)[0].status == "submitted"
    assert len(uploaded_files(app)) == 1
    # their own team's row works
    response = submit(client, app, "VI.2", "2026-S1", links="https://example.org/budaya-pelayanan")
    assert response.status_code == 302

    # a staff account in no team at all (and not a reviewer) only reads
    auth.logout()
    response = client.get("/admin/zi")
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


def test_every_staff_role_reads_the_monitoring_and_sees_the_menu(plan, client, login_as):
    login_as("dumas")
    page = text(client.get("/admin/"))
    assert 'href="/admin/zi"' in page
    assert client.get("/admin/zi").status_code == 200
    assert client.get(f"/admin/zi/kegiatan/{item_id(plan, 'V.5.3')}").status_code == 200
    assert client.get("/admin/zi/laporan?tahun=2026&semester=2").status_code == 200
    assert client.get("/admin/zi/tim").status_code == 403  # admin only
    assert client.get("/admin/zi/kegiatan/999999").status_code == 404
    assert client.get("/admin/zi?tahun=1999").status_code == 404


# ------------------------------------------------------------------------------------------- bad input
def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_written(plan, people, client, auth):
    app = plan
    as_user(client, auth, people["member"])
    cases = [
        ({"files": [pdf_upload()], "links": "javascript:alert(1)"}, "2026-06", "tidak sah"),
        ({"links": "kpu-kebumen.go.id/berita"}, "2026-06", "diawali http:// atau https://"),
        ({"files": [pdf_upload()]}, "2026-03", "bukan periode pelaksanaan kegiatan I.3"),
        ({"links": ""}, "2026-06", "Lampirkan paling sedikit satu berkas atau satu tautan"),
        ({"files": [(io.BytesIO(b"bukan pdf sama sekali"), "laporan.pdf")]}, "2026-06",
         "bukan PDF, JPG, PNG atau DOCX"),
        ({"links": "\n".join(f"https://example.org/{i}" for i in range(6))}, "2026-06",
         "Paling banyak 5 tautan"),
    ]
    for kwargs, period, message in cases:
        response = submit(client, app, "I.3", period, **kwargs)
        assert response.status_code == 400, message
        assert message in text(response), message
    assert evidence(app) == [] and uploaded_files(app) == []
    assert audit_actions(app) == []


# ---------------------------------------------------------------------------- timeliness and due lists
def test_dashboard_counts_on_time_late_missing_and_accepted(app_factory, make_user):
    app = app_factory(ZI_GRACE_DAYS=10)  # the default, set explicitly: the counts below depend on it
    load_plan(app)
    member = make_user("editor")
    reviewer = make_user("pimpinan")
    join_team(app, member, PERUBAHAN)
    make_reviewer(app, reviewer)
    client = app.test_client()
    from tests.conftest import AuthActions

    auth = AuthActions(client)
    with freeze_time("2026-01-20 03:00:00"):
        as_user(client, auth, member)
        submit(client, app, "I.1", "2026-01", links="https://example.org/sk-tim")  # on time
    with freeze_time("2026-02-09 03:00:00"):
        as_user(client, auth, member)
        submit(client, app, "I.2", "2026-01", links="https://example.org/ra")  # 31 Jan + 10 = 10 Feb: on time
    with freeze_time("2026-02-15 03:00:00"):
        as_user(client, auth, member)
        submit(client, app, "I.4b", "2026-01", links="https://example.org/pakta")  # late
        as_user(client, auth, reviewer)
        client.post(f"/admin/zi/bukti/{evidence(app, 'I.1')[0].id}/reviu", data={"terima": "1"})
    with freeze_time("2026-07-20 03:00:00"):
        as_user(client, auth, reviewer)
        page = text(client.get("/admin/zi"))
    area = tally(page, "I. MANAJEMEN PERUBAHAN")
    # I.1 Jan, I.2 Jan, I.3 Jun+Dec, I.4 S1+S2, I.4b Jan+Dec = 8 periods;
    # deadlines passed: 3x Jan, Jun, S1 = 5
    assert area == {"rows": 5, "periods": 8, "due": 5, "on_time": 2, "late": 1, "missing": 2, "accepted": 1,
                    "submitted": 2, "returned": 0}
    team = tally(page, "Tim Manajemen Perubahan")
    assert team == area
    overall = tally(page, "Seluruh kegiatan")
    assert overall["rows"] == 43 and overall["accepted"] == 1
    assert overall["on_time"] == 2 and overall["late"] == 1
    overdue = re.search(r'data-overdue-team="TIM MANAJEMEN PERUBAHAN"(.*?)</details>', page,
                        re.DOTALL).group(1)
    assert ">I.3</a>" in overdue and "Juni 2026" in overdue and ">I.4</a>" in overdue
    assert ">I.1</a>" not in overdue and ">I.4b</a>" not in overdue


@freeze_time("2026-06-10 03:00:00")
def test_due_in_the_next_30_days_per_team(plan, people, client, auth):
    app = plan
    as_user(client, auth, people["member"])
    page = text(client.get("/admin/zi"))
    perubahan = due_block(page, "TIM MANAJEMEN PERUBAHAN")
    pengawasan = due_block(page, PENGAWASAN)
    assert "Tim Anda" in perubahan and "Tim Anda" not in pengawasan
    assert ">I.3</a>" in perubahan and "Juni 2026" in perubahan and "Desember 2026" not in perubahan
    assert ">I.4</a>" in perubahan and "Semester 1 2026" in perubahan  # continuous row, due 30 June
    assert ">V.2.1b</a>" in pengawasan and "Triwulan II 2026" in pengawasan
    assert "Triwulan III" not in pengawasan
    submit(client, app, "I.3", "2026-06", links="https://example.org/undangan")
    page = text(client.get("/admin/zi"))
    perubahan = due_block(page, "TIM MANAJEMEN PERUBAHAN")
    assert ">I.3</a>" not in perubahan and ">I.4</a>" in perubahan
    # the admin dashboard panel of a team member
    panel = text(client.get("/admin/"))
    assert "Tim Anda: 1 bukti jatuh tempo dalam 30 hari." in panel  # I.4, Semester 1
    assert "Tim Anda: 3 periode lewat batas tanpa bukti." in panel  # I.1, I.2, I.4b: Januari


# ------------------------------------------------------------------------------------ monev report
def test_semester_monev_report_page_and_xlsx(plan, people, client, auth):
    app = plan
    with freeze_time("2026-06-22 03:00:00"):
        as_user(client, auth, people["member"])
        submit(client, app, "I.3", "2026-06", files=[pdf_upload("daftar-hadir.pdf")],
               note='=HYPERLINK("http://evil.example","klik")')
        as_user(client, auth, people["reviewer"])
        client.post(f"/admin/zi/bukti/{evidence(app, 'I.3')[0].id}/reviu",
                    data={"terima": "1", "komentar": "Sesuai bukti fisik"})
        page = text(client.get("/admin/zi/laporan?tahun=2026&semester=1"))
        assert "LAPORAN MONITORING DAN EVALUASI PEMBANGUNAN ZONA INTEGRITAS" in page and "data-print" in page
        assert 'data-code="I.3" data-period="2026-06"' in page
        assert 'data-code="I.3" data-period="2026-12"' not in page
        assert 'data-code="V.2.1b" data-period="2026-T2"' in page and 'data-period="2026-T3"' not in page
        assert "daftar-hadir.pdf" in page and "Sesuai bukti fisik" in page
        s2 = text(client.get("/admin/zi/laporan?tahun=2026&semester=2"))
        assert 'data-code="I.3" data-period="2026-12"' in s2 and "daftar-hadir.pdf" not in s2
        assert client.get("/admin/zi/laporan?tahun=2026&semester=3").status_code == 404

        response = client.get("/admin/zi/laporan.xlsx?tahun=2026&semester=1")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    assert "laporan-monev-zi-2026-S1.xlsx" in response.headers["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    sheet = book["Rincian"]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=6)]
    line = next(r for r in rows if r[1] == "I.3")
    assert line[6] == "Juni 2026" and line[9] == "Diterima" and line[10] == "Tepat waktu"
    assert "daftar-hadir.pdf" in line[11] and "/admin/zi/bukti/" in line[11]
    assert line[12] == '=HYPERLINK("http://evil.example","klik")'
    note_cell = next(c for r in sheet.iter_rows(min_row=6) for c in r if c.value == line[12])
    assert note_cell.data_type == "s"  # text, not a formula
    assert note_cell.quotePrefix  # and marked as text, so editing the cell keeps it text
    assert line[13] == "daftar-hadir.pdf: Sesuai bukti fisik"
    assert not any(r[1] == "I.3" and r[6] == "Desember 2026" for r in rows)
    summary = [[c.value for c in r] for r in book["Ringkasan"].iter_rows(min_row=5)]
    assert summary[0][0] == "I. MANAJEMEN PERUBAHAN" and summary[-1][0] == "Jumlah"


# ---------------------------------------------------------------------------------- public progress
def test_public_progress_shows_completion_without_internal_files_or_notes(plan, people, client, auth):
    app = plan
    with freeze_time("2026-06-22 03:00:00"):
        as_user(client, auth, people["member"])
        submit(client, app, "I.3", "2026-06", files=[pdf_upload("notulen-internal-rahasia.pdf")],
               links="https://drive.example.org/folder-internal", note="Catatan internal tim")
        as_user(client, auth, people["reviewer"])
        for row in evidence(app, "I.3"):
            client.post(f"/admin/zi/bukti/{row.id}/reviu",
                        data={"terima": "1", "komentar": "Komentar penilai"})
        auth.logout()
        public = client.get("/rencana-aksi/progres")
        api = client.get("/api/v1/rencana-aksi/progres")
    assert public.status_code == 200 and api.status_code == 200
    page = text(public)
    assert re.search(r'data-code="I\.3" data-state="sebagian">.*?✔</span> Juni 2026', page, re.DOTALL)
    assert "Progres Pembangunan Zona Integritas" in page
    area_i = re.search(r'<li class="mb-3" data-area="I">(.*?)</li>', page, re.DOTALL).group(1)
    assert "1 dari 8 periode selesai" in area_i and "12,5%" in area_i
    for secret in ("notulen-internal-rahasia", "drive.example.org", "Catatan internal tim",
                   "Komentar penilai", "/admin/zi/bukti", people["member"].email):
        assert secret not in page
        assert secret not in api.get_data(as_text=True)
    data = api.get_json()
    area = next(a for a in data["areas"] if a["code"] == "I")
    assert area["periods_accepted"] == 1 and area["period_count"] == 8 and area["percent"] == 12.5
    row = next(r for r in area["activities"] if r["code"] == "I.3")
    assert [(p["key"], p["accepted"]) for p in row["periods"]] == [("2026-06", True), ("2026-12", False)]
    assert api.headers["Access-Control-Allow-Origin"] == "*"
    assert client.get("/rencana-aksi/progres?tahun=1990").status_code == 404


# ----------------------------------------------------------------------------------- administration
def test_admin_manages_teams_and_reviewers(plan, make_user, client, login_as):
    app = plan
    staff = make_user("editor", email="staf.zi@uji.example")
    login_as("admin")
    page = text(client.get("/admin/zi/tim"))
    assert "Tim Penguatan Pengawasan" in page and "Tim Penataan Sistem Manajemen Sumber Daya Manusia" in page
    with app.app_context():
        from portal.zi.models import ZiTeam
        team_id = db.session.scalar(select(ZiTeam.id).where(ZiTeam.key == PENGAWASAN))
    response = client.post("/admin/zi/tim",
                           data={"tim": team_id, "email": "STAF.ZI@uji.example", "tambah": "1"})
    assert response.status_code == 302
    response = client.post("/admin/zi/tim",
                           data={"tim": team_id, "email": "staf.zi@uji.example", "tambah": "1"})
    assert response.status_code == 400 and "sudah menjadi anggota Tim Penguatan Pengawasan" in text(response)
    response = client.post("/admin/zi/tim",
                           data={"tim": team_id, "email": "tidak.ada@uji.example", "tambah": "1"})
    assert response.status_code == 400 and "Tidak ada akun staf dengan surel itu" in text(response)
    response = client.post("/admin/zi/tim",
                           data={"penilai-email": "staf.zi@uji.example", "penilai-tambah": "1"})
    assert response.status_code == 302
    page = text(client.get("/admin/zi/tim"))
    assert 'data-member="staf.zi@uji.example"' in page and 'data-reviewer="staf.zi@uji.example"' in page
    with app.app_context():
        member_id = db.session.scalar(select(ZiTeamMember.id).where(ZiTeamMember.user_id == staff.id))
        assert db.session.scalar(select(func.count()).select_from(ZiEvidence)) == 0
    assert client.post(f"/admin/zi/tim/anggota/{member_id}/hapus").status_code == 302
    assert 'data-member="staf.zi@uji.example"' not in text(client.get("/admin/zi/tim"))
    assert audit_actions(app) == ["zi.team.member_add", "zi.reviewer.add", "zi.team.member_remove"]


def test_team_pages_are_admin_only(plan, people, client, auth):
    as_user(client, auth, people["reviewer"])
    assert client.get("/admin/zi/tim").status_code == 403
    response = client.post("/admin/zi/tim", data={"tim": 1, "email": people["other"].email, "tambah": "1"})
    assert response.status_code == 403
    assert client.post("/admin/zi/tim/anggota/1/hapus").status_code == 403
    assert client.post("/admin/zi/penilai/1/hapus").status_code == 403


def test_forms_need_the_csrf_token(app_factory, make_user):
    app = app_factory(WTF_CSRF_ENABLED=True)
    load_plan(app)
    member = make_user("editor")
    join_team(app, member, PERUBAHAN)
    client = app.test_client()
    login_page = client.get("/admin/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    client.post("/admin/login", data={"email": member.email, "password": PASSWORD, "csrf_token": token})
    url = f"/admin/zi/kegiatan/{item_id(app, 'I.3')}"
    data = {"periode": "2026-06", "tautan": "https://example.org/notulen"}
    assert client.post(url + "/bukti", data=data).status_code == 400
    assert evidence(app) == []
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      client.get(url).get_data(as_text=True)).group(1)
    assert client.post(url + "/bukti", data={**data, "csrf_token": token}).status_code == 302
    assert [e.url for e in evidence(app)] == ["https://example.org/notulen"]


def test_demo_data_fills_the_monitoring_once(app, runner):
    load_plan(app)
    first = runner.invoke(args=["demo-data", "--password", "demo-rahasia-123"])
    assert first.exit_code == 0, first.output
    assert "monitoring ZI: anggota tim demo" in first.output
    rows = evidence(app)
    assert sorted((r.period_key, r.status) for r in rows) == [("2026-01", "accepted"),
                                                              ("2026-01", "submitted")]
    again = runner.invoke(args=["demo-data", "--password", "demo-rahasia-123"])
    assert again.exit_code == 0 and "monitoring ZI: sudah ada anggota tim" in again.output
    assert len(evidence(app)) == 2
