"""Issue 10 F1-F3 through HTTP: a re-sent POST files nothing new on every public form (one-time form token,
POST-redirect-GET), a concurrent double submit files once, the receipt survives a reload for a short time,
and files that passed validation are kept (DUMAS; WBS encrypted in the database, nothing on disk) across a
validation error."""
from __future__ import annotations

import io
import re
import threading
import time

import pytest
from sqlalchemy import func, select

from portal.core import form_tokens
from portal.core.models.form_token import FormStashFile, FormToken
from portal.dumas.models import Complaint, ComplaintAttachment, ComplaintFollowUp
from portal.extensions import db
from portal.survey.models import SurveyResponse
from portal.wbs.models import WbsAttachment, WbsMessage, WbsReport
from tests.dumas_public_helpers import form_data, jpeg_with_gps, load_categories, pdf_bytes, uploaded_files
from tests.survey.test_skm import HAND, answers, make_service
from tests.wbs_helpers import RECEIPT_RE, report_data

TOKEN_RE = re.compile(r'name="form_token" value="([A-Za-z0-9_-]+)"')


def _token(client, path: str) -> str:
    html = client.get(path).get_data(as_text=True)
    match = TOKEN_RE.search(html)
    assert match, html[:1500]
    return match.group(1)


def _file_complaint(client, cats) -> None:
    """File a complaint through the form, with the one-time token the form hands out."""
    data = {**form_data(cats["pelayanan"]), "form_token": _token(client, "/pengaduan")}
    client.post("/pengaduan", data=data)


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def cats(app):
    return load_categories(app)


# --- F1: a re-sent POST files nothing new ------------------------------------------------------------------

def test_dumas_resent_post_files_once_and_shows_the_same_receipt(app, client, cats):
    token = _token(client, "/pengaduan")
    data = {**form_data(cats["pelayanan"]), "form_token": token}
    first = client.post("/pengaduan", data=data)
    assert first.status_code == 302 and first.headers["Location"].endswith("/pengaduan/tanda-terima")
    receipt = client.get("/pengaduan/tanda-terima").get_data(as_text=True)
    number = re.search(r'id="nomor-pengaduan">([^<]+)<', receipt).group(1)
    again = client.post("/pengaduan", data=data)  # the browser re-sends the POST (reload, back + resubmit)
    assert again.status_code == 302 and again.headers["Location"].endswith("/pengaduan/tanda-terima")
    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "Formulir ini sudah dikirim" in page and number in page
    assert _count(app, Complaint) == 1
    with app.app_context():
        row = db.session.scalars(select(FormToken)).one()
        assert row.token_hash != token and token not in row.token_hash and row.form == "dumas"
        assert row.result is not None and number.encode() not in row.result  # sealed


def test_dumas_add_info_resent_post_files_once(app, client, cats):
    _file_complaint(client, cats)
    html = client.get("/pengaduan/tanda-terima").get_data(as_text=True)
    number = re.search(r'id="nomor-pengaduan">([^<]+)<', html).group(1)
    code = re.search(r'id="kode-akses">([^<]+)<', html).group(1)
    page = client.post("/pengaduan/lacak", data={"number": number, "code": code}).get_data(as_text=True)
    token = TOKEN_RE.search(page).group(1)
    data = {"number": number, "code": code, "text": "Kejadian terulang lagi di loket 2.", "form_token": token}
    first = client.post("/pengaduan/lacak/tambah", data=data)
    assert first.status_code == 302 and first.headers["Location"].endswith("/pengaduan/lacak/hasil")
    shown = client.get("/pengaduan/lacak/hasil").get_data(as_text=True)
    assert "Kejadian terulang lagi di loket 2." in shown
    assert "Informasi tambahan Anda telah kami terima" in shown
    assert "Kejadian terulang lagi" in client.get("/pengaduan/lacak/hasil").get_data(as_text=True)  # reload
    again = client.post("/pengaduan/lacak/tambah", data=data)
    assert again.status_code == 302
    assert "Formulir ini sudah dikirim" in client.get(again.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        notes = db.session.scalars(select(ComplaintFollowUp.public_note)).all()
    assert notes.count("Kejadian terulang lagi di loket 2.") == 1


def test_wbs_resent_post_files_once_and_receipt_shows_after_the_redirect(app, client):
    token = _token(client, "/wbs/lapor")
    data = {**report_data(), "form_token": token}
    first = client.post("/wbs/lapor", data=data)
    assert first.status_code == 302 and first.headers["Location"].endswith("/wbs/tanda-terima")
    page = client.get("/wbs/tanda-terima")
    receipt = RECEIPT_RE.search(page.get_data(as_text=True)).group(1)
    assert "no-store" in page.headers["Cache-Control"] and page.headers["Referrer-Policy"]
    again = client.post("/wbs/lapor", data=data)
    assert again.status_code == 302
    html = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "Formulir ini sudah dikirim" in html and receipt in html
    assert _count(app, WbsReport) == 1
    with app.app_context():
        row = db.session.scalars(select(FormToken)).one()
        assert row.form == "wbs" and receipt.replace("-", "").encode() not in (row.result or b"")
        # the row tells the day only: id, hash, form name, day, sealed result
        assert set(FormToken.__table__.columns.keys()) == {"id", "token_hash", "form", "day", "result"}


def test_wbs_receipt_survives_a_reload_then_is_gone(app, client, monkeypatch):
    client.post("/wbs/lapor", data={**report_data(), "form_token": _token(client, "/wbs/lapor")})
    first = RECEIPT_RE.search(client.get("/wbs/tanda-terima").get_data(as_text=True)).group(1)
    again = RECEIPT_RE.search(client.get("/wbs/tanda-terima").get_data(as_text=True)).group(1)
    assert first == again
    other = app.test_client()  # another browser never sees it
    assert RECEIPT_RE.search(other.get("/wbs/tanda-terima").get_data(as_text=True)) is None
    later = time.time() + app.config["WBS_RECEIPT_SECONDS"] + 1
    monkeypatch.setattr(form_tokens, "_now", lambda: later)
    gone = client.get("/wbs/tanda-terima").get_data(as_text=True)
    assert RECEIPT_RE.search(gone) is None and "Kode sudah ditampilkan" in gone
    with app.app_context():
        assert db.session.scalars(select(FormToken)).one().result is None  # the sealed copy is erased


def test_dumas_receipt_survives_a_reload_with_copy_and_print_buttons(app, client, cats):
    _file_complaint(client, cats)
    first = client.get("/pengaduan/tanda-terima").get_data(as_text=True)
    second = client.get("/pengaduan/tanda-terima").get_data(as_text=True)
    code = re.search(r'id="kode-akses">([^<]+)<', first).group(1)
    assert code in second
    assert re.search(r'<button type="button" class="btn [^"]*copy-button[^"]*" '
                     r'data-copy="#kode-akses"', first)
    assert re.search(r'<button type="button" class="btn [^"]*print-button[^"]*" data-print', first)
    assert "code-nowrap" in first and "js/forms.js" in first
    # the session cookie holds no access code in clear (Flask's cookie is only signed)
    cookie = client.get_cookie("session")
    assert cookie is not None and code not in cookie.value
    import base64
    import zlib
    raw = cookie.value.lstrip(".").split(".")[0]
    raw += "=" * (-len(raw) % 4)
    decoded = base64.urlsafe_b64decode(raw)
    if cookie.value.startswith("."):
        decoded = zlib.decompress(decoded)
    assert code.encode() not in decoded and code.replace("-", "").encode() not in decoded


def test_wbs_reply_resent_post_files_once(app, client):
    client.post("/wbs/lapor", data={**report_data(), "form_token": _token(client, "/wbs/lapor")})
    receipt = RECEIPT_RE.search(client.get("/wbs/tanda-terima").get_data(as_text=True)).group(1)
    case = client.post("/wbs/lacak", data={"receipt": receipt}).get_data(as_text=True)
    token = TOKEN_RE.search(case).group(1)
    data = {"receipt": receipt.replace("-", ""), "body": "Saya punya bukti tambahan.", "form_token": token}
    first = client.post("/wbs/lacak/balas", data=data)
    assert first.status_code == 302 and "/wbs/lacak/hasil" in first.headers["Location"]
    shown = client.get(first.headers["Location"]).get_data(as_text=True)
    assert "Pesan Anda terkirim" in shown and "Saya punya bukti tambahan." in shown
    again = client.post("/wbs/lacak/balas", data=data)
    assert again.status_code == 302
    assert _count(app, WbsMessage) == 1


def test_survey_resent_post_files_once(app, client):
    make_service(app, survey_open=True)
    token = _token(client, "/survei?layanan=layanan-ppid")
    data = {**answers(HAND[0]), "form_token": token}
    first = client.post("/survei?layanan=layanan-ppid", data=data)
    assert first.status_code == 302 and "/survei/terima-kasih" in first.headers["Location"]
    again = client.post("/survei?layanan=layanan-ppid", data=data)
    assert again.status_code == 302 and "/survei/terima-kasih" in again.headers["Location"]
    assert "Formulir ini sudah dikirim" in client.get(again.headers["Location"]).get_data(as_text=True)
    assert _count(app, SurveyResponse) == 1


def test_every_public_post_route_is_covered(app):
    """The public POST routes of the URL map: the filing ones take a one-time token (tested above); the
    others only read (tracking, download) and file nothing."""
    filing = {"/pengaduan", "/pengaduan/lacak/tambah", "/wbs/lapor", "/wbs/lacak/balas", "/survei",
              "/ppid/permohonan",  # PPID: tests/ppid/test_requests_public.py
              "/ppid/keberatan"}  # PPID objection: token tested in tests/ppid/test_objections.py
    reading = {"/pengaduan/lacak", "/wbs/lacak", "/wbs/lacak/berkas", "/ppid/lacak", "/ppid/lacak/unduh"}
    public = {r.rule for r in app.url_map.iter_rules() if "POST" in (r.methods or ())
              and not r.rule.startswith(("/admin", "/api"))}
    assert public - filing - reading == set(), public - filing - reading


def _post_at_once(app, path: str, data: dict, *, senders: int) -> list[int]:
    """`senders` clients, each with its own cookie jar, POST the same `data` to `path` at the same moment
    (released by a barrier); their status codes."""
    barrier = threading.Barrier(senders)
    codes = []

    def send():
        other = app.test_client()
        barrier.wait()
        codes.append(other.post(path, data=dict(data)).status_code)

    threads = [threading.Thread(target=send) for _ in range(senders)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return codes


def test_concurrent_double_submit_files_once(app, cats):
    client = app.test_client()
    token = _token(client, "/pengaduan")
    data = {**form_data(cats["pelayanan"]), "form_token": token}
    answers_ = _post_at_once(app, "/pengaduan", data, senders=3)
    assert answers_ == [302, 302, 302]
    assert _count(app, Complaint) == 1


def test_concurrent_double_submit_files_once_wbs(app):
    from portal.wbs import get_cipher

    with app.app_context():
        get_cipher()  # the key file is created on first use; not the subject of this test
    client = app.test_client()
    token = _token(client, "/wbs/lapor")
    data = {**report_data(), "form_token": token}
    codes = _post_at_once(app, "/wbs/lapor", data, senders=2)
    assert codes == [302, 302]
    assert _count(app, WbsReport) == 1


# --- F3: files that passed validation are kept for the re-submission --------------------------------------

def test_dumas_keeps_files_across_a_validation_error(app, client, cats):
    token = _token(client, "/pengaduan")
    data = {**form_data(cats["pelayanan"], consent=None), "form_token": token,
            "attachments": [(io.BytesIO(jpeg_with_gps()), "foto-loket.jpg"),
                            (io.BytesIO(pdf_bytes()), "bukti.pdf")]}
    refused = client.post("/pengaduan", data=data, content_type="multipart/form-data")
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "Berkas yang sudah diunggah" in html and "foto-loket.jpg" in html and "bukti.pdf" in html
    assert f'name="form_token" value="{token}"' in html and uploaded_files(app) == []
    listed = dict(re.findall(r'stashed-name">([^<]+)</span>\s*<label[^>]*><input[^>]*value="(\d+)"', html))
    assert set(listed) == {"foto-loket.jpg", "bukti.pdf"}
    # re-submission: consent ticked, no file chosen again, the PDF removed with "hapus"
    ok = client.post("/pengaduan", data={**form_data(cats["pelayanan"]), "form_token": token,
                                         "stash_drop": listed["bukti.pdf"]},
                     content_type="multipart/form-data")
    assert ok.status_code == 302, ok.get_data(as_text=True)[:2000]
    with app.app_context():
        names = db.session.scalars(select(ComplaintAttachment.original_name)).all()
        assert names == ["foto-loket.jpg"]
        assert db.session.scalar(select(func.count()).select_from(FormStashFile)) == 0  # used once
    assert len(uploaded_files(app)) == 1


def test_dumas_stash_expires(app, client, cats, monkeypatch):
    token = _token(client, "/pengaduan")
    client.post("/pengaduan", data={**form_data(cats["pelayanan"], consent=None), "form_token": token,
                                    "attachments": [(io.BytesIO(pdf_bytes()), "bukti.pdf")]},
                content_type="multipart/form-data")
    later = time.time() + app.config["FORM_STASH_SECONDS"] + 1
    monkeypatch.setattr(form_tokens, "_now", lambda: later)
    ok = client.post("/pengaduan", data={**form_data(cats["pelayanan"]), "form_token": token},
                     content_type="multipart/form-data")
    assert ok.status_code == 302
    assert _count(app, ComplaintAttachment) == 0 and _count(app, FormStashFile) == 0


def test_wbs_keeps_files_encrypted_in_the_database_and_writes_nothing_to_disk(app, client):
    from pathlib import Path

    token = _token(client, "/wbs/lapor")
    photo = jpeg_with_gps()
    data = {**report_data(good_faith=None), "form_token": token,
            "files": [(io.BytesIO(photo), "IMG_20261201_081530_HDR.jpg")]}
    data = {k: v for k, v in data.items() if v is not None}
    refused = client.post("/wbs/lapor", data=data, content_type="multipart/form-data")
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert "Berkas yang sudah diunggah" in html and "lampiran-1.jpg" in html
    assert "IMG_20261201" not in html
    upload_root = Path(app.config["UPLOAD_FOLDER"])
    assert not upload_root.exists() or [p for p in upload_root.rglob("*") if p.is_file()] == []
    with app.app_context():
        row = db.session.scalars(select(FormStashFile)).one()
        assert b"IMG_20261201" not in row.payload and b"image/jpeg" not in row.payload  # encrypted
        assert b"\xff\xd8" not in row.payload[:64]
    ok = client.post("/wbs/lapor", data={**report_data(), "form_token": token},
                     content_type="multipart/form-data")
    assert ok.status_code == 302
    assert _count(app, WbsAttachment) == 1 and _count(app, FormStashFile) == 0
