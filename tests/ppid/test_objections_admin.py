"""PPID objections, the staff side through HTTP (/admin/ppid/keberatan): who reads, the list's filters
(status, due soon, overdue, number) and pages, the objection page, the answer by the atasan PPID only
(written reasons required when the PPID's decision is upheld, Pasal 36 ayat 3; on time or not), the Komisi
Informasi dispute (within 14 working days or marked late; never a future day) and its result, every write
audited, bad input writing nothing."""
from __future__ import annotations

import html as html_lib
from datetime import date

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from portal.core.models.audit import AuditLog
from portal.core.workdays import add_working_days
from portal.extensions import db
from portal.ppid import objections, workflow
from portal.ppid.models import InfoRequest, Objection
from tests.conftest import AuthActions
from tests.ppid.test_objections import REASONS, at, make_request
from tests.security_helpers import row_counts

FILED_ON = date(2026, 10, 12)  # Monday


def text(response) -> str:
    return html_lib.unescape(response.get_data(as_text=True))


def make_objection(app, make_user, *, filed_on: date = FILED_ON, status: str = "ditolak",
                   ground: str = "a") -> int:
    number, _code = make_request(app, make_user, status=status)
    with app.app_context(), freeze_time(at(filed_on)):
        request = db.session.scalars(select(InfoRequest).where(InfoRequest.number == number)).one()
        objection = objections.file_objection(db.session, request, objections.Filing(ground, REASONS),
                                              workflow.Deadlines.from_config(app.config))
        db.session.commit()
        return objection.id


def load(app, objection_id: int) -> Objection:
    with app.app_context():
        objection = db.session.get(Objection, objection_id)
        db.session.expunge(objection)
        return objection


def audit_actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditLog.action).order_by(AuditLog.id)))


def staff(app, make_user, role: str):
    """A new client logged in as a new `role` user (call it inside the freeze_time block it acts in: a
    session does not survive a jump of the clock)."""
    client = app.test_client()
    assert AuthActions(client).login(make_user(role).email).status_code == 302
    return client


def answer(client, objection_id: int, outcome: str = "diterima", text_: str = ""):
    return client.post(f"/admin/ppid/keberatan/{objection_id}/jawab",
                       data={"outcome": outcome, "answer": text_})


def dispute(client, objection_id: int, **fields):
    data = {"filed_on": "", "register": "", "result": "", "decided_on": "", "note": ""}
    data.update(fields)
    return client.post(f"/admin/ppid/keberatan/{objection_id}/sengketa", data=data)


# --- reading ---------------------------------------------------------------------------------------------

def test_only_the_objection_roles_read(app, client, make_user, login_as):
    objection_id = make_objection(app, make_user)
    anonymous = client.get("/admin/ppid/keberatan")
    assert anonymous.status_code == 302 and "/admin/login" in anonymous.headers["Location"]
    login_as("dumas")
    assert client.get("/admin/ppid/keberatan").status_code == 403
    assert client.get(f"/admin/ppid/keberatan/{objection_id}").status_code == 403
    for role in ("ppid", "atasan_ppid", "pimpinan"):
        reader = app.test_client()
        user = make_user(role)
        assert AuthActions(reader).login(user.email).status_code == 302
        listing = reader.get("/admin/ppid/keberatan")
        assert listing.status_code == 200 and "PPID-2026-00001" in text(listing), role
        page = reader.get(f"/admin/ppid/keberatan/{objection_id}")
        body = text(page)
        assert page.status_code == 200 and "Rina Pemohon" in body and REASONS in body, role
        assert ("Jawab keberatan" in body) == (role == "atasan_ppid"), role
    assert client.get("/admin/ppid/keberatan/999999").status_code == 403  # the dumas user


def test_the_list_filters_by_status_and_due_and_pages(app, make_user):
    overdue = make_objection(app, make_user, filed_on=date(2026, 10, 12))  # due 23 November
    soon = make_objection(app, make_user, filed_on=date(2026, 10, 20))  # due 1 December
    answered = make_objection(app, make_user, filed_on=date(2026, 10, 21))
    with freeze_time(at(date(2026, 10, 22))):
        assert answer(staff(app, make_user, "atasan_ppid"), answered, "diterima").status_code == 302
    with freeze_time(at(date(2026, 11, 27))):
        client = staff(app, make_user, "pimpinan")
        late = text(client.get("/admin/ppid/keberatan?tenggat=terlambat"))
        nearly = text(client.get("/admin/ppid/keberatan?tenggat=segera"))
        done = text(client.get("/admin/ppid/keberatan?status=dijawab"))
        searched = text(client.get("/admin/ppid/keberatan?cari=00002"))
        everything = text(client.get("/admin/ppid/keberatan"))
        junk = client.get("/admin/ppid/keberatan?status=x&tenggat=y&halaman=abc")
    numbers = {oid: load(app, oid).request_id for oid in (overdue, soon, answered)}
    with app.app_context():
        number = {oid: db.session.get(InfoRequest, rid).number for oid, rid in numbers.items()}
    assert number[overdue] in late and number[soon] not in late and number[answered] not in late
    assert number[soon] in nearly and number[overdue] not in nearly
    assert number[answered] in done and number[overdue] not in done
    assert number[soon] in searched and number[overdue] not in searched
    assert all(n in everything for n in number.values())
    assert "Terlambat" in late and "lewat" in late
    assert junk.status_code == 200


def test_the_list_pages(app, client, make_user, login_as):
    for _ in range(objections.PER_PAGE + 1):
        make_objection(app, make_user)
    login_as("pimpinan")
    first = text(client.get("/admin/ppid/keberatan"))
    second = client.get("/admin/ppid/keberatan?halaman=2")
    assert "Halaman 1 dari 2" in first
    assert second.status_code == 200 and "Halaman 2 dari 2" in text(second)


# --- the answer ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["ppid", "pimpinan", "dumas"])
def test_only_the_atasan_ppid_answers(app, client, make_user, login_as, role):
    objection_id = make_objection(app, make_user)
    login_as(role)
    before = row_counts(app)
    response = answer(client, objection_id, "diterima", "Berikan informasinya.")
    assert response.status_code == 403
    assert row_counts(app) == before
    assert load(app, objection_id).status == "diajukan"


def test_the_atasan_answers_on_time_audited_and_once(app, make_user):
    objection_id = make_objection(app, make_user)
    with freeze_time(at(date(2026, 10, 20))):
        client = staff(app, make_user, "atasan_ppid")
        response = answer(client, objection_id, "diterima", "PPID memberikan salinan kontrak dalam 5 hari.")
        page = text(client.get(response.headers["Location"]))
        again = answer(client, objection_id, "ditolak", "Lagi.")
    assert response.status_code == 302 and "Jawaban atas keberatan disimpan" in page
    objection = load(app, objection_id)
    assert (objection.status, objection.outcome, objection.answered_on_time) == ("dijawab", "diterima", True)
    assert objection.answer == "PPID memberikan salinan kontrak dalam 5 hari."
    assert objection.answered_by_id is not None
    assert "Keberatan diterima: PPID wajib memberikan informasi" in page and "Jawab keberatan" not in page
    assert again.status_code == 400 and "tidak diizinkan" in text(again)
    assert load(app, objection_id).outcome == "diterima"
    assert audit_actions(app).count("ppid.objection.answer") == 1


def test_reasons_are_required_when_the_ppid_decision_is_upheld(app, make_user):
    objection_id = make_objection(app, make_user)
    with freeze_time(at(date(2026, 10, 20))):
        client = staff(app, make_user, "atasan_ppid")
        before = row_counts(app)
        bare = answer(client, objection_id, "ditolak", "   ")
        no_outcome = answer(client, objection_id, "", "Sesuatu.")
        odd_outcome = answer(client, objection_id, "mungkin", "Sesuatu.")
        too_long = answer(client, objection_id, "ditolak", "x" * 5001)
        after = row_counts(app)
    assert bare.status_code == 400 and "Pasal 36 ayat 3" in text(bare)
    assert no_outcome.status_code == 400 and "Pilih keputusan atasan PPID" in text(no_outcome)
    assert odd_outcome.status_code == 400
    assert too_long.status_code == 400
    assert after == before
    with freeze_time(at(date(2026, 10, 20))):
        upheld = answer(client, objection_id, "ditolak", "Informasi termasuk Pasal 17 huruf b; uji "
                                                         "konsekuensi terlampir.")
    assert upheld.status_code == 302
    assert load(app, objection_id).outcome == "ditolak"


def test_a_late_answer_is_marked_late(app, make_user):
    objection_id = make_objection(app, make_user)
    due = load(app, objection_id).answer_due
    with freeze_time(at(add_working_days(due, 1, ()))):
        assert answer(staff(app, make_user, "atasan_ppid"), objection_id, "diterima").status_code == 302
    assert load(app, objection_id).answered_on_time is False


# --- the dispute at the Komisi Informasi ------------------------------------------------------------------

def test_the_dispute_is_recorded_after_the_answer_late_marked_and_its_result_later(app, make_user):
    objection_id = make_objection(app, make_user)
    answered = date(2026, 10, 14)
    with freeze_time(at(answered)):
        atasan = staff(app, make_user, "atasan_ppid")
        early = dispute(atasan, objection_id, filed_on="2026-10-14", register="001/KI/2026")
        upheld = answer(atasan, objection_id, "ditolak", "Putusan PPID dikuatkan karena Pasal 17 b.")
    assert early.status_code == 400 and "setelah atasan PPID menjawab" in text(early)
    assert upheld.status_code == 302
    last_day = add_working_days(answered, 14, ())  # 3 November
    with freeze_time(at(date(2026, 11, 10))):
        officer = staff(app, make_user, "ppid")
        future = dispute(officer, objection_id, filed_on="2026-11-11", register="001/KI/2026")
        in_time = dispute(officer, objection_id, filed_on=last_day.isoformat(), register="001/KI/2026")
        page_in_time = text(officer.get(f"/admin/ppid/keberatan/{objection_id}"))
        in_time_record = load(app, objection_id)
        late = dispute(officer, objection_id, filed_on=add_working_days(last_day, 1, ()).isoformat(),
                       register="001/KI/2026")
        page_late = text(officer.get(f"/admin/ppid/keberatan/{objection_id}"))
    assert future.status_code == 400 and "tidak boleh setelah hari ini" in text(future)
    assert in_time.status_code == 302
    assert "001/KI/2026" in page_in_time and "di luar tenggat 14 hari kerja" not in page_in_time
    assert in_time_record.dispute_filed_on == last_day and in_time_record.dispute_result == ""
    assert late.status_code == 302 and "di luar tenggat 14 hari kerja" in page_late
    with freeze_time(at(date(2026, 11, 27))):
        officer = staff(app, make_user, "ppid")
        no_day = dispute(officer, objection_id, filed_on="2026-11-04", result="mediasi")
        before_filed = dispute(officer, objection_id, filed_on="2026-11-04", result="mediasi",
                               decided_on="2026-11-03")
        decided = dispute(officer, objection_id, filed_on="2026-11-04", register="001/KI/2026",
                          result="mediasi", decided_on="2026-11-26", note="Mediasi berhasil.")
        page = text(officer.get(f"/admin/ppid/keberatan/{objection_id}"))
    assert no_day.status_code == 400 and "tanggal putusan" in text(no_day)
    assert before_filed.status_code == 400 and "sebelum sengketa diajukan" in text(before_filed)
    assert decided.status_code == 302 and "Selesai melalui mediasi" in page
    objection = load(app, objection_id)
    assert (objection.dispute_result, objection.dispute_decided_on) == ("mediasi", date(2026, 11, 26))
    actions = audit_actions(app)
    assert actions.count("ppid.objection.dispute") == 2
    assert actions.count("ppid.objection.dispute_result") == 1


def test_pimpinan_and_dumas_cannot_record_the_dispute_and_bad_input_writes_nothing(app, make_user):
    objection_id = make_objection(app, make_user)
    with freeze_time(at(date(2026, 10, 14))):
        assert answer(staff(app, make_user, "atasan_ppid"), objection_id, "diterima").status_code == 302
    with freeze_time(at(date(2026, 10, 20))):
        others = [staff(app, make_user, role) for role in ("pimpinan", "dumas")]
        client = staff(app, make_user, "ppid")
        before = row_counts(app)
        refused = [dispute(other, objection_id, filed_on="2026-10-15").status_code for other in others]
        bad = [dispute(client, objection_id, filed_on=""), dispute(client, objection_id, filed_on="kemarin"),
               dispute(client, objection_id, filed_on="2026-10-01"),
               dispute(client, objection_id, filed_on="2026-10-15", register="x" * 81),
               dispute(client, objection_id, filed_on="2026-10-15", result="menang", decided_on="2026-10-16")]
        after = row_counts(app)
    assert refused == [403, 403]
    assert [r.status_code for r in bad] == [400] * 5
    assert after == before
    assert load(app, objection_id).dispute_filed_on is None
