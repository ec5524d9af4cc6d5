"""Faults a deployment meets: the database restarts under the running portal, a request dies in the middle of
a write (an exception, a failed COMMIT, or SIGKILL of the process), the upload folder is full or read-only.

What must hold: the next request after a database restart works (pool_pre_ping); a request that dies leaves
no half record (no complaint/report row without its follow-up or files, no file of a rolled-back row, the
DUMAS counter not advanced, so numbers have no gap); a full or read-only upload folder gives a clear
Indonesian page (503, the form kept), never a stack trace, and no orphan row or file.

Running as root makes chmod ineffective, so storage faults are injected in the storage layer: the `os` module
seen by portal.core.attachments (DUMAS, ZI) and portal.wbs.service (WBS) is replaced by a proxy whose
open/fdopen raise PermissionError(EACCES) or OSError(ENOSPC) like a read-only or full file system would.
"""
from __future__ import annotations

import errno
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import OperationalError

from portal.core import attachments
from portal.dumas import service as complaints
from portal.dumas.models import Complaint, ComplaintAttachment, ComplaintCounter, ComplaintFollowUp
from portal.extensions import db
from portal.wbs import get_cipher
from portal.wbs.models import WbsAttachment, WbsMessage, WbsReport
from tests import wbs_helpers
from tests.conftest import DEFAULT_PG_ADMIN_URL
from tests.dumas_public_helpers import (
    assert_nothing_written,
    form_data,
    jpeg_with_gps,
    load_categories,
    pdf_bytes,
    post_complaint,
    submit_ok,
    upload,
    uploaded_files,
)

ROOT = Path(__file__).resolve().parents[2]
STORAGE_MESSAGE = "penyimpanan server sedang penuh atau tidak dapat ditulis"


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _wbs_nothing_written(app, reports: int = 0) -> None:
    assert _count(app, WbsReport) == reports
    assert _count(app, WbsAttachment) == 0
    folder = Path(app.config["UPLOAD_FOLDER"]) / "wbs"
    assert not folder.exists() or not any(folder.iterdir()), list(folder.iterdir())


def _clear_page(response, status: int) -> str:
    body = response.get_data(as_text=True)
    assert response.status_code == status, body[:2000]
    assert "Traceback" not in body and "OSError" not in body and "Werkzeug Debugger" not in body
    return body


# --------------------------------------------------------------------------------------- 1. database restart
def test_database_restart_between_requests(app, client, db_backend):
    """All server connections of the test database are terminated (what a PostgreSQL restart does to the
    pool); the next requests, a page, the health check and a write, all work (pool_pre_ping)."""
    if db_backend != "postgres":
        pytest.skip("SQLite has no server to restart: each connection opens the file itself "
                    "(a locked SQLite file is tested below)")
    categories = load_categories(app)
    assert client.get("/rencana-aksi").status_code == 200
    submit_ok(client, categories["pelayanan"])
    with app.app_context():
        name = db.engine.url.database
        assert db.engine.pool.checkedin() >= 1  # a pooled connection that is about to go stale
    admin_url = os.environ.get("TEST_DATABASE_URL", DEFAULT_PG_ADMIN_URL)
    from portal.config import normalise_database_url

    admin = create_engine(normalise_database_url(admin_url), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            killed = conn.execute(text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"), {"name": name}).scalar()
    finally:
        admin.dispose()
    assert killed >= 1

    assert client.get("/rencana-aksi").status_code == 200
    health = client.get("/healthz")
    assert health.status_code == 200 and health.get_json()["database"] is True
    number, _code = submit_ok(client, categories["pelayanan"], files=[upload(pdf_bytes(), "bukti.pdf")])
    assert number.endswith("-00002")


def test_sqlite_locked_database_gives_a_clear_error_then_recovers(app_factory, db_backend, tmp_path):
    """SQLite stand-in for an unavailable database: another process holds an exclusive lock longer than the
    busy timeout. The request gets a clear page (no stack trace), a write is refused without leaving a
    file, and once the lock is gone the next requests work."""
    if db_backend != "sqlite":
        pytest.skip("SQLite file locking only")
    app = app_factory(SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True, "connect_args": {"timeout": 0.2}})
    client = app.test_client()
    categories = load_categories(app)
    assert client.get("/rencana-aksi").status_code == 200
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    locker = sqlite3.connect(path, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        page = client.get("/rencana-aksi")
        body = _clear_page(page, 500)
        assert "Terjadi kesalahan pada server" in body
        refused = post_complaint(client, form_data(categories["pelayanan"]), [upload(pdf_bytes(), "a.pdf")])
        assert refused.status_code == 500
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert_nothing_written(app)  # the refused complaint left no file and no row
    assert client.get("/rencana-aksi").status_code == 200
    assert client.get("/healthz").status_code == 200
    number, _code = submit_ok(client, categories["pelayanan"])
    assert number.endswith("-00001")


# --------------------------------------------------------------------------------------- 2. killed mid-write
def test_dumas_exception_mid_transaction_leaves_nothing(app, client, monkeypatch):
    """The complaint, its follow-up and attachment rows are flushed and the counter is bumped, then the
    request dies (before COMMIT): nothing of it remains, and the next complaint gets number 1 (no gap)."""
    categories = load_categories(app)

    def crash(*args, **kwargs):
        raise RuntimeError("simulated crash after the rows were flushed")

    monkeypatch.setattr(complaints.audit, "record", crash)
    response = post_complaint(client, form_data(categories["pelayanan"]),
                              [upload(pdf_bytes(2000), "bukti.pdf"), upload(jpeg_with_gps(), "foto.jpg")])
    body = _clear_page(response, 500)
    assert "Data Anda tidak tersimpan" in body
    assert_nothing_written(app)
    monkeypatch.undo()
    number, _code = submit_ok(client, categories["pelayanan"], files=[upload(pdf_bytes(), "bukti.pdf")])
    assert number.endswith("-00001")


def test_wbs_commit_failure_leaves_no_report_and_no_file(app, client, monkeypatch):
    """The COMMIT itself fails (connection lost at that moment): the encrypted files already written are
    removed, no report row exists, the reporter gets a clear page and no receipt."""
    with app.app_context():
        get_cipher()  # the key fingerprint is committed once, before the fault is armed

    def lost(*args, **kwargs):
        raise OperationalError("COMMIT", {}, Exception("server closed the connection unexpectedly"))

    monkeypatch.setattr(db.session, "commit", lost)
    response, receipt = wbs_helpers.submit(
        client, files=[("foto.jpg", wbs_helpers.jpeg_with_gps()), ("b.pdf", pdf_bytes(800))])
    assert receipt is None
    body = _clear_page(response, 500)
    assert "Data Anda tidak tersimpan" in body
    monkeypatch.undo()
    _wbs_nothing_written(app)
    _response, receipt = wbs_helpers.submit(client)
    assert receipt and _count(app, WbsReport) == 1


KILL_SCRIPT = textwrap.dedent("""
    import json, os, signal, sys
    sys.path.insert(0, {root!r})
    from portal import create_app
    from portal.core import numbering

    config, category = json.loads(sys.argv[1]), sys.argv[2]
    app = create_app(config)
    real = numbering.next_sequence

    def die(session, year, counter):
        seq = real(session, year, counter)
        session.flush()
        os.kill(os.getpid(), signal.SIGKILL)  # the worker is killed: no except, no finally runs

    numbering.next_sequence = die
    from tests.dumas_public_helpers import pdf_bytes
    pdf = pdf_bytes()  # a well-formed PDF: the attachment cleaner (pikepdf) refuses a broken one
    import io
    app.test_client().post("/pengaduan", content_type="multipart/form-data", data={{
        "reporter_name": "Siti", "reporter_email": "siti@contoh.example", "category_id": category,
        "subject": "Aduan yang prosesnya mati", "consent": "y",
        "description": "Proses pekerja dimatikan di tengah penulisan aduan ini ke basis data.",
        "attachments": [(io.BytesIO(pdf), "bukti.pdf")],
    }})
    print("not killed")
""")


def test_process_killed_mid_write_leaves_no_row_and_the_orphan_file_is_swept(app, client, tmp_path):
    """SIGKILL between writing the attachment and COMMIT (the counter row already bumped and locked):
    the database rolls the transaction back by itself (no row, counter not advanced), the written file is
    an orphan on disk, which `flask check-uploads --delete-orphans` finds and removes."""
    categories = load_categories(app)
    config = {key: app.config[key] for key in (
        "TESTING", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "UPLOAD_FOLDER", "WTF_CSRF_ENABLED",
        "RATELIMIT_ENABLED", "RATELIMIT_STORAGE_URI", "MAIL_SERVER")}
    config["INSTANCE_PATH"] = app.instance_path
    script = tmp_path / "kill.py"
    script.write_text(KILL_SCRIPT.format(root=str(ROOT)))
    proc = subprocess.run([sys.executable, str(script), json.dumps(config), str(categories["pelayanan"])],
                          check=False, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == -signal.SIGKILL, proc.stdout + proc.stderr

    with app.app_context():
        for model in (Complaint, ComplaintFollowUp, ComplaintAttachment):
            assert db.session.scalar(select(func.count()).select_from(model)) == 0, model.__name__
        assert db.session.scalar(select(func.coalesce(func.max(ComplaintCounter.last_seq), 0))) == 0
    orphans = uploaded_files(app)
    assert len(orphans) == 1 and orphans[0].parent.name == "dumas"

    runner = app.test_cli_runner()
    young = runner.invoke(args=["check-uploads"])  # default minimum age 60 min: a fresh file is left alone
    assert young.exit_code == 0 and "1 berkas baru belum dirujuk" in young.output
    swept = runner.invoke(args=["check-uploads", "--delete-orphans", "--min-age-minutes", "0"])
    assert swept.exit_code == 0, swept.output
    assert "1 berkas yatim" in swept.output and "dihapus: dumas/" in swept.output
    assert uploaded_files(app) == []

    number, _code = submit_ok(client, categories["pelayanan"], files=[upload(pdf_bytes(), "bukti.pdf")])
    assert number.endswith("-00001")  # the killed transaction's number was never used: no gap
    check = runner.invoke(args=["check-uploads", "--min-age-minutes", "0"])
    assert check.exit_code == 0 and "1 berkas dirujuk basis data; 0 berkas yatim" in check.output


def test_check_uploads_reports_rows_whose_file_is_missing(app, client):
    categories = load_categories(app)
    submit_ok(client, categories["pelayanan"], files=[upload(pdf_bytes(), "bukti.pdf")])
    for path in uploaded_files(app):
        path.unlink()
    result = app.test_cli_runner().invoke(args=["check-uploads"])
    assert result.exit_code == 1 and "1 berkas hilang" in result.output and "HILANG: dumas/" in result.output


# --------------------------------------------------------------------------------------- 3. full / read-only
class FaultyOS:
    """Stands in for the `os` module of one storage module: open() refuses (read-only folder) or the
    n-th file's write fails with ENOSPC (disk full) after the file was created."""

    def __init__(self, mode: str, fail_on: int = 1):
        self.mode = mode
        self.fail_on = fail_on
        self.opened = 0

    def __getattr__(self, name):
        return getattr(os, name)

    def open(self, path, flags, mode=0o777, *args, **kwargs):
        if self.mode == "readonly":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return os.open(path, flags, mode, *args, **kwargs)

    def fdopen(self, fd, *args, **kwargs):
        handle = os.fdopen(fd, *args, **kwargs)
        self.opened += 1
        if self.mode == "full" and self.opened >= self.fail_on:
            return _FullDiskFile(handle)
        return handle


class _FullDiskFile:
    """A file whose write stores half the bytes, then fails like a full disk."""

    def __init__(self, handle):
        self.handle = handle

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.handle.close()
        return False

    def write(self, data):
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("mode", ["full", "readonly"])
def test_dumas_upload_folder_full_or_read_only(app, client, monkeypatch, mode):
    categories = load_categories(app)
    monkeypatch.setattr(attachments, "os", FaultyOS(mode, fail_on=2))
    data = form_data(categories["pelayanan"], subject="Aduan saat disk penuh atau read-only")
    response = post_complaint(client, data,
                              [upload(pdf_bytes(1500), "satu.pdf"), upload(pdf_bytes(900), "dua.pdf")])
    body = _clear_page(response, 503)
    assert STORAGE_MESSAGE in body
    assert "Aduan saat disk penuh atau read-only" in body  # the form is shown again with what was typed
    assert_nothing_written(app)  # no row, no counter, and the first (complete) and second (partial) file gone
    monkeypatch.undo()
    number, _code = submit_ok(client, categories["pelayanan"], files=[upload(pdf_bytes(), "bukti.pdf")])
    assert number.endswith("-00001")


def test_dumas_reporter_addition_with_full_disk_adds_nothing(app, client, monkeypatch):
    categories = load_categories(app)
    number, code = submit_ok(client, categories["pelayanan"])
    followups = _count(app, ComplaintFollowUp)
    monkeypatch.setattr(attachments, "os", FaultyOS("full"))
    response = client.post("/pengaduan/lacak/tambah", data={
        "number": number, "code": code, "text": "Tambahan bukti foto antrean pagi ini.",
        "attachments": [upload(pdf_bytes(700), "tambahan.pdf")]}, content_type="multipart/form-data")
    assert STORAGE_MESSAGE in _clear_page(response, 503)
    assert _count(app, ComplaintFollowUp) == followups and _count(app, ComplaintAttachment) == 0
    assert uploaded_files(app) == []


@pytest.mark.parametrize("mode", ["full", "readonly"])
def test_wbs_upload_folder_full_or_read_only(app, client, monkeypatch, mode):
    """WBS files go into the database (issue 10, A5): a full or read-only upload folder does not stop a
    report, and nothing is written there."""
    monkeypatch.setattr(attachments, "os", FaultyOS(mode))
    response, receipt = wbs_helpers.submit(
        client, files=[("foto.jpg", wbs_helpers.jpeg_with_gps()), ("b.pdf", pdf_bytes(800))])
    assert receipt, _clear_page(response, 200)
    assert _count(app, WbsAttachment) == 2
    folder = Path(app.config["UPLOAD_FOLDER"]) / "wbs"
    assert not folder.exists()


def test_wbs_reply_with_read_only_folder_still_adds_the_message(app, client, monkeypatch):
    _response, receipt = wbs_helpers.submit(client)
    messages = _count(app, WbsMessage)
    monkeypatch.setattr(attachments, "os", FaultyOS("readonly"))
    response = client.post("/wbs/lacak/balas", data={
        "receipt": receipt, "body": "Pesan dengan lampiran saat folder tidak dapat ditulis",
        "files": [(io.BytesIO(pdf_bytes(600)), "x.pdf")]}, content_type="multipart/form-data",
        follow_redirects=True)  # POST-redirect-GET (F1)
    assert "terkirim" in _clear_page(response, 200)
    assert _count(app, WbsMessage) == messages + 1 and _count(app, WbsAttachment) == 1
    folder = Path(app.config["UPLOAD_FOLDER"]) / "wbs"
    assert not folder.exists()


def test_storage_error_is_raised_by_the_shared_layer_and_cleans_up(tmp_path, app):
    """Unit level: write_all removes the complete first file and the partial second one."""
    prepared = [attachments.PreparedFile("a.pdf", "application/pdf", "pdf", pdf_bytes(100)),
                attachments.PreparedFile("b.pdf", "application/pdf", "pdf", pdf_bytes(100))]
    original = attachments.os
    attachments.os = FaultyOS("full", fail_on=2)
    try:
        with app.test_request_context(), pytest.raises(attachments.StorageError) as err:
            attachments.write_all(prepared, tmp_path, "dumas")
    finally:
        attachments.os = original
    assert STORAGE_MESSAGE in err.value.message
    assert list((tmp_path / "dumas").iterdir()) == []

