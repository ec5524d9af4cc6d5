"""`flask backup` / `flask restore`: complaints with attachments, WBS reports with messages and encrypted
files, survey responses; back up, restore into a fresh empty instance (new folder, new database), and find
every case, message and file there, on SQLite and on PostgreSQL (restored into a second temporary database;
and a PostgreSQL backup restored into SQLite, the disaster drill)."""
from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from portal import create_app
from portal.config import normalise_database_url
from portal.dumas.models import Complaint, ComplaintAttachment, ComplaintCounter
from portal.extensions import db
from portal.survey.models import SurveyResponse
from portal.wbs import get_cipher
from portal.wbs import service as wbs_service
from portal.wbs.models import WbsAttachment, WbsMessage, WbsReport
from tests import wbs_helpers
from tests.conftest import DEFAULT_PG_ADMIN_URL, make_test_config
from tests.dumas_public_helpers import jpeg_with_gps, load_categories, pdf_bytes, submit_ok, upload
from tests.survey.test_skm import HAND, make_service, post_survey


# --------------------------------------------------------------------------------------------- fixtures
@pytest.fixture
def second_postgres():
    """A second temporary PostgreSQL database (created empty; dropped at the end)."""
    admin_url = normalise_database_url(os.environ.get("TEST_DATABASE_URL", DEFAULT_PG_ADMIN_URL))
    name = f"portal_restore_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield admin_url.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def fresh_instance(tmp_path_factory, db_backend, request):
    """An app on an empty instance: its own folder, its own database with the schema and no rows.

    The schema comes from the models (like every test here), not from `flask db upgrade`: the restore
    command runs the migrations itself when the database has no tables at all, but in a development tree
    models can be ahead of the migrations (the lead writes them after integrating)."""
    made = []

    def build(backend: str | None = None):
        backend = backend or db_backend
        base = tmp_path_factory.mktemp("restored")
        if backend == "postgres":
            url = request.getfixturevalue("second_postgres")
        else:
            url = f"sqlite:///{base / 'restored.db'}"
        app = create_app(make_test_config(base, None, SQLALCHEMY_DATABASE_URI=url))
        with app.app_context():
            db.create_all()
        made.append(app)
        return app

    yield build
    for app in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def _populate(app, client):
    """Three complaints (two with files), two WBS reports with files and a reporter message with a file,
    three survey responses. Returns what the restored instance must show."""
    categories = load_categories(app)
    cases = []
    for i, files in enumerate([[upload(pdf_bytes(3000), "bukti.pdf"), upload(jpeg_with_gps(), "foto.jpg")],
                               [], [upload(pdf_bytes(), "surat.pdf")]]):
        number, code = submit_ok(client, categories["pelayanan"], files=files,
                                 subject=f"Aduan cadangan nomor {i} tentang antrean")
        cases.append((number, code, f"Aduan cadangan nomor {i} tentang antrean"))
    receipts = []
    response, receipt = wbs_helpers.submit(
        client, files=[("bukti.pdf", wbs_helpers.pdf_with_author()),
                       ("foto.jpg", wbs_helpers.jpeg_with_gps())],
        accept_pdf_metadata="y")
    assert receipt, response.get_data(as_text=True)[:2000]
    receipts.append(receipt)
    response, receipt = wbs_helpers.submit(client,
                                           what="Laporan kedua: pengadaan logistik diatur pemenangnya.")
    assert receipt
    receipts.append(receipt)
    reply = client.post("/wbs/lacak/balas", data={
        "receipt": receipts[0], "body": "PESAN-KANARI-4412 tambahan bukti dari pelapor",
        "files": [(io.BytesIO(pdf_bytes(500)), "tambahan.pdf")],
    }, content_type="multipart/form-data", follow_redirects=True)  # POST-redirect-GET (F1)
    assert reply.status_code == 200 and "terkirim" in reply.get_data(as_text=True)
    make_service(app, survey_open=True)
    for row in HAND[:3]:
        assert post_survey(client, "layanan-ppid", row).status_code == 302
    with app.app_context():
        cipher = get_cipher()
        folder = app.config["UPLOAD_FOLDER"]
        wbs_files = {
            wbs_service.attachment_name(cipher, a): wbs_service.read_attachment(cipher, folder, a)
            for a in db.session.scalars(select(WbsAttachment))
        }
        dumas_files = {a.stored_name: a.sha256 for a in db.session.scalars(select(ComplaintAttachment))}
        counts = {m.__tablename__: db.session.scalar(select(func.count()).select_from(m)) for m in (
            Complaint, ComplaintAttachment, WbsReport, WbsMessage, WbsAttachment, SurveyResponse)}
    assert len(dumas_files) == 3 and len(wbs_files) == 3
    assert counts["wbs_messages"] >= 1 and counts["survey_responses"] == 3
    return {"cases": cases, "receipts": receipts, "wbs_files": wbs_files, "dumas_files": dumas_files,
            "counts": counts}


def _backup(app, dest: Path, *args: str) -> Path:
    result = app.test_cli_runner().invoke(args=["backup", str(dest), *args])
    assert result.exit_code == 0, result.output + repr(result.exception)
    archives = sorted(dest.glob("*.tar.gz")) if dest.is_dir() else [dest]
    assert len(archives) == 1
    return archives[0]


def _restore(app, archive: Path, *args: str):
    return app.test_cli_runner().invoke(args=["restore", str(archive), *args])


def _check_restored(target, expected):
    client = target.test_client()
    # every complaint, by its number and access code (the code is an HMAC keyed by the restored SECRET_KEY)
    for number, code, subject in expected["cases"]:
        page = client.post("/pengaduan/lacak", data={"number": number, "code": code})
        assert page.status_code == 200 and subject in page.get_data(as_text=True), number
    # every WBS report by its receipt, decrypted with the restored key, with the reporter's message
    first = wbs_helpers.track(client, expected["receipts"][0]).get_data(as_text=True)
    assert wbs_helpers.SECRET_TEXT in first and "PESAN-KANARI-4412" in first
    second = wbs_helpers.track(client, expected["receipts"][1]).get_data(as_text=True)
    assert "Laporan kedua: pengadaan logistik" in second
    with target.app_context():
        cipher = get_cipher()
        folder = Path(target.config["UPLOAD_FOLDER"])
        restored_wbs = {
            wbs_service.attachment_name(cipher, a): wbs_service.read_attachment(cipher, str(folder), a)
            for a in db.session.scalars(select(WbsAttachment))
        }
        assert restored_wbs == expected["wbs_files"]  # same names, same decrypted bytes
        for stored_name, sha in expected["dumas_files"].items():
            data = (folder / "dumas" / stored_name).read_bytes()
            assert hashlib.sha256(data).hexdigest() == sha
        counts = {m.__tablename__: db.session.scalar(select(func.count()).select_from(m)) for m in (
            Complaint, ComplaintAttachment, WbsReport, WbsMessage, WbsAttachment, SurveyResponse)}
        assert counts == expected["counts"]
        answers = sorted(tuple(r.answers().values()) for r in db.session.scalars(select(SurveyResponse)))
        assert answers == sorted(tuple(row) for row in HAND[:3])
        assert db.session.scalar(select(ComplaintCounter.last_seq)) == len(expected["cases"])
    # the instance keeps working: the next complaint gets the next number (counter and id sequences restored)
    number, _code = submit_ok(client, _category_ids(target)["pelayanan"],
                              files=[upload(pdf_bytes(), "baru.pdf")])
    assert number.endswith(f"-{len(expected['cases']) + 1:05d}")
    _response, receipt = wbs_helpers.submit(client)
    assert receipt


def _category_ids(app):
    from portal.dumas.models import Category

    with app.app_context():
        return {c.slug: c.id for c in db.session.scalars(select(Category))}


# --------------------------------------------------------------------------------------------- tests
def test_backup_and_restore_into_an_empty_instance(app, client, fresh_instance, tmp_path):
    expected = _populate(app, client)
    archive = _backup(app, tmp_path / "cadangan")
    assert archive.stat().st_mode & 0o777 == 0o600

    with tarfile.open(archive, "r:gz") as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["format"] == "portal-backup"
    assert manifest["database"]["backend"] == ("postgresql" if "postgresql" in app.config[
        "SQLALCHEMY_DATABASE_URI"] else "sqlite")
    assert manifest["tables"]["complaints"]["rows"] == 3 and manifest["tables"]["wbs_reports"]["rows"] == 2
    # DUMAS files only: WBS files are encrypted blobs in the database (issue 10, A5)
    assert manifest["upload_files"] == 3 and manifest["missing_files"] == [] and manifest["warnings"] == []
    assert manifest["versions"]["portal-zi"] and manifest["versions"]["SQLAlchemy"]
    assert {"keys/secret_key", "keys/wbs.key", "db/complaints.jsonl"} <= set(names)
    assert sum(n.startswith("uploads/wbs/") for n in names) == 0
    for name, meta in manifest["files"].items():  # the manifest hashes are the archived bytes
        with tarfile.open(archive, "r:gz") as tar:
            assert hashlib.sha256(tar.extractfile(name).read()).hexdigest() == meta["sha256"], name
    # WBS content stays ciphertext in the dump (the key is a separate file)
    with tarfile.open(archive, "r:gz") as tar:
        dump = tar.extractfile("db/wbs_reports.jsonl").read().decode()
    assert wbs_helpers.SECRET_TEXT not in dump

    target = fresh_instance()
    result = _restore(target, archive)
    assert result.exit_code == 0, result.output + repr(result.exception)
    assert "jumlah cocok dengan manifest" in result.output
    assert "kunci WBS cocok dengan basis data" in result.output
    assert (Path(target.instance_path) / "wbs.key").stat().st_mode & 0o777 == 0o600
    _check_restored(target, expected)


def test_postgres_backup_restores_into_sqlite(app, client, fresh_instance, tmp_path, db_backend):
    """The dump does not depend on the backend: the disaster drill restores production into SQLite."""
    if db_backend != "postgres":
        pytest.skip("the PostgreSQL -> SQLite direction runs with --db postgres")
    expected = _populate(app, client)
    archive = _backup(app, tmp_path / "cadangan")
    target = fresh_instance("sqlite")
    result = _restore(target, archive)
    assert result.exit_code == 0, result.output + repr(result.exception)
    _check_restored(target, expected)


def test_restore_refuses_a_non_empty_instance_unless_forced(app, client, fresh_instance, tmp_path):
    expected = _populate(app, client)
    archive = _backup(app, tmp_path / "cadangan")
    target = fresh_instance()
    assert _restore(target, archive).exit_code == 0
    tc = target.test_client()
    submit_ok(tc, _category_ids(target)["pelayanan"], files=[upload(pdf_bytes(), "x.pdf")])

    again = _restore(target, archive)
    assert again.exit_code != 0
    assert "tidak kosong" in again.output and "complaints: 4 baris" in again.output
    with target.app_context():  # nothing changed
        assert db.session.scalar(select(func.count()).select_from(Complaint)) == 4

    forced = _restore(target, archive, "--force")
    assert forced.exit_code == 0, forced.output + repr(forced.exception)
    assert "folder unggahan lama dipindahkan" in forced.output
    aside = list(Path(target.config["UPLOAD_FOLDER"]).parent.glob("uploads.before-restore-*"))
    assert len(aside) == 1 and any(p.is_file() for p in aside[0].rglob("*"))  # moved, never deleted
    with target.app_context():
        assert db.session.scalar(select(func.count()).select_from(Complaint)) == 3
    _check_restored(target, expected)


def test_damaged_or_foreign_archives_are_refused_before_anything_is_written(app, client, fresh_instance,
                                                                            tmp_path):
    _populate(app, client)
    archive = _backup(app, tmp_path / "cadangan")
    # flip one uploaded file's bytes but keep the manifest
    damaged = tmp_path / "rusak.tar.gz"
    unsafe = tmp_path / "jahat.tar.gz"
    flipped = False
    with tarfile.open(archive, "r:gz") as src, tarfile.open(damaged, "w:gz") as out, \
            tarfile.open(unsafe, "w:gz") as evil:
        for member in src:
            data = src.extractfile(member).read()
            if member.name.startswith("uploads/dumas/") and not flipped:
                data, flipped = b"X" + data[1:], True
            out.addfile(member, io.BytesIO(data))
            evil.addfile(member, io.BytesIO(data))
        info = tarfile.TarInfo("../luar.txt")
        info.size = 3
        evil.addfile(info, io.BytesIO(b"abc"))
    target = fresh_instance()
    bad = _restore(target, damaged)
    assert bad.exit_code != 0 and "rusak" in bad.output
    worse = _restore(target, unsafe)
    assert worse.exit_code != 0 and "tidak aman" in worse.output
    assert not (Path(target.config["UPLOAD_FOLDER"]).parent.parent / "luar.txt").exists()
    with target.app_context():
        from sqlalchemy import inspect

        tables = inspect(db.engine).get_table_names()
        if "complaints" in tables:
            assert db.session.scalar(select(func.count()).select_from(Complaint)) == 0
    assert not any(p.is_file() for p in Path(target.config["UPLOAD_FOLDER"]).rglob("*"))
    ok = _restore(target, archive)
    assert ok.exit_code == 0, ok.output


def test_backup_without_keys_says_so_and_restore_asks_for_them(app, client, fresh_instance, tmp_path):
    expected = _populate(app, client)
    archive = _backup(app, tmp_path / "tanpa-kunci.tar.gz", "--no-keys")
    with tarfile.open(archive, "r:gz") as tar:
        assert not [n for n in tar.getnames() if n.startswith("keys/")]
    target = fresh_instance()
    result = _restore(target, archive)
    assert result.exit_code == 0, result.output
    assert "arsip tanpa kunci" in result.output
    assert "Kunci WBS tidak ditemukan" in result.output  # the fingerprint check says what is missing
    # with the key put back from its separate backup, everything reads again
    key = Path(app.instance_path) / "wbs.key"
    (Path(target.instance_path) / "wbs.key").write_text(key.read_text())
    _check_restored(target, expected)


def test_backup_errors_are_literal_messages_with_parameters(tmp_path):
    """Translatable when read (portal/core/errors.py); the file name is a parameter, not part of the text."""
    from portal.admin import backup

    with pytest.raises(backup.BackupError) as unsafe:
        backup._safe_member_path("../etc/passwd")
    assert unsafe.value.msgid == "Arsip memuat nama berkas yang tidak aman: %(name)r"
    assert unsafe.value.message == "Arsip memuat nama berkas yang tidak aman: '../etc/passwd'"
    broken = tmp_path / "rusak.tar.gz"
    broken.write_bytes(b"bukan arsip")
    with pytest.raises(backup.BackupError) as unreadable:
        backup.extract_archive(broken, tmp_path)
    assert unreadable.value.msgid == "Arsip cadangan tidak dapat dibaca (%(kind)s: %(error)s)."
    assert unreadable.value.params["kind"] == "ReadError"
