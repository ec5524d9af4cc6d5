"""A re-sent POST writes nothing twice, through HTTP: the filing form and the UPG's note carry the one-time
form token (portal/core/form_tokens.py); a step is a state transition made for the status the page showed,
so a re-sent or stale one is refused with a message and logs nothing; two steps that both read the old
status cannot both pass (the conditional UPDATE in workflow.transition)."""
from __future__ import annotations

import re
import threading

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select, update

from portal.core import clock
from portal.core.errors import DomainError
from portal.core.models.form_token import FormToken
from portal.extensions import db
from portal.gratification import workflow
from portal.gratification.models import GratificationEvent, GratificationReport
from tests.gratification.grt_helpers import client_for, count, form, report

NOW = "2026-03-20 03:00:00"
TOKEN_RE = re.compile(r'name="form_token" value="([A-Za-z0-9_-]+)"')


def _token(client, path: str) -> str:
    match = TOKEN_RE.search(client.get(path).get_data(as_text=True))
    assert match
    return match.group(1)


def _events(app, number: str) -> list[tuple[str, str, str, str]]:
    with app.app_context():
        return [(e.from_status, e.to_status, e.public_note, e.internal_note) for e in db.session.scalars(
            select(GratificationEvent).join(GratificationReport)
            .where(GratificationReport.number == number).order_by(GratificationEvent.id))]


def _post_form(client, data):
    return client.post("/admin/gratifikasi/lapor", data=data, content_type="multipart/form-data")


@freeze_time(NOW)
def test_the_same_filing_posted_twice_files_one_report(app, make_user):
    a = client_for(app, make_user("pegawai"))
    data = {**form(received_on="2026-03-16"), "form_token": _token(a, "/admin/gratifikasi/lapor")}
    first = _post_form(a, data)
    assert first.status_code == 302
    location = first.headers["Location"]
    assert location.endswith("/admin/gratifikasi/GRT-2026-00001")
    a.get(location)  # the flash of the first filing is read
    again = _post_form(a, dict(data))  # the browser re-sends the POST (reload, back + resubmit)
    assert again.status_code == 302 and again.headers["Location"] == location  # back to the same report
    page = a.get(location).get_data(as_text=True)
    assert "Formulir ini sudah dikirim" in page
    assert count(app) == 1
    with app.app_context():
        row = db.session.scalars(select(FormToken)).one()
        assert row.form == "gratification_report" and data["form_token"] not in row.token_hash
        assert b"GRT-2026-00001" not in row.result  # the number is sealed with the token as key
    # a new form (a new token) files a new report
    fresh = {**form(received_on="2026-03-16"), "form_token": _token(a, "/admin/gratifikasi/lapor")}
    assert _post_form(a, fresh).headers["Location"].endswith("GRT-2026-00002")
    assert count(app) == 2


@freeze_time(NOW)
def test_a_refused_filing_keeps_its_token_usable_for_the_corrected_form(app, make_user):
    a = client_for(app, make_user("pegawai"))
    token = _token(a, "/admin/gratifikasi/lapor")
    refused = _post_form(a, {**form(value="satu juta"), "form_token": token})
    assert refused.status_code == 422 and f'value="{token}"' in refused.get_data(as_text=True)
    refused_later = _post_form(a, {**form(chronology="pendek"), "form_token": token})  # rule of intake.py
    assert refused_later.status_code == 422
    assert count(app) == 0
    assert _post_form(a, {**form(), "form_token": token}).status_code == 302
    assert count(app) == 1


@freeze_time(NOW)
def test_a_resent_filing_read_by_another_browser_goes_to_the_own_list(app, make_user):
    """The sealed number is readable only with the token; a re-send of it still files nothing."""
    alice = make_user("pegawai")
    a = client_for(app, alice)
    data = {**form(), "form_token": _token(a, "/admin/gratifikasi/lapor")}
    assert _post_form(a, data).status_code == 302
    with app.app_context():
        db.session.execute(update(FormToken).values(result=None))  # the sealed result has been erased
        db.session.commit()
    again = _post_form(a, data)
    assert again.status_code == 302 and again.headers["Location"].endswith("/admin/gratifikasi/saya")
    assert count(app) == 1


@freeze_time(NOW)
def test_a_note_posted_twice_is_written_once(app, make_user):
    a, upg = client_for(app, make_user("pegawai")), client_for(app, make_user("upg"))
    number = "GRT-2026-00001"
    assert _post_form(a, {**form(), "form_token": _token(a, "/admin/gratifikasi/lapor")}).status_code == 302
    token = _token(upg, f"/admin/gratifikasi/{number}")
    data = {"note-public_note": "Mohon kirim foto barang.", "note-internal_note": "", "form_token": token}
    assert upg.post(f"/admin/gratifikasi/{number}/catatan", data=data).status_code == 302
    upg.get(f"/admin/gratifikasi/{number}")
    again = upg.post(f"/admin/gratifikasi/{number}/catatan", data=data)
    assert again.status_code == 303 and again.headers["Location"].endswith(f"/{number}#riwayat")
    assert "Catatan ini sudah tersimpan" in upg.get(f"/admin/gratifikasi/{number}").get_data(as_text=True)
    notes = [e for e in _events(app, number) if e[2] == "Mohon kirim foto barang."]
    assert len(notes) == 1
    # a refused note (empty) leaves the token usable: the corrected note is written
    token = _token(upg, f"/admin/gratifikasi/{number}")
    empty = upg.post(f"/admin/gratifikasi/{number}/catatan",
                     data={"note-public_note": "", "note-internal_note": "", "form_token": token})
    assert empty.status_code == 400 and f'value="{token}"' in empty.get_data(as_text=True)
    assert upg.post(f"/admin/gratifikasi/{number}/catatan",
                    data={"note-internal_note": "Sudah ditelepon.", "form_token": token}).status_code == 302
    assert len(_events(app, number)) == 3  # filed, two notes


@freeze_time(NOW)
def test_a_resent_step_is_refused_with_a_message_and_logs_nothing(app, make_user):
    a, upg = client_for(app, make_user("pegawai")), client_for(app, make_user("upg"))
    assert _post_form(a, {**form(), "form_token": _token(a, "/admin/gratifikasi/lapor")}).status_code == 302
    number, base = "GRT-2026-00001", "/admin/gratifikasi/GRT-2026-00001/langkah"
    page = upg.get(f"/admin/gratifikasi/{number}").get_data(as_text=True)
    assert 'name="from_status" value="diterima"' in page
    verify = {"from_status": "diterima", "diverifikasi-public_note": "Lengkap."}
    assert upg.post(f"{base}/diverifikasi", data=verify).status_code == 302
    upg.get(f"/admin/gratifikasi/{number}")
    again = upg.post(f"{base}/diverifikasi", data=verify)
    assert again.status_code == 303 and again.headers["Location"].endswith(f"/admin/gratifikasi/{number}")
    shown = upg.get(again.headers["Location"]).get_data(as_text=True)
    assert "Langkah ini tidak dicatat" in shown and "sudah berstatus Diverifikasi" in shown
    # a stale page: "tidak diproses" offered while the report was "diterima", sent after the verification
    stale = upg.post(f"{base}/tidak_diproses", data={"from_status": "diterima",
                                                     "tidak_diproses-reason": "Laporan ganda."})
    assert stale.status_code == 303
    # the same step re-sent without the hidden field (an old page, a script) is refused the same way
    assert upg.post(f"{base}/diverifikasi", data={}).status_code == 303
    forward = {"from_status": "diverifikasi", "diteruskan_kpk-forwarded_on": "2026-03-19",
               "diteruskan_kpk-kpk_receipt_number": "TT-1"}
    assert upg.post(f"{base}/diteruskan_kpk", data=forward).status_code == 302
    assert upg.post(f"{base}/diteruskan_kpk", data=forward).status_code == 303
    assert report(app, number).status == "diteruskan_kpk"
    assert [(e[0], e[1]) for e in _events(app, number)] == [
        ("", "diterima"), ("diterima", "diverifikasi"), ("diverifikasi", "diteruskan_kpk")]


@freeze_time(NOW)
@pytest.mark.parametrize("expected", [None, "diterima"])
def test_a_step_on_a_status_changed_under_it_is_refused(app, make_user, expected):
    """Two UPG members open the report together: the second step still holds the old status (its loaded
    report), but the report's row was changed and committed by the first; the conditional UPDATE finds no
    row and the step is refused, nothing logged."""
    a, upg_user = client_for(app, make_user("pegawai")), make_user("upg")
    assert _post_form(a, {**form(), "form_token": _token(a, "/admin/gratifikasi/lapor")}).status_code == 302
    with app.app_context():
        loaded = db.session.scalar(select(GratificationReport))
        assert loaded.status == "diterima"
        db.session.execute(update(GratificationReport).values(status="tidak_diproses")
                           .execution_options(synchronize_session=False))  # the other member's step
        assert loaded.status == "diterima"  # this session still holds the old status
        actor = db.session.get(type(loaded.reporter), upg_user.id)
        with pytest.raises(workflow.StaleStep) as caught:
            workflow.transition(db.session, loaded, "diverifikasi", actor, expected_status=expected)
        assert isinstance(caught.value, DomainError)
        assert "sudah berstatus Tidak diproses" in caught.value.message
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(GratificationEvent)) == 1


def _at_once(clients, path: str, data: dict) -> list[int]:
    """POST the same form from several logged-in clients at the same moment (threads)."""
    barrier, codes = threading.Barrier(len(clients)), []

    def send(client):
        barrier.wait()
        codes.append(client.post(path, data=dict(data), content_type="multipart/form-data").status_code)

    threads = [threading.Thread(target=send, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return sorted(codes)


def test_a_concurrent_double_filing_files_once(app, make_user):
    alice = make_user("pegawai")
    first, second = client_for(app, alice), client_for(app, alice)  # two tabs, two log-ins
    data = {**form(received_on=clock.today().isoformat()),
            "form_token": _token(first, "/admin/gratifikasi/lapor")}
    assert _at_once([first, second], "/admin/gratifikasi/lapor", data) == [302, 302]
    assert count(app) == 1


def test_two_upg_members_sending_the_same_step_at_once_log_it_once(app, make_user):
    a = client_for(app, make_user("pegawai"))
    assert _post_form(a, {**form(received_on=clock.today().isoformat()),
                          "form_token": _token(a, "/admin/gratifikasi/lapor")}).status_code == 302
    number = f"GRT-{clock.today().year}-00001"
    members = [client_for(app, make_user("upg")), client_for(app, make_user("upg"))]
    codes = _at_once(members, f"/admin/gratifikasi/{number}/langkah/diverifikasi",
                     {"from_status": "diterima"})
    assert codes == [302, 303]
    assert [(e[0], e[1]) for e in _events(app, number)] == [("", "diterima"), ("diterima", "diverifikasi")]
