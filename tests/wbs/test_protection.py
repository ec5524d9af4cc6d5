"""WBS protection, each rule tested: no address or user agent anywhere, encryption at rest with a key outside
the database, metadata stripped from files, key handling (loss, mismatch, backup), cookies, dates only."""
from __future__ import annotations

import base64
import io
import json
import logging
import stat
import threading
import urllib.request
import zlib
from pathlib import Path

import pytest
from itsdangerous import base64_decode
from PIL import Image
from sqlalchemy import select, text

from portal.core.doc_metadata import clean_pdf, docx_authors
from portal.core.models.setting import Setting
from portal.extensions import db, limiter
from portal.wbs import get_cipher, service
from portal.wbs.crypto import FINGERPRINT_SETTING, WbsCipher, generate_master_key, parse_master_key
from portal.wbs.models import WbsAttachment, WbsReport
from tests.wbs.gunicorn_log import access_lines
from tests.wbs_helpers import (
    AUTHOR,
    CAMERA,
    SECRET_TEXT,
    docx_with_author,
    jpeg_with_gps,
    pdf_with_author,
    pdf_with_jpx_image,
    submit,
    track,
    unzip_text,
)

IP = "203.0.113.77"
UA = "UA-CANARY-123"
CANARY_ENV = {"REMOTE_ADDR": IP, "HTTP_USER_AGENT": UA, "HTTP_X_FORWARDED_FOR": IP}


def _database_text(app) -> str:
    """Every row of every table, as text."""
    chunks = []
    with app.app_context(), db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            for row in conn.execute(table.select()):
                chunks.append(f"{table.name}: {tuple(row)!r}")
    return "\n".join(chunks)


def _session_payload(client) -> str:
    cookie = client.get_cookie("session")
    if cookie is None:
        return ""
    value = cookie.value
    compressed = value.startswith(".")
    payload = base64_decode(value.lstrip(".").split(".")[0])
    return (zlib.decompress(payload) if compressed else payload).decode()


# --- no address, no user agent -------------------------------------------------------------------------

def test_address_and_user_agent_are_stored_nowhere(app_factory, make_user, caplog, tmp_path):
    app = app_factory(RATELIMIT_ENABLED=True)
    client = app.test_client()
    caplog.set_level(logging.DEBUG)

    assert client.get("/wbs", environ_base=CANARY_ENV).status_code == 200
    assert client.get("/wbs/lapor", environ_base=CANARY_ENV).status_code == 200
    response, receipt = submit(client, files=[("bukti.jpg", jpeg_with_gps())], environ_base=CANARY_ENV)
    assert response.status_code == 200 and receipt
    assert track(client, receipt, environ_base=CANARY_ENV).status_code == 200
    assert track(client, "9999-9999-9999-9999", environ_base=CANARY_ENV).status_code == 403
    reply = client.post("/wbs/lacak/balas", data={"receipt": receipt, "body": "Tambahan keterangan"},
                        environ_base=CANARY_ENV, follow_redirects=True)  # POST-redirect-GET (issue 10 F1)
    assert reply.status_code == 200
    # the team answers; the reporter reads it again
    staff = make_user("wbs")
    with app.app_context():
        report = db.session.scalars(select(WbsReport)).one()
        user = db.session.get(type(staff), staff.id)
        service.team_message(db.session, get_cipher(), report, user, "Terima kasih")
        db.session.commit()
    assert track(client, receipt, environ_base=CANARY_ENV).status_code == 200

    dump = _database_text(app)
    assert "wbs_reports" in dump  # the dump really covers the WBS tables
    for canary in (IP, UA):
        assert canary not in dump, f"{canary} found in the database"
        assert canary not in caplog.text, f"{canary} found in the logs"
        assert canary not in _session_payload(client), f"{canary} found in the session cookie"
        assert canary not in repr(vars(limiter.storage)), f"{canary} found in the rate-limit storage"
    for path in Path(app.config["UPLOAD_FOLDER"]).rglob("*"):
        assert IP not in path.name


def test_session_cookie_holds_no_report_data(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    import re

    html = client.get("/wbs/lapor").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    from tests.wbs_helpers import RECEIPT_RE, report_data

    response = client.post("/wbs/lapor", data={**report_data(), "csrf_token": token}, follow_redirects=True)
    receipt = RECEIPT_RE.search(response.get_data(as_text=True)).group(1)
    payload = json.loads(_session_payload(client))
    # issue 10 F2: the one-time form token (the key to the sealed, short-lived receipt copy) is the only
    # addition
    assert set(payload) <= {"csrf_token", "_remember", "_flashes", "form_result:wbs"}, payload
    assert receipt.replace("-", "") not in json.dumps(payload) and SECRET_TEXT not in json.dumps(payload)
    assert "_flashes" not in payload


def test_development_server_log_drops_the_address_on_wbs_paths(app, caplog):
    from werkzeug.serving import make_server

    caplog.set_level(logging.INFO, logger="werkzeug")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        for path in ("/wbs/lacak", "/wbs", "/healthz"):
            request = urllib.request.Request(base + path, headers={"User-Agent": UA})
            with urllib.request.urlopen(request) as resp:
                resp.read()
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()
    lines = [r.getMessage() for r in caplog.records if r.name == "werkzeug"]
    wbs_lines = [line for line in lines if "/wbs" in line]
    other = [line for line in lines if "/healthz" in line]
    # issue 10 A6: a WBS request leaves no line at all (it used to be kept with the address blanked)
    assert wbs_lines == [] and len(other) == 1, lines
    assert other[0].startswith("127.0.0.1")  # the filter touches WBS paths only


def test_gunicorn_access_log_drops_address_and_user_agent_on_wbs_paths(app):
    lines = access_lines([{"path": "/wbs/lacak", "method": "POST"}, {"path": "/healthz", "method": "POST"}],
                         ip=IP, ua=UA, log_format='%(h)s "%(r)s" %(s)s "%(a)s" xff=%({x-forwarded-for}i)s')
    # issue 10 A6: the WBS line is dropped whole (it used to be kept with address and user agent blanked)
    (other_line,) = lines
    assert "/healthz" in other_line and IP not in "\n".join(lines).replace(other_line, "")
    assert IP in other_line and UA in other_line  # other paths keep the usual access log


# --- encryption at rest ----------------------------------------------------------------------------------

def test_report_text_messages_and_files_are_ciphertext_in_raw_sql(app, client, make_user):
    _, receipt = submit(client, files=[("laporan-budi.jpg", jpeg_with_gps())],
                        contact="budi.pribadi@contoh.example")
    client.post("/wbs/lacak/balas", data={"receipt": receipt, "body": "PESAN-KANARI-4242 tambahan"})
    with app.app_context(), db.engine.connect() as conn:
        row = conn.execute(text("SELECT what_enc, who_enc, where_enc, when_enc, how_enc, contact_enc "
                                "FROM wbs_reports")).one()
        bodies = conn.execute(text("SELECT body_enc FROM wbs_messages")).scalars().all()
        names = conn.execute(text("SELECT name_enc, stored_name FROM wbs_attachments")).all()
        blobs = conn.execute(text("SELECT data_enc FROM wbs_attachments")).scalars().all()
    for value in row:
        assert value.startswith("v1:")
    raw = " ".join(row) + " ".join(bodies) + " ".join(n for n, _s in names)
    assert names == [("", None)]  # no original name (not even encrypted), no file on disk (issue 10, A4/A5)
    for plain in ("SUAP-KANARI", "amplop", "PPK", "budi.pribadi", "PESAN-KANARI", "laporan-budi"):
        assert plain not in raw
    dump = _database_text(app)
    assert "SUAP-KANARI" not in dump and "PESAN-KANARI" not in dump and "budi.pribadi" not in dump
    # the file is ciphertext in the database, and nothing was written to the upload folder
    (blob,) = blobs
    blob = bytes(blob)
    assert not blob.startswith(b"\xff\xd8") and b"JFIF" not in blob and b"Exif" not in blob
    assert not (Path(app.config["UPLOAD_FOLDER"]) / "wbs").exists()
    # and the team still reads everything
    with app.app_context():
        report = db.session.scalars(select(WbsReport)).one()
        plain = service.report_text(get_cipher(), report)
        assert plain.what.startswith("SUAP-KANARI") and plain.contact == "budi.pribadi@contoh.example"


def test_cipher_binds_values_to_their_field_and_detects_tampering():
    cipher = WbsCipher.from_master(parse_master_key(generate_master_key()))
    token = cipher.encrypt("rahasia", "report.what")
    assert cipher.decrypt(token, "report.what") == "rahasia"
    from portal.wbs.crypto import DecryptionError

    with pytest.raises(DecryptionError):
        cipher.decrypt(token, "report.who")  # moved to another column
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    with pytest.raises(DecryptionError):
        cipher.decrypt(tampered, "report.what")
    other = WbsCipher.from_master(parse_master_key(generate_master_key()))
    with pytest.raises(DecryptionError):
        other.decrypt(token, "report.what")
    # lengths are padded: a short and a slightly longer text give the same ciphertext size
    assert len(cipher.encrypt("a", "f")) == len(cipher.encrypt("a" * 40, "f"))
    # same receipt, same hash (lookup by equality); another key, another hash
    assert cipher.receipt_hash("1234567812345678") == cipher.receipt_hash("1234567812345678")
    assert cipher.receipt_hash("1234567812345678") != other.receipt_hash("1234567812345678")


# --- file metadata ----------------------------------------------------------------------------------------

def _download_as_team(app, client, login_as, name_filter=None):
    login_as("wbs")
    with app.app_context():
        atts = db.session.scalars(select(WbsAttachment).order_by(WbsAttachment.id)).all()
        targets = [(a.report_id, a.id, a.content_type) for a in atts]
    return [client.get(f"/admin/wbs/{rid}/lampiran/{aid}") for rid, aid, _ct in targets]


def test_jpeg_with_gps_exif_is_stored_without_it(app, client, login_as):
    original = jpeg_with_gps()
    assert CAMERA.encode() in original
    _response, receipt = submit(client, files=[("foto.jpg", original)])
    assert receipt
    (download,) = _download_as_team(app, client, login_as)
    assert download.status_code == 200 and download.mimetype == "image/jpeg"
    data = download.data
    assert CAMERA.encode() not in data and AUTHOR.encode() not in data
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        assert not exif.get_ifd(0x8825)  # no GPS
        assert len(exif) == 0 and "exif" not in image.info and "xmp" not in image.info
        assert image.size == (64, 48)
    with app.app_context():
        att = db.session.scalars(select(WbsAttachment)).one()
        assert "GPS" in att.cleaning_note


def test_docx_author_and_dates_are_removed(app, client, login_as):
    original = docx_with_author()
    assert docx_authors(original)
    _, receipt = submit(client, files=[("surat.docx", original)])
    assert receipt
    (download,) = _download_as_team(app, client, login_as)
    cleaned = download.data
    assert docx_authors(cleaned) == []
    assert AUTHOR not in unzip_text(cleaned) and "KPU Kebumen" not in unzip_text(cleaned)
    assert "Bukti transfer" in unzip_text(cleaned)  # the content stays
    import zipfile

    with zipfile.ZipFile(io.BytesIO(cleaned)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_pdf_author_and_xmp_are_removed():
    """Changed with issue 10: the PDF is rewritten by pikepdf instead of blanked in place (offsets no longer
    need to stay); the Info dictionary and the XMP packet are gone, not blanked."""
    import pikepdf

    original = pdf_with_author()
    cleaned = clean_pdf(original)
    assert not cleaned.unverified
    assert AUTHOR.encode() not in cleaned.data and b"laporan_budi" not in cleaned.data
    with pikepdf.open(io.BytesIO(cleaned.data)) as pdf:
        assert "/Info" not in pdf.trailer and "/Metadata" not in pdf.Root
        assert len(pdf.pages) == 1


def test_pdf_that_may_hide_metadata_needs_the_reporters_confirmation(app, client, login_as):
    risky = pdf_with_jpx_image()  # issue 10: compressed objects are now cleaned; JPEG 2000 images are not
    response, receipt = submit(client, files=[("laporan.pdf", risky)])
    assert response.status_code == 400 and receipt is None
    html = response.get_data(as_text=True)
    assert "mungkin masih memuat nama penulis" in html
    with app.app_context():
        assert db.session.scalar(select(WbsReport.id)) is None
    response, receipt = submit(client, files=[("laporan.pdf", risky)], accept_pdf_metadata="y")
    assert response.status_code == 200 and receipt
    (download,) = _download_as_team(app, client, login_as)
    assert AUTHOR.encode() not in download.data  # what could be reached was still blanked


def _restart(app, **config):
    """The same app and database as after a restart with other settings (a second app_factory() would
    empty the tables on PostgreSQL): the cached key is dropped and read again."""
    app.config.update(config)
    app.extensions.pop("portal_wbs_cipher", None)
    return app


# --- the key ------------------------------------------------------------------------------------------------

def test_key_file_is_created_private_and_fingerprinted(app, client, tmp_path):
    submit(client)
    key_file = Path(app.config["WBS_KEY_FILE"])
    assert key_file.parent == tmp_path / "instance"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(base64.urlsafe_b64decode(key_file.read_text().strip())) == 32
    with app.app_context():
        assert db.session.get(Setting, FINGERPRINT_SETTING).value == get_cipher().fingerprint
    dump = _database_text(app)
    assert key_file.read_text().strip() not in dump


def test_key_from_settings_is_used_without_a_file(app_factory, tmp_path):
    key = generate_master_key()
    app = app_factory(WBS_KEY=key, WBS_KEY_FILE=str(tmp_path / "tidak-ada" / "wbs.key"))
    client = app.test_client()
    _, receipt = submit(client)
    assert receipt and not (tmp_path / "tidak-ada").exists()
    with app.app_context():
        assert get_cipher().fingerprint == WbsCipher.from_master(parse_master_key(key)).fingerprint


def test_lost_key_is_refused_instead_of_silently_replaced(app_factory, tmp_path):
    app = app_factory()
    _, receipt = submit(app.test_client())
    key_file = Path(app.config["WBS_KEY_FILE"])
    key_file.unlink()
    fresh = _restart(app)  # a restart without the key file
    response = track(fresh.test_client(), receipt)
    assert response.status_code == 503
    assert "kunci enkripsi bermasalah" in response.get_data(as_text=True)
    assert not key_file.exists()  # no new key was made over the old data
    result = fresh.test_cli_runner().invoke(args=["wbs-key-check"])
    assert result.exit_code != 0 and "Kunci WBS tidak ditemukan" in result.output


def test_wrong_key_is_refused(app_factory):
    app = app_factory()
    _, receipt = submit(app.test_client())
    other = _restart(app, WBS_KEY=generate_master_key())
    assert track(other.test_client(), receipt).status_code == 503
    result = other.test_cli_runner().invoke(args=["wbs-key-check"])
    assert result.exit_code != 0 and "bukan kunci yang dipakai basis data" in result.output


def test_key_export_makes_a_private_backup_that_restores_access(app_factory, tmp_path):
    app = app_factory()
    _, receipt = submit(app.test_client())
    backup = tmp_path / "cadangan" / "wbs.key"
    result = app.test_cli_runner().invoke(args=["wbs-key-export", str(backup)])
    assert result.exit_code == 0, result.output
    assert "disalin" in result.output and stat.S_IMODE(backup.stat().st_mode) == 0o600
    again = app.test_cli_runner().invoke(args=["wbs-key-export", str(backup)])
    assert again.exit_code != 0 and "sudah ada" in again.output  # never overwritten
    # disaster: the instance key is gone; the backup brings the reports back
    Path(app.config["WBS_KEY_FILE"]).unlink()
    restored = _restart(app, WBS_KEY_FILE=str(backup))
    response = track(restored.test_client(), receipt)
    assert response.status_code == 200 and SECRET_TEXT in response.get_data(as_text=True)
    ok = restored.test_cli_runner().invoke(args=["wbs-key-check"])
    assert ok.exit_code == 0 and "cocok" in ok.output


def test_init_creates_the_key(app_factory, tmp_path):
    app = app_factory()
    from portal.wbs.cli import ensure_key

    with app.app_context():
        line = ensure_key(db.session)
        db.session.commit()
    assert "kunci WBS dibuat" in line and Path(app.config["WBS_KEY_FILE"]).exists()
    with app.app_context():
        assert "kunci WBS dipakai" in ensure_key(db.session)


# --- dates only ----------------------------------------------------------------------------------------

def test_only_the_day_of_a_report_is_stored(app, client):
    submit(client)
    client.post("/wbs/lacak/balas", data={"receipt": "x", "body": "x"})
    with app.app_context(), db.engine.connect() as conn:
        received = conn.execute(text("SELECT received_on FROM wbs_reports")).scalar_one()
    assert len(str(received)) == 10  # YYYY-MM-DD, no time
    from sqlalchemy import Date, DateTime

    for table in ("wbs_reports", "wbs_messages", "wbs_attachments"):
        columns = db.metadata.tables[table].columns
        assert not [c.name for c in columns
                    if isinstance(c.type, DateTime) or "DateTime" in type(c.type).__name__]
        assert any(isinstance(c.type, Date) for c in columns)
