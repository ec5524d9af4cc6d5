"""Staff registration of information requests that came by letter, e-mail or in person
(/admin/ppid/permohonan/baru, role ppid only), through HTTP."""
from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.core import clock
from portal.core.models.audit import AuditLog
from portal.core.workdays import due_date, local_date
from portal.extensions import db
from portal.ppid.models import InfoRequest, InfoRequestEvent
from tests.ppid.ppid_request_helpers import (
    NIK,
    assert_nothing_written,
    counts,
    post_request,
    read_receipt,
    request_data,
    track,
)

URL = "/admin/ppid/permohonan/baru"
RECEIPT = "/admin/ppid/permohonan/baru/tanda-terima"


def _register(client, scan=False, **overrides):
    data = request_data(**{"channel": "surat", "received_date": clock.today().isoformat(), **overrides})
    return post_request(client, data, scan=scan, url=URL)


def test_ppid_registers_a_letter_received_earlier_and_gets_the_receipt_once(app, client, login_as):
    officer = login_as("ppid")
    form = client.get(URL)
    assert form.status_code == 200 and 'name="channel"' in form.get_data(as_text=True)
    earlier = clock.today() - timedelta(days=3)
    response = _register(client, received_date=earlier.isoformat(), email="", phone="0812 3456 7890")
    assert response.status_code == 302 and response.headers["Location"].endswith(RECEIPT)
    number, code, html = read_receipt(client, RECEIPT)
    assert re.fullmatch(rf"PPID-{clock.today().year}-\d{{5}}", number)
    assert "Serahkan nomor dan kode akses ini kepada pemohon." in html
    # shown once: the code is gone on the next visit
    again = client.get(RECEIPT).get_data(as_text=True)
    assert code not in again and 'id="kode-sudah-ditampilkan"' in again
    with app.app_context():
        row = db.session.scalar(select(InfoRequest).where(InfoRequest.number == number))
        assert row.channel == "surat" and row.created_by_id == officer.id
        assert local_date(row.received_at) == earlier
        assert row.notice_due == due_date(db.session, earlier, 10)
        assert row.files == []  # the scan is optional for staff
        [event] = db.session.scalars(select(InfoRequestEvent)).all()
        assert event.actor_id == officer.id and event.to_status == "diterima" and "surat" in event.public_note
        entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "ppid.request.register"))
        assert entry.user_id == officer.id and entry.object_id == str(row.id)
        detail = json.loads(entry.detail)
        assert detail["number"] == number and detail["channel"] == "surat"
        assert "Siti" not in entry.detail and NIK not in entry.detail and "[disaring]" not in entry.detail
    client.post("/admin/logout")
    status = track(client, number, code)
    assert status.status_code == 200 and number in status.get_data(as_text=True)


def test_the_registration_keeps_a_scan_when_one_is_given(app, client, login_as):
    login_as("ppid")
    response = _register(client, scan=True, channel="datang")
    assert response.status_code == 302
    assert counts(app)["InfoRequestFile"] == 1


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"received_date": "2999-01-01"}, "received_date", "tidak boleh di masa depan"),
    ({"received_date": "31/02/2026"}, "received_date", "Tanggal diterima tidak valid"),
    ({"channel": "website"}, "channel", "Pilih cara permohonan diterima"),
    ({"channel": ""}, "channel", "Pilih cara permohonan diterima"),
    ({"identity_number": "12"}, "identity_number", "NIK terdiri atas 16 angka"),
])
def test_bad_registrations_are_refused_and_write_nothing(app, client, login_as, overrides, field, message):
    login_as("ppid")
    response = _register(client, **overrides)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    error = re.search(rf'id="{field}-error"[^>]*>(.*?)</div>', html, re.DOTALL)
    assert error and message in error.group(1), html[:4000]
    assert_nothing_written(app)
    with app.app_context():
        assert db.session.scalar(select(AuditLog).where(AuditLog.action == "ppid.request.register")) is None


def test_a_resent_registration_files_once(app, client, login_as):
    login_as("ppid")
    html = client.get(URL).get_data(as_text=True)
    token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    first = _register(client, form_token=token)
    second = _register(client, form_token=token)
    assert first.status_code == second.status_code == 302
    assert counts(app)["InfoRequest"] == 1


@pytest.mark.parametrize("role", ["dumas", "editor", "pimpinan", "atasan_ppid"])
def test_other_roles_may_not_register(app, client, login_as, role):
    login_as(role)
    assert client.get(URL).status_code == 403
    assert _register(client).status_code == 403
    assert client.get(RECEIPT).status_code == 403
    assert_nothing_written(app)


def test_anonymous_visitors_go_to_the_login_page(app, client):
    response = client.get(URL)
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]
    assert _register(client).status_code == 302
    assert_nothing_written(app)
