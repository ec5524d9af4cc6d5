"""Issue 10, F4: the WBS team's reply form has two separate, clearly labelled actions, and nothing decides
by default whether the anonymous reporter reads what the team wrote."""
from __future__ import annotations

import io
import re

from sqlalchemy import func, select

from portal.core.models.audit import AuditLog
from portal.extensions import db
from portal.wbs.models import WbsMessage, WbsReport
from tests.wbs_helpers import jpeg_with_gps, submit, track

NOTE = "CATATAN-INTERNAL-KANARI-901 periksa SPJ bendahara"
MESSAGE = "PESAN-PELAPOR-KANARI-902 mohon kirim bukti tambahan"


def _setup(app, client, login_as):
    _, receipt = submit(client)
    with app.app_context():
        rid = db.session.scalar(select(WbsReport.id))
    login_as("wbs")
    return rid, receipt


def _messages(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(WbsMessage))


def test_case_page_offers_two_separate_labelled_actions(app, client, login_as):
    rid, _receipt = _setup(app, client, login_as)
    html = client.get(f"/admin/wbs/{rid}").get_data(as_text=True)
    note_form = re.search(r'<form[^>]*id="form-catatan-internal".*?</form>', html, re.DOTALL).group(0)
    reporter_form = re.search(r'<form[^>]*id="form-pesan-pelapor".*?</form>', html, re.DOTALL).group(0)
    assert "Simpan sebagai catatan internal" in note_form and "Kirim ke pelapor" not in note_form
    assert "Kirim ke pelapor" in reporter_form and "Simpan sebagai catatan internal" not in reporter_form
    assert "Pelapor akan membaca pesan ini" in reporter_form
    assert "Pelapor tidak pernah melihat catatan ini" in note_form
    assert 'name="save_note"' in note_form and 'name="send_to_reporter"' in reporter_form
    assert 'type="checkbox"' not in note_form and 'type="checkbox"' not in reporter_form
    assert "btn-primary" in reporter_form and "btn-primary" not in note_form  # visually distinct


def test_internal_note_is_never_visible_on_the_tracking_page(app, client, login_as):
    rid, receipt = _setup(app, client, login_as)
    note = client.post(f"/admin/wbs/{rid}/pesan", data={
        "body": NOTE, "save_note": "Simpan sebagai catatan internal",
        "files": [(io.BytesIO(jpeg_with_gps()), "catatan.jpg")]}, content_type="multipart/form-data")
    assert note.status_code == 302
    sent = client.post(f"/admin/wbs/{rid}/pesan",
                       data={"body": MESSAGE, "send_to_reporter": "Kirim ke pelapor"})
    assert sent.status_code == 302
    team_page = client.get(f"/admin/wbs/{rid}").get_data(as_text=True)
    assert NOTE in team_page and MESSAGE in team_page
    with app.app_context():
        kinds = dict(db.session.execute(select(WbsMessage.kind, func.count())
                                        .group_by(WbsMessage.kind)).all())
        actions = db.session.scalars(select(AuditLog.action)
                                     .where(AuditLog.action.in_(["wbs.note", "wbs.message"]))
                                     .order_by(AuditLog.id)).all()
    assert kinds == {"catatan": 1, "pesan": 1} and actions == ["wbs.note", "wbs.message"]

    page = track(app.test_client(), receipt).get_data(as_text=True)
    assert MESSAGE in page
    assert NOTE not in page and "CATATAN-INTERNAL-KANARI" not in page
    assert "lampiran-1" not in page  # the note's file is not offered to the reporter either


def test_old_checkbox_alone_cannot_send_to_the_reporter(app, client, login_as):
    rid, receipt = _setup(app, client, login_as)
    before = _messages(app)
    for data in ({"body": MESSAGE}, {"body": MESSAGE, "internal": "y"}, {"body": MESSAGE, "internal": ""},
                 {"body": MESSAGE, "submit": "Kirim"},
                 {"body": MESSAGE, "save_note": "y", "send_to_reporter": "y"}):
        response = client.post(f"/admin/wbs/{rid}/pesan", data=data)
        html = response.get_data(as_text=True)
        assert response.status_code == 400, data
        assert "Tidak ada yang disimpan: pilih salah satu tombol" in html, data
        assert "Traceback" not in html
    assert _messages(app) == before
    assert MESSAGE not in track(app.test_client(), receipt).get_data(as_text=True)
