"""The whole life of an information request through HTTP, as issue 13 asks for it in one piece, with a frozen
clock crossing holidays: the citizen files on the web form → the PPID extends → grants in part with a
released file → the citizen objects from the tracking page → the atasan PPID answers (the PPID's decision
upheld, with reasons) → the PPID records the dispute at the Komisi Informasi and later its result. Every
deadline is checked against working days counted by hand."""
from __future__ import annotations

import io
import re
from datetime import date

from freezegun import freeze_time
from sqlalchemy import select

from portal.core.models.audit import AuditLog
from portal.extensions import db
from portal.ppid.models import InfoRequest, InfoRequestFile, Objection
from tests.conftest import AuthActions
from tests.dumas_public_helpers import pdf_bytes
from tests.ppid.ppid_request_helpers import file_ok
from tests.ppid.test_objections import file as file_objection
from tests.ppid.test_objections import open_form, token_of
from tests.ppid.test_ppid import add_exemption
from tests.ppid.test_requests_admin import add_holidays, decision_data, text


def _staff(app, make_user, role: str):
    client = app.test_client()
    assert AuthActions(client).login(make_user(role).email).status_code == 302
    return client


def _load(app, number: str) -> tuple[InfoRequest, Objection | None]:
    with app.app_context():
        item = db.session.scalar(select(InfoRequest).where(InfoRequest.number == number))
        objection = db.session.scalar(select(Objection).where(Objection.request_id == item.id))
        db.session.expunge_all()
        return item, objection


def test_request_extension_partial_grant_objection_answer_and_dispute(app, client, make_user):
    add_holidays(app, date(2026, 8, 17), date(2026, 9, 16))
    exemption_id = add_exemption(app)

    # 1. Filed on the web form on Monday 10 August 2026 (10.00 WIB).
    with freeze_time("2026-08-10 03:00:00"):
        number, code = file_ok(client)
    item, _ = _load(app, number)
    assert re.fullmatch(r"PPID-2026-\d{5}", number)
    assert item.notice_due == date(2026, 8, 25)  # 11-14, (17 off) 18-21, 24, 25: ten working days

    # 2. The PPID extends before the first deadline, then grants in part with a released file.
    with freeze_time("2026-08-24 03:00:00"):
        officer = _staff(app, make_user, "ppid")
        response = officer.post(f"/admin/ppid/permohonan/{number}/perpanjang",
                                data={"reason": "Dokumen ada di arsip gudang.", "internal_note": ""})
        assert response.status_code == 302
    item, _ = _load(app, number)
    assert (item.status, item.extended_due) == ("diperpanjang", date(2026, 9, 3))  # 26-28, 31, 1-3 Sep
    with freeze_time("2026-09-02 03:00:00"):
        officer = _staff(app, make_user, "ppid")
        data = decision_data("dikabulkan_sebagian", exemption_id=str(exemption_id),
                             redaction_note="NIK pemilih lain dihitamkan (Pasal 17 huruf h).")
        data["dikabulkan_sebagian-files"] = [(io.BytesIO(pdf_bytes()), "dpt.pdf")]
        response = officer.post(f"/admin/ppid/permohonan/{number}/keputusan/dikabulkan_sebagian", data=data,
                                content_type="multipart/form-data")
        assert response.status_code == 302, text(response)[:1500]
    item, _ = _load(app, number)
    assert (item.status, item.days_to_answer, item.answered_on_time) == ("dikabulkan_sebagian", 16, True)

    # 3. The citizen reads the notice and objects from the tracking page (ground a), two days later.
    with freeze_time("2026-09-04 03:00:00"):
        page = text(client.post("/ppid/lacak", data={"number": number, "code": code}))
        assert "Dikabulkan sebagian" in page and "NIK pemilih lain dihitamkan" in page
        form = text(open_form(client, number, code))
        response = file_objection(client, number, code, token_of(form), ground="a")
        assert response.status_code == 302, text(response)[:1500]
    _, objection = _load(app, number)
    assert (objection.ground, objection.status) == ("a", "diajukan")
    assert objection.ground_arose_on == date(2026, 9, 2)  # the day of the written notice
    # 30 working days after 4 Sep, without weekends and the 16 Sep holiday
    assert objection.answer_due == date(2026, 10, 19)

    # 4. The atasan PPID upholds the PPID's decision: written reasons are required (Pasal 36 ayat 3).
    with freeze_time("2026-09-30 03:00:00"):
        atasan = _staff(app, make_user, "atasan_ppid")
        refused = atasan.post(f"/admin/ppid/keberatan/{objection.id}/jawab",
                              data={"outcome": "ditolak", "answer": ""})
        assert refused.status_code in (400, 422) or "wajib" in text(refused)
        assert _load(app, number)[1].status == "diajukan"
        response = atasan.post(f"/admin/ppid/keberatan/{objection.id}/jawab",
                               data={"outcome": "ditolak",
                                     "answer": "NIK orang lain adalah rahasia pribadi (Pasal 17 huruf h)."})
        assert response.status_code == 302
    _, objection = _load(app, number)
    assert (objection.status, objection.outcome, objection.answered_on_time) == ("dijawab", "ditolak", True)

    # 5. The dispute at the Komisi Informasi, filed within 14 working days, and its result.
    with freeze_time("2026-10-08 03:00:00"):
        officer = _staff(app, make_user, "ppid")
        response = officer.post(f"/admin/ppid/keberatan/{objection.id}/sengketa",
                                data={"filed_on": "2026-10-07", "register": "012/X/KI-JTG-PS/2026",
                                      "result": "", "decided_on": "", "note": ""})
        assert response.status_code == 302
    with freeze_time("2026-11-20 03:00:00"):
        officer = _staff(app, make_user, "ppid")
        response = officer.post(f"/admin/ppid/keberatan/{objection.id}/sengketa",
                                data={"filed_on": "2026-10-07", "register": "012/X/KI-JTG-PS/2026",
                                      "result": "ditolak", "decided_on": "2026-11-19",
                                      "note": "Putusan menguatkan keputusan PPID."})
        assert response.status_code == 302
    _, objection = _load(app, number)
    assert (objection.dispute_filed_on, objection.dispute_result) == (date(2026, 10, 7), "ditolak")
    with app.app_context():
        actions = set(db.session.scalars(select(AuditLog.action)))
        released = db.session.scalars(select(InfoRequestFile.kind)).all()
    assert {"ppid.request.transition", "ppid.request.file_release", "ppid.objection.answer",
            "ppid.objection.dispute"} <= actions
    assert sorted(released) == ["dokumen", "identitas"]

    # 6. The tracking page tells the whole story; the report counts it.
    with freeze_time("2026-11-20 04:00:00"):
        page = text(client.post("/ppid/lacak", data={"number": number, "code": code}))
        report = client.get("/api/v1/ppid/laporan/2026").get_json()
    assert "012/X/KI-JTG-PS/2026" in page
    assert report is not None
