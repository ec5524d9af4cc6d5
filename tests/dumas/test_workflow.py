"""The DUMAS case workflow through the staff case page: every transition (allowed and illegal), the fields
each transition requires, deadlines per kind, and days_to_close / closed_on_time."""
from __future__ import annotations

import html
import itertools
from datetime import date

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select

from portal.core import holidays
from portal.core.models.audit import AuditLog
from portal.dumas.models import STATUSES, Complaint, ComplaintFollowUp
from portal.dumas.workflow import TRANSITIONS
from portal.extensions import db
from tests.dumas_factories import make_category, make_complaint, wib

# Complete, valid fields for each target state (the status forms are prefixed with the target).
FULL = {
    "diterima": {},
    "diverifikasi": {"diverifikasi-public_note": "Aduan Anda sudah kami verifikasi."},
    "diproses": {"diproses-public_note": "Sedang kami tindak lanjuti.",
                 "diproses-internal_note": "Cek loket 2."},
    "selesai": {"selesai-final_answer": "Petugas loket sudah ditambah; antrean kini di bawah 30 menit."},
    "ditolak": {"ditolak-reason": "Aduan bukan kewenangan kami dan tidak memuat fakta."},
    "diteruskan": {"diteruskan-forwarded_to": "Bawaslu Kabupaten Kebumen",
                   "diteruskan-reason": "Dugaan pelanggaran pemilu adalah kewenangan Bawaslu."},
}


def _snapshot(app, number: str) -> tuple[str, int, int]:
    with app.app_context():
        complaint = db.session.scalar(select(Complaint).where(Complaint.number == number))
        followups = db.session.scalar(select(func.count()).select_from(ComplaintFollowUp)
                                      .where(ComplaintFollowUp.complaint_id == complaint.id))
        audits = db.session.scalar(select(func.count()).select_from(AuditLog)
                                   .where(AuditLog.action.startswith("complaint.")))
        return complaint.status, followups, audits


def _case(app, status: str = "diterima", officer_id: int | None = None, with_category: bool = True,
          **kw) -> str:
    with app.app_context():
        category = make_category(db.session) if with_category else None
        complaint = make_complaint(db.session, category=category, status=status, assigned_to_id=officer_id,
                                   commit=True, **kw)
        return complaint.number


def _get(app, number: str) -> Complaint:
    with app.app_context():
        complaint = db.session.scalar(select(Complaint).where(Complaint.number == number))
        db.session.expunge(complaint)
        return complaint


@pytest.mark.parametrize(("from_status", "to_status"), list(itertools.product(STATUSES, STATUSES)))
def test_every_transition(app, client, login_as, from_status, to_status):
    officer = login_as("dumas")
    number = _case(app, from_status, officer.id)
    before = _snapshot(app, number)
    response = client.post(f"/admin/pengaduan/{number}/status/{to_status}", data=FULL[to_status])
    after = _snapshot(app, number)
    if to_status in TRANSITIONS[from_status]:
        assert response.status_code == 302, html.unescape(response.get_data(as_text=True))[:2000]
        assert after == (to_status, before[1] + 1, before[2] + 1)
        with app.app_context():
            followup = db.session.scalar(select(ComplaintFollowUp).order_by(ComplaintFollowUp.id.desc()))
            assert ((followup.from_status, followup.to_status, followup.actor_id)
                    == (from_status, to_status, officer.id))
            row = db.session.scalar(select(AuditLog).where(AuditLog.action == "complaint.transition"))
            assert row.user_id == officer.id and f'"to_status": "{to_status}"' in row.detail
    else:
        assert response.status_code == 400
        text = html.unescape(response.get_data(as_text=True))
        assert (f"Perubahan status dari '{STATUSES[from_status]}' ke '{STATUSES[to_status]}' tidak diizinkan."
                in text)
        assert after == before  # nothing written: no follow-up, status unchanged, no audit row


def test_unknown_target_state_is_404(app, client, login_as):
    login_as("dumas")
    number = _case(app)
    assert client.post(f"/admin/pengaduan/{number}/status/dihapus").status_code == 404


REQUIRED = [
    ("diproses", "selesai", {}, "Jawaban akhir untuk pelapor wajib diisi sebelum aduan dinyatakan selesai."),
    ("diverifikasi", "selesai", {"selesai-final_answer": "   "},
     "Jawaban akhir untuk pelapor wajib diisi sebelum aduan dinyatakan selesai."),
    ("diterima", "ditolak", {"ditolak-public_note": "maaf"}, "Alasan penolakan wajib diisi."),
    ("diterima", "diteruskan", {"diteruskan-reason": "Kewenangan Bawaslu."},
     "Isi instansi tujuan penerusan (mis. Inspektorat, Bawaslu, DKPP)."),
    ("diproses", "diteruskan", {"diteruskan-forwarded_to": "Inspektorat"}, "Alasan penerusan wajib diisi."),
]


@pytest.mark.parametrize(("from_status", "to_status", "data", "message"), REQUIRED)
def test_required_fields_per_transition(app, client, login_as, from_status, to_status, data, message):
    officer = login_as("dumas")
    number = _case(app, from_status, officer.id)
    before = _snapshot(app, number)
    response = client.post(f"/admin/pengaduan/{number}/status/{to_status}", data=data)
    assert response.status_code == 400
    assert message in html.unescape(response.get_data(as_text=True))
    assert _snapshot(app, number) == before
    complaint = _get(app, number)
    assert complaint.final_answer == "" and complaint.close_reason == "" and complaint.forwarded_to == ""
    assert complaint.closed_at is None and complaint.days_to_close is None


def test_verify_through_status_route_needs_category_and_officer(app, client, login_as):
    login_as("dumas")
    number = _case(app, with_category=False)
    before = _snapshot(app, number)
    response = client.post(f"/admin/pengaduan/{number}/status/diverifikasi", data={})
    assert "Pilih kategori aduan sebelum verifikasi." in response.get_data(as_text=True)
    assert _snapshot(app, number) == before


def _verify_data(app, officer, **overrides):
    with app.app_context():
        from portal.dumas.models import Category

        category_id = db.session.scalar(select(Category.id))
    data = {"category_id": category_id, "kind": "", "officer_id": officer, "public_note": "Diverifikasi.",
            "internal_note": "Sumber: loket."}
    data.update(overrides)
    return data


@pytest.mark.parametrize(("overrides", "message"), [
    ({"category_id": ""}, "Pilih kategori aduan."),
    ({"category_id": "999999"}, "Pilih kategori aduan."),
    ({"officer_id": ""}, "Pilih petugas yang menangani."),
    ({"kind": "rahasia-negara"}, "Jenis aduan tidak dikenal."),
])
def test_verify_refuses_missing_fields(app, client, login_as, overrides, message):
    officer = login_as("dumas")
    number = _case(app)
    before = _snapshot(app, number)
    response = client.post(f"/admin/pengaduan/{number}/verifikasi",
                           data=_verify_data(app, officer.id, **overrides))
    assert response.status_code == 400
    assert message in html.unescape(response.get_data(as_text=True))
    assert _snapshot(app, number) == before
    assert _get(app, number).assigned_to_id is None


def test_verify_refuses_an_officer_without_dumas_role(app, client, login_as, make_user):
    login_as("dumas")
    editor = make_user("editor")
    number = _case(app)
    before = _snapshot(app, number)
    response = client.post(f"/admin/pengaduan/{number}/verifikasi", data=_verify_data(app, editor.id))
    assert response.status_code == 400
    assert "Petugas yang dipilih bukan petugas DUMAS yang aktif." in response.get_data(as_text=True)
    assert _snapshot(app, number) == before


def test_verify_sets_category_kind_officer_and_writes_trail(app, client, login_as, make_user):
    me = login_as("dumas")
    colleague = make_user("dumas", name="Budi Santoso")
    number = _case(app)
    response = client.post(f"/admin/pengaduan/{number}/verifikasi",
                           data=_verify_data(app, colleague.id, kind="pengawasan"))
    assert response.status_code == 302
    complaint = _get(app, number)
    assert complaint.status == "diverifikasi" and complaint.kind == "pengawasan"
    assert complaint.assigned_to_id == colleague.id and complaint.verified_at is not None
    with app.app_context():
        fu = db.session.scalar(select(ComplaintFollowUp).where(ComplaintFollowUp.to_status == "diverifikasi"))
        assert fu.actor_id == me.id and fu.public_note == "Diverifikasi."
        assert fu.internal_note == "Sumber: loket."
    page = client.get(f"/admin/pengaduan/{number}").get_data(as_text=True)
    assert "Budi Santoso" in page and "Sumber: loket." in page


# --- deadlines -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("kind", "expected"), [
    # verified Tue 7 July 2026
    ("informasi", date(2026, 7, 14)),       # 5 working days: 8 9 10 13 14
    ("non_pengawasan", date(2026, 7, 27)),  # 14 working days: ... Mon 27 July
    ("pengawasan", date(2026, 10, 1)),      # 60: twelve weeks -> Tue 29 Sep, + 17 Aug and 25 Aug -> Thu 1 Oct
    ("", date(2026, 7, 27)),                # empty: the category's default kind (non_pengawasan)
])
def test_deadline_for_each_kind(app, client, login_as, kind, expected):
    with app.app_context():
        holidays.load_default_holidays(db.session)
        db.session.commit()
    with freeze_time("2026-07-06 03:00:00"):  # Monday 10.00 WIB
        officer = login_as("dumas")
        number = _case(app)
        complaint = _get(app, number)
        assert complaint.verify_due == date(2026, 7, 9)  # 3 working days
        assert complaint.resolve_due == date(2026, 7, 29)  # initial estimate: 14 after verify_due
    with freeze_time("2026-07-07 02:00:00"):
        response = client.post(f"/admin/pengaduan/{number}/verifikasi",
                               data=_verify_data(app, officer.id, kind=kind))
        assert response.status_code == 302
    assert _get(app, number).resolve_due == expected


def test_recategorise_moves_open_deadline(app, client, login_as):
    with freeze_time("2026-07-06 03:00:00"):
        officer = login_as("dumas")
        number = _case(app)
    with freeze_time("2026-07-07 02:00:00"):
        client.post(f"/admin/pengaduan/{number}/verifikasi", data=_verify_data(app, officer.id))
        assert _get(app, number).resolve_due == date(2026, 7, 27)
        with app.app_context():
            informasi = make_category(db.session, slug="informasi-publik", name="Informasi publik",
                                      default_kind="informasi")
            db.session.commit()
            category_id = informasi.id
        response = client.post(f"/admin/pengaduan/{number}/kategori",
                               data={"category_id": category_id, "kind": ""})
        assert response.status_code == 302
    complaint = _get(app, number)
    assert complaint.kind == "informasi" and complaint.resolve_due == date(2026, 7, 14)
    with app.app_context():
        row = db.session.scalar(select(AuditLog).where(AuditLog.action == "complaint.recategorise"))
        assert row is not None and '"to_kind": "informasi"' in row.detail


def test_days_to_close_on_time(app, client, login_as):
    with freeze_time("2026-07-06 03:00:00"):  # received Monday
        officer = login_as("dumas")
        number = _case(app)
    with freeze_time("2026-07-07 02:00:00"):
        client.post(f"/admin/pengaduan/{number}/verifikasi",
                    data=_verify_data(app, officer.id, kind="informasi"))
    with freeze_time("2026-07-10 08:00:00"):  # Friday, resolve due Tue 14 July
        response = client.post(f"/admin/pengaduan/{number}/status/selesai", data=FULL["selesai"])
        assert response.status_code == 302
    complaint = _get(app, number)
    assert complaint.status == "selesai" and complaint.days_to_close == 4 and complaint.closed_on_time is True
    assert complaint.final_answer == FULL["selesai"]["selesai-final_answer"]


def test_days_to_close_late_rejection_before_verification(app, client, login_as):
    with freeze_time("2026-07-06 03:00:00"):
        login_as("dumas")
        number = _case(app)
    with freeze_time("2026-07-13 03:00:00"):  # Monday after; verify_due was Thu 9 July
        response = client.post(f"/admin/pengaduan/{number}/status/ditolak", data=FULL["ditolak"])
        assert response.status_code == 302
    complaint = _get(app, number)
    assert complaint.days_to_close == 5 and complaint.closed_on_time is False
    assert complaint.close_reason == FULL["ditolak"]["ditolak-reason"]


def test_forwarded_on_time_keeps_to_whom(app, client, login_as):
    with freeze_time("2026-07-06 03:00:00"):
        officer = login_as("dumas")
        number = _case(app, "diproses", officer.id)
        response = client.post(f"/admin/pengaduan/{number}/status/diteruskan", data=FULL["diteruskan"])
        assert response.status_code == 302
    complaint = _get(app, number)
    assert complaint.forwarded_to == "Bawaslu Kabupaten Kebumen" and complaint.closed_on_time is True
    assert complaint.days_to_close == 0
    with app.app_context():
        fu = db.session.scalar(select(ComplaintFollowUp).where(ComplaintFollowUp.to_status == "diteruskan"))
        assert "Bawaslu Kabupaten Kebumen" in fu.public_note  # default public note names the body


def test_received_at_in_wib_decides_day_zero(app):
    # 23.30 WIB on Friday counts as Friday: 3 working days -> Wednesday
    with app.app_context():
        complaint = make_complaint(db.session, received_at=wib(date(2026, 7, 10), 23))
        assert complaint.verify_due == date(2026, 7, 15)


def test_refused_transition_and_status_labels_are_english_on_lang_en(app, client, login_as):
    """The workflow's messages and the status labels are translated in the reader's language."""
    officer = login_as("dumas")
    number = _case(app, "selesai", officer.id)
    client.get("/?lang=en")
    response = client.post(f"/admin/pengaduan/{number}/status/diproses", data=FULL["diproses"])
    assert response.status_code == 400
    text = html.unescape(response.get_data(as_text=True))
    assert "Changing the status from 'Resolved' to 'In progress' is not allowed." in text
    assert str(STATUSES["selesai"]) == "Selesai"  # outside a request: the default language
