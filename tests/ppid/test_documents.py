"""DIP documents: uploads checked by content and cleaned (portal/core/attachments.py) and kept in the
database, refused files write nothing, public download of a published entry's document only, removal keeps
the history."""
from __future__ import annotations

import io
from datetime import date

from PIL import Image
from sqlalchemy import select

from portal.extensions import db
from portal.ppid import service as ppid
from portal.ppid.models import DipDocument, DipEntry
from tests.dumas_public_helpers import jpeg_with_gps, pdf_bytes
from tests.ppid.test_ppid import add_entry, dip_values, form, text
from tests.security_helpers import row_counts, upload_files


def _post(client, url, values, *files):
    data = {**form(values), "documents": [(io.BytesIO(data), name) for name, data in files]}
    return client.post(url, data=data, content_type="multipart/form-data")


def test_a_photo_is_cleaned_and_offered_as_a_download(app, client, login_as):
    login_as("ppid")
    response = _post(client, "/admin/ppid/dip/baru", dip_values(), ("foto kegiatan.jpg", jpeg_with_gps()),
                     ("laporan.pdf", pdf_bytes()))
    assert response.status_code == 302, text(response)[:1500]
    with app.app_context():
        entry = db.session.scalars(select(DipEntry)).one()
        documents = [(d.id, d.original_name, d.content_type) for d in entry.documents]
        photo = entry.documents[0].data
        entry_id = entry.id
    assert [d[2] for d in documents] == ["image/jpeg", "application/pdf"]
    assert 0x8825 not in Image.open(io.BytesIO(photo)).getexif()  # the GPS position is gone
    assert upload_files(app) == []  # kept in the database, not in the upload folder
    page = text(client.get(f"/ppid/dip/{entry_id}"))
    assert "foto_kegiatan.jpg" in page or "foto kegiatan.jpg" in page
    download = client.get(f"/ppid/dip/{entry_id}/unduh/{documents[0][0]}")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.data == photo
    api = client.get(f"/api/v1/ppid/dip/{entry_id}").get_json()
    assert [d["content_type"] for d in api["documents"]] == ["image/jpeg", "application/pdf"]


def test_a_disguised_file_is_refused_beside_the_field_and_nothing_is_written(app, client, login_as):
    login_as("editor")
    before = row_counts(app, exclude=("audit_log",))
    response = _post(client, "/admin/ppid/dip/baru", dip_values(), ("laporan.pdf", b"MZ\x90\x00 not a pdf"),
                     ("ok.pdf", pdf_bytes()))
    assert response.status_code == 400
    assert 'id="documents-error"' in response.get_data(as_text=True)
    assert row_counts(app, exclude=("audit_log",)) == before
    assert upload_files(app) == []


def test_a_refused_save_keeps_no_file(app, client, login_as):
    entry_id = add_entry(app)
    login_as("ppid")
    response = _post(client, f"/admin/ppid/dip/{entry_id}/ubah", dip_values(title=""), ("a.pdf", pdf_bytes()))
    assert response.status_code == 400
    values = dip_values(link_url="ftp://bukan-web")  # passes the form, refused by the domain
    response = _post(client, f"/admin/ppid/dip/{entry_id}/ubah", values, ("a.pdf", pdf_bytes()))
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalars(select(DipDocument)).all() == []
        assert db.session.get(DipEntry, entry_id).version == 1


def test_a_document_alone_is_a_change_and_a_removed_one_leaves_the_public_page(app, client, login_as):
    entry_id = add_entry(app)
    login_as("ppid")
    response = _post(client, f"/admin/ppid/dip/{entry_id}/ubah", dip_values(), ("a.pdf", pdf_bytes()))
    assert response.status_code == 302
    with app.app_context():
        document_id = db.session.scalars(select(DipDocument.id)).one()
        assert db.session.get(DipEntry, entry_id).version == 2
    assert client.get(f"/ppid/dip/{entry_id}/unduh/{document_id}").status_code == 200
    assert client.post(f"/admin/ppid/dip/{entry_id}/dokumen/{document_id}/hapus").status_code == 302
    assert client.get(f"/ppid/dip/{entry_id}/unduh/{document_id}").status_code == 404
    assert client.get(f"/ppid/dip/{entry_id + 1}/unduh/{document_id}").status_code == 404
    with app.app_context():
        assert db.session.get(DipDocument, document_id).removed_at is not None  # kept: history


def test_documents_of_a_withdrawn_entry_are_not_served(app, client):
    with app.app_context():
        entry = ppid.create_dip(db.session, dip_values(updated_on=date(2026, 1, 1)), None)
        db.session.flush()
        entry.documents.append(DipDocument(original_name="x.pdf", content_type="application/pdf", size=1,
                                           sha256="0" * 64, data=b"%PDF"))
        ppid.withdraw_dip(db.session, entry, None)
        db.session.commit()
        entry_id, document_id = entry.id, entry.documents[0].id
    assert client.get(f"/ppid/dip/{entry_id}/unduh/{document_id}").status_code == 404
