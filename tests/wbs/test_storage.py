"""Issue 10, A4 and A5: WBS attachments are encrypted blobs in the database, named lampiran-N.<ext>.

- nothing under UPLOAD_FOLDER (no file, no folder, not the folder itself) is created or changed by a report,
  a reporter's reply, a team message or the purge: a file's ctime/birth time or a folder's mtime would date
  a submission to the second;
- the stored blob decrypts to exactly the cleaned file;
- the reporter's original file name is stored nowhere (not even encrypted) and shown nowhere;
- legacy rows that name a ciphertext file on disk are still read, and `flask wbs-files-to-db` moves them in.
"""
from __future__ import annotations

import io
import os
import secrets
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select, text
from werkzeug.datastructures import FileStorage

from portal.accounts.models import User
from portal.extensions import db
from portal.wbs import get_cipher, service
from portal.wbs.models import WbsAttachment, WbsReport
from portal.wbs.uploads import clean_uploads
from tests.dumas_public_helpers import pdf_bytes
from tests.wbs_helpers import CAMERA, docx_with_author, jpeg_with_gps, submit, track

ORIGINAL = "IMG_20261201_081530_HDR.jpg"


def _tree(root: Path) -> dict[str, tuple[int, int, int]]:
    """(mtime, ctime, size) of the root and of every file and folder under it."""
    out = {}
    for path in [root, *sorted(root.rglob("*"))]:
        st = os.stat(path)
        out[str(path.relative_to(root))] = (st.st_mtime_ns, st.st_ctime_ns, st.st_size)
    return out


def _prepare_upload_folder(app) -> Path:
    """An upload folder as a running portal has it: DUMAS and ZI areas with a file each."""
    root = Path(app.config["UPLOAD_FOLDER"])
    for area in ("dumas", "zi"):
        (root / area).mkdir(parents=True, exist_ok=True)
        (root / area / f"{secrets.token_hex(8)}.pdf").write_bytes(pdf_bytes(100))
    return root


def test_no_wbs_action_creates_or_touches_anything_under_the_upload_folder(app, client, login_as):
    root = _prepare_upload_folder(app)
    before = _tree(root)

    response, receipt = submit(client, files=[(ORIGINAL, jpeg_with_gps()),
                                              ("surat.docx", docx_with_author())])
    assert response.status_code == 200 and receipt
    reply = client.post("/wbs/lacak/balas", data={
        "receipt": receipt, "body": "Tambahan", "files": [(io.BytesIO(pdf_bytes(600)), "tambahan.pdf")]},
        content_type="multipart/form-data", follow_redirects=True)  # POST-redirect-GET (F1)
    assert reply.status_code == 200 and "terkirim" in reply.get_data(as_text=True)
    staff = login_as("wbs")
    with app.app_context():
        rid = db.session.scalar(select(WbsReport.id))
    sent = client.post(f"/admin/wbs/{rid}/pesan", data={
        "body": "Dari tim", "send_to_reporter": "y", "files": [(io.BytesIO(jpeg_with_gps()), "tim.jpg")]},
        content_type="multipart/form-data")
    assert sent.status_code == 302
    with app.app_context():
        report = db.session.get(WbsReport, rid)
        service.transition(db.session, get_cipher(), report, db.session.get(User, staff.id), "ditolak",
                           outcome="Tidak cukup bukti.")
        report.closed_on = date.today() - timedelta(days=40)
        db.session.commit()
    purge = app.test_cli_runner().invoke(args=["wbs-purge", "--older-than-days", "30"])
    assert purge.exit_code == 0 and "1 laporan WBS dihapus isinya (4 berkas)" in purge.output, purge.output

    assert not (root / "wbs").exists()
    assert _tree(root) == before  # no entry created, removed or changed, the folder itself included
    with app.app_context():
        assert db.session.scalar(select(WbsAttachment.id)) is None  # the purged blobs went with their rows


def test_decrypted_blob_equals_the_cleaned_file(app, client):
    original = jpeg_with_gps()
    docx = docx_with_author()
    _response, receipt = submit(client, files=[(ORIGINAL, original), ("surat.docx", docx)])
    assert receipt
    with app.test_request_context():
        expected = [f.data for f in clean_uploads(
            [FileStorage(io.BytesIO(original), ORIGINAL, content_type="image/jpeg"),
             FileStorage(io.BytesIO(docx), "surat.docx")], app.config, accept_pdf_metadata=False)]
    with app.app_context():
        cipher = get_cipher()
        rows = db.session.scalars(select(WbsAttachment).order_by(WbsAttachment.id)).all()
        assert [r.stored_name for r in rows] == [None, None]
        blobs = [bytes(r.data_enc) for r in rows]
        plain = [cipher.decrypt_bytes(b, "attachment.data") for b in blobs]
        via_service = [service.read_attachment(cipher, app.config["UPLOAD_FOLDER"], r) for r in rows]
    assert plain == expected == via_service
    assert CAMERA.encode() not in plain[0] and plain[0].startswith(b"\xff\xd8")
    for blob, clear in zip(blobs, plain, strict=True):
        assert clear not in blob and not blob.startswith(b"\xff\xd8") and not blob.startswith(b"PK")


def test_blob_is_not_loaded_with_the_attachment_list(app, client):
    submit(client, files=[(ORIGINAL, jpeg_with_gps())])
    with app.app_context():
        report = db.session.scalar(select(WbsReport))
        (att,) = report.attachments
        assert "data_enc" not in att.__dict__  # deferred: lists and the case page never pull the blob
        assert att.data_enc  # loaded on demand


def test_files_are_named_lampiran_n_everywhere_and_the_original_name_is_stored_nowhere(app, client, login_as):
    _, receipt = submit(client, files=[(ORIGINAL, jpeg_with_gps()), ("surat-budi.docx", docx_with_author())])
    login_as("wbs")
    with app.app_context():
        rid = db.session.scalar(select(WbsReport.id))
    client.post(f"/admin/wbs/{rid}/pesan", data={
        "body": "Dari tim", "send_to_reporter": "y",
        "files": [(io.BytesIO(pdf_bytes(500)), "nota-dinas-tim.pdf")]}, content_type="multipart/form-data")
    reporter = app.test_client()
    reply = reporter.post("/wbs/lacak/balas", data={
        "receipt": receipt, "body": "Tambahan",
        "files": [(io.BytesIO(jpeg_with_gps()), "WA_0815_pelapor.jpg")]},
        content_type="multipart/form-data", follow_redirects=True)  # POST-redirect-GET (F1)
    assert reply.status_code == 200 and "terkirim" in reply.get_data(as_text=True)
    originals = (ORIGINAL, "IMG_2026", "surat-budi", "nota-dinas-tim", "WA_0815")

    team_page = client.get(f"/admin/wbs/{rid}").get_data(as_text=True)
    for shown in ("lampiran-1.jpg", "lampiran-2.docx", "lampiran-3.pdf", "lampiran-4.jpg"):
        assert shown in team_page, shown
    track_page = track(reporter, receipt).get_data(as_text=True)
    for shown in ("lampiran-1.jpg", "lampiran-2.docx", "Unduh lampiran-3.pdf", "Unduh lampiran-4.jpg"):
        assert shown in track_page, shown
    for name in originals:
        assert name not in team_page and name not in track_page, name

    with app.app_context():
        ids = db.session.scalars(select(WbsAttachment.id).order_by(WbsAttachment.id)).all()
        with db.engine.connect() as conn:
            assert set(conn.execute(text("SELECT name_enc FROM wbs_attachments")).scalars()) == {""}
            assert set(conn.execute(text("SELECT stored_name FROM wbs_attachments")).scalars()) == {None}
    team_download = client.get(f"/admin/wbs/{rid}/lampiran/{ids[1]}")
    assert team_download.status_code == 200
    assert "lampiran-2.docx" in team_download.headers["Content-Disposition"]
    reporter_download = reporter.post("/wbs/lacak/berkas", data={"receipt": receipt, "attachment_id": ids[2]})
    assert reporter_download.status_code == 200
    assert "lampiran-3.pdf" in reporter_download.headers["Content-Disposition"]
    for name in originals:
        assert name not in team_download.headers["Content-Disposition"]


def _legacy_row(app, report_id: int, data: bytes, original: str) -> tuple[int, str]:
    """A row as written before migration 0004: ciphertext file on disk, encrypted original name."""
    with app.app_context():
        cipher = get_cipher()
        folder = Path(app.config["UPLOAD_FOLDER"]) / "wbs"
        folder.mkdir(parents=True, exist_ok=True)
        stored = secrets.token_hex(20) + ".bin"
        (folder / stored).write_bytes(cipher.encrypt_bytes(data, "attachment.data"))
        row = WbsAttachment(report_id=report_id, by_reporter=True, stored_name=stored, data_enc=None,
                            name_enc=cipher.encrypt(original, "attachment.name"),
                            content_type="application/pdf",
                            size=len(data), uploaded_on=date.today(), cleaning_note="")
        db.session.add(row)
        db.session.commit()
        return row.id, stored


def test_legacy_files_are_read_and_moved_into_the_database(app, client, login_as):
    _, receipt = submit(client)
    with app.app_context():
        rid = db.session.scalar(select(WbsReport.id))
    content = pdf_bytes(1200)
    att_id, stored = _legacy_row(app, rid, content, "laporan_budi_santoso.pdf")
    legacy_file = Path(app.config["UPLOAD_FOLDER"]) / "wbs" / stored
    login_as("wbs")
    page = client.get(f"/admin/wbs/{rid}").get_data(as_text=True)
    assert "lampiran-1.pdf" in page and "budi_santoso" not in page  # old rows show lampiran-N too
    download = client.get(f"/admin/wbs/{rid}/lampiran/{att_id}")
    assert download.status_code == 200 and download.data == content  # read from the legacy file
    assert "lampiran-1.pdf" in download.headers["Content-Disposition"]

    check = app.test_cli_runner().invoke(args=["check-uploads"])
    assert check.exit_code == 0, check.output  # the legacy file is referenced: no orphan, nothing missing

    moved = app.test_cli_runner().invoke(args=["wbs-files-to-db"])
    assert moved.exit_code == 0 and "1 lampiran WBS dipindahkan ke basis data" in moved.output, moved.output
    assert not legacy_file.exists() and not legacy_file.parent.exists()
    with app.app_context():
        row = db.session.get(WbsAttachment, att_id)
        assert row.stored_name is None and row.data_enc
    again = client.get(f"/admin/wbs/{rid}/lampiran/{att_id}")
    assert again.status_code == 200 and again.data == content
    assert track(app.test_client(), receipt).status_code == 200
    rerun = app.test_cli_runner().invoke(args=["wbs-files-to-db"])
    assert rerun.exit_code == 0 and "0 lampiran WBS dipindahkan" in rerun.output


def test_legacy_row_whose_file_is_gone_gives_a_clear_message(app, client, login_as):
    submit(client)
    with app.app_context():
        rid = db.session.scalar(select(WbsReport.id))
    att_id, stored = _legacy_row(app, rid, pdf_bytes(300), "x.pdf")
    (Path(app.config["UPLOAD_FOLDER"]) / "wbs" / stored).unlink()
    login_as("wbs")
    response = client.get(f"/admin/wbs/{rid}/lampiran/{att_id}", follow_redirects=True)
    assert "Berkas lampiran tidak ditemukan di penyimpanan." in response.get_data(as_text=True)
    moved = app.test_cli_runner().invoke(args=["wbs-files-to-db"])
    assert moved.exit_code == 0 and "1 berkas tidak ditemukan" in moved.output


def test_the_form_stash_keeps_no_original_file_name_even_inside_its_encryption(app, client):
    """Files that passed their checks are stashed (sealed with the WBS key) while the reporter corrects the
    form (issue 10 F3). The stash, too, stores lampiran-N names only: the original name is stored nowhere
    (A4), not even encrypted, and not on the page that lists the stash."""
    import re

    from portal.core import form_tokens
    from portal.core.models.form_token import FormStashFile
    from portal.wbs.service import CleanFile
    from tests.wbs_helpers import report_data

    form_page = client.get("/wbs/lapor").get_data(as_text=True)
    token = re.search(r'name="form_token"[^>]*value="([^"]+)"', form_page)
    assert token
    token = token.group(1)
    data = {k: v for k, v in report_data().items() if k != "good_faith"}  # refused: good faith not confirmed
    refused = client.post("/wbs/lapor", data={**data, "form_token": token, "files": [
        (io.BytesIO(jpeg_with_gps()), ORIGINAL), (io.BytesIO(docx_with_author()), "surat-budi.docx")]},
        content_type="multipart/form-data")
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert "lampiran-1.jpg" in html and "lampiran-2.docx" in html
    assert "IMG_2026" not in html and "surat-budi" not in html
    with app.app_context():
        cipher = get_cipher()
        rows = db.session.scalars(select(FormStashFile).order_by(FormStashFile.position)).all()
        assert len(rows) == 2
        plain = [cipher.decrypt_bytes(row.payload, "stash:" + row.token_hash) for row in rows]
        for payload in plain:
            assert b"IMG_2026" not in payload and b"surat-budi" not in payload
        stashed = form_tokens.stashed_files(db.session, token, CleanFile,
                                            unseal=lambda p, d: cipher.decrypt_bytes(p, "stash:" + d))
        assert [s.item.name for s in stashed] == ["lampiran-1.jpg", "lampiran-2.docx"]
        db.session.rollback()
    filed = client.post("/wbs/lapor", data={**report_data(), "form_token": token},
                        content_type="multipart/form-data")
    assert filed.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(text("count(*)")).select_from(FormStashFile)) == 0
        names = [service.attachment_name(None, a) for a in db.session.scalars(select(WbsAttachment)
                                                                             .order_by(WbsAttachment.id))]
        assert names == ["lampiran-1.jpg", "lampiran-2.docx"]
