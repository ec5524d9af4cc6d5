"""Issue 10, A8: audit entries carry ids and kinds, never identifying content.

A confidential DUMAS reporter and a WBS reporter go through their whole journey with staff handling the
cases; then none of what identifies them (name, e-mail, phone, file names, text, contact) appears anywhere
in the audit table or on the /admin/audit page that `pimpinan` reads."""
from __future__ import annotations

import io
import json
import re
from datetime import date

from sqlalchemy import select, text

from portal.core import audit
from portal.core.models.audit import AuditLog
from portal.dumas.models import Complaint, ComplaintAttachment
from portal.extensions import db
from portal.wbs.models import WbsAttachment, WbsReport
from tests.dumas_public_helpers import load_categories, pdf_bytes, submit_ok, upload
from tests.wbs_helpers import jpeg_with_gps, submit, track

DUMAS_NAME = "Rahmat Kanari Hidayat"
DUMAS_EMAIL = "rahmat.kanari@contoh.example"
DUMAS_PHONE = "081299887766"
DUMAS_FILE = "ktp-rahmat-kanari.pdf"
DUMAS_TEXT = "Pungutan KANARI-DUMAS-5521 di loket"
WBS_FILE = "IMG_20261201_081530_HDR.jpg"
WBS_CONTACT = "pelapor.kanari@contoh.example"
WBS_REPLY_FILE = "rekaman-kanari-wbs.pdf"
TEAM_FILE = "catatan-tim-kanari.pdf"
TEAM_MESSAGE = "PESAN-TIM-KANARI-3131"
FORWARDED_TO = "Inspektorat Kanari Provinsi"
ISSUED_BY = "Inspektur Kanari Utama"

IDENTIFYING = [DUMAS_NAME, "Rahmat", DUMAS_EMAIL, DUMAS_PHONE, DUMAS_FILE, "ktp-rahmat", "KANARI-DUMAS",
               WBS_FILE, "IMG_2026", WBS_CONTACT, WBS_REPLY_FILE, TEAM_FILE, "SUAP-KANARI", TEAM_MESSAGE,
               FORWARDED_TO, ISSUED_BY, "Kanari"]


def _audit_dump(app) -> str:
    with app.app_context(), db.engine.connect() as conn:
        rows = conn.execute(text("SELECT * FROM audit_log")).all()
    return "\n".join(" ".join(str(v) for v in row) for row in rows)


def _dumas_journey(app, client, auth, make_user):
    categories = load_categories(app)
    number, _code = submit_ok(
        client, categories["pelayanan"], files=[upload(pdf_bytes(900), DUMAS_FILE)],
        reporter_name=DUMAS_NAME, reporter_email=DUMAS_EMAIL, reporter_phone=DUMAS_PHONE, confidential="y",
        subject=DUMAS_TEXT, description=DUMAS_TEXT + " tanpa tanda terima resmi dari petugas loket.")
    officer = make_user("dumas", name="Petugas Dumas")
    auth.login(officer.email)
    with app.app_context():
        complaint = db.session.scalar(select(Complaint).where(Complaint.number == number))
        assert complaint.confidential
        attachment_id = db.session.scalar(select(ComplaintAttachment.id))
    page = client.get(f"/admin/pengaduan/{number}").get_data(as_text=True)
    assert DUMAS_NAME in page and DUMAS_FILE in page  # the officer does see them (not the audit log)
    assert client.get(f"/admin/pengaduan/{number}/lampiran/{attachment_id}").status_code == 200
    client.post(f"/admin/pengaduan/{number}/catatan",
                data={"public_note": "Terima kasih " + DUMAS_NAME, "internal_note": "Hubungi " + DUMAS_PHONE})
    auth.logout()
    return number


def _wbs_journey(app, client, auth, make_user):
    response, receipt = submit(client, files=[(WBS_FILE, jpeg_with_gps())], contact=WBS_CONTACT)
    assert receipt, response.get_data(as_text=True)[:2000]
    reply = client.post("/wbs/lacak/balas", data={
        "receipt": receipt, "body": "Tambahan bukti",
        "files": [(io.BytesIO(pdf_bytes(700)), WBS_REPLY_FILE)]},
        content_type="multipart/form-data", follow_redirects=True)  # POST-redirect-GET (F1)
    assert reply.status_code == 200 and "terkirim" in reply.get_data(as_text=True)
    team = make_user("wbs", name="Tim WBS")
    auth.login(team.email)
    assert auth.second_factor(team.email).status_code == 302
    with app.app_context():
        rid = db.session.scalar(select(WbsReport.id))
        att_ids = db.session.scalars(select(WbsAttachment.id).order_by(WbsAttachment.id)).all()
    assert client.get(f"/admin/wbs/{rid}").status_code == 200
    for att_id in att_ids:
        assert client.get(f"/admin/wbs/{rid}/lampiran/{att_id}").status_code == 200
    sent = client.post(f"/admin/wbs/{rid}/pesan", data={
        "body": TEAM_MESSAGE, "send_to_reporter": "y", "files": [(io.BytesIO(pdf_bytes(500)), TEAM_FILE)]},
        content_type="multipart/form-data")
    assert sent.status_code == 302
    assert client.post(f"/admin/wbs/{rid}/status", data={
        "to_status": "diteruskan", "forwarded_to": FORWARDED_TO, "outcome": "Diteruskan untuk pemeriksaan.",
        "public_note": "", "internal_note": "Catatan " + WBS_CONTACT}).status_code == 302
    assert client.post(f"/admin/wbs/{rid}/rekomendasi", data={
        "issued_by": ISSUED_BY, "issued_on": date.today().isoformat(), "text": "Pembinaan pegawai",
        "responsible": "Sekretaris"}).status_code == 302
    auth.logout()
    assert track(app.test_client(), receipt).status_code == 200
    return rid


def test_no_identifying_content_in_the_audit_log_after_dumas_and_wbs_journeys(app, client, auth, make_user):
    number = _dumas_journey(app, client, auth, make_user)
    rid = _wbs_journey(app, client, auth, make_user)

    dump = _audit_dump(app)
    # the journeys really were audited, with ids and kinds
    for action in ("complaint.submit", "complaint.attachment_download", "complaint.note", "wbs.view",
                   "wbs.download", "wbs.message", "wbs.transition", "wbs.recommendation_add"):
        assert action in dump, action
    assert number in dump and f"WBS-{date.today().year}-{rid:05d}" in dump
    for secret in IDENTIFYING:
        assert secret not in dump, f"{secret!r} in the audit table"

    leader = make_user("pimpinan")
    auth.login(leader.email)
    pages = []
    url = "/admin/audit"
    for _ in range(20):
        response = client.get(url)
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        pages.append(html)
        nxt = re.search(r'href="(/admin/audit\?[^"]*page=\d+[^"]*)"[^>]*>'
                        r"\s*(?:Berikutnya|&raquo;|»|Selanjutnya)", html)
        if not nxt:
            break
        url = nxt.group(1).replace("&amp;", "&")
    seen = "\n".join(pages)
    assert "wbs.download" in seen and "complaint.attachment_download" in seen
    for secret in IDENTIFYING:
        assert secret not in seen, f"{secret!r} shown to pimpinan on /admin/audit"


def test_record_keeps_ids_and_codes_and_drops_content(app, caplog):
    with app.app_context():
        entry = audit.record(db.session, None, "uji.privasi", object_type="uji", object_id=7,
                             number="WBS-2026-00001", status="diterima", files=2, public=True, ids=[1, 2],
                             on=date(2026, 1, 5),
                             name=WBS_FILE, email=DUMAS_EMAIL, note="teks bebas " + DUMAS_NAME,
                             reason=WBS_FILE + " dengan spasi", roles=["dumas", "wbs"])
        detail = json.loads(entry.detail)
        db.session.rollback()
    assert detail["number"] == "WBS-2026-00001" and detail["status"] == "diterima" and detail["files"] == 2
    assert detail["public"] is True and detail["ids"] == [1, 2] and detail["on"] == "2026-01-05"
    assert detail["roles"] == ["dumas", "wbs"]
    for key in ("name", "email", "note", "reason"):
        assert detail[key] == audit.REDACTED, key
    assert WBS_FILE not in entry.detail and DUMAS_EMAIL not in entry.detail and DUMAS_NAME not in entry.detail
    assert "audit detail 'name' dropped" in caplog.text


def test_audit_rows_written_by_the_journeys_have_only_clean_details(app, client, auth, make_user):
    """Every detail value stored by real requests already passes the rule (no call relied on redaction)."""
    _dumas_journey(app, client, auth, make_user)
    _wbs_journey(app, client, auth, make_user)
    with app.app_context():
        details = [json.loads(d) for d in db.session.scalars(select(AuditLog.detail)) if d]
    assert details
    for detail in details:
        assert audit.REDACTED not in json.dumps(detail), detail
