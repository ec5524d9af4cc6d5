"""Helpers for the public DUMAS tests: valid form data, sample files built in memory, and checks that a
refused submission wrote nothing (no row, no counter, no file)."""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from PIL import Image
from sqlalchemy import func, select

from portal.dumas import service as complaints
from portal.dumas.models import (
    Category,
    Complaint,
    ComplaintAttachment,
    ComplaintCounter,
    ComplaintFollowUp,
)
from portal.extensions import db

MB = 1024 * 1024


def load_categories(app) -> dict[str, int]:
    with app.app_context():
        complaints.load_default_categories(db.session)
        db.session.commit()
        return {c.slug: c.id for c in db.session.scalars(select(Category))}


def form_data(category_id: int, **overrides) -> dict:
    data = {
        "reporter_name": "Siti Aminah",
        "reporter_email": "siti@contoh.example",
        "reporter_phone": "",
        "category_id": str(category_id),
        "subject": "Antrean layanan salinan DPT terlalu lama",
        "description": "Saya menunggu lebih dari tiga jam di loket layanan tanpa kejelasan dari petugas.",
        "event_place": "Kantor KPU Kabupaten Kebumen",
        "event_date": "2026-01-05",
        "consent": "y",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def pdf_bytes(size: int = 0) -> bytes:
    """A minimal well-formed one-page PDF (pikepdf must be able to read it), padded to about `size` bytes."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"]
    head = b"%PDF-1.4\n"
    if size:
        head += b"%" + b"0" * max(0, size - 330) + b"\n"
    return pdf_document(head, objects)


def pdf_document(head: bytes, objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF file: `head`, then `objects` numbered from 1 (the first is the catalog), the cross-reference
    table and the trailer (`trailer`: more trailer entries, e.g. b" /Info 5 0 R")."""
    body = head
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (i, obj)
    xref = len(body)
    size = len(objects) + 1
    body += b"xref\n0 %d\n0000000000 65535 f \n" % size
    body += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    return body + b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (size, trailer, xref)


def jpeg_with_gps(size=(64, 32), orientation: int | None = None) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "KameraUji"  # Make
    exif[0x0131] = "Perangkat lunak rahasia"  # Software
    if orientation:
        exif[0x0112] = orientation
    exif[0x8825] = {1: "S", 2: (7.0, 40.0, 12.5), 3: "E", 4: (109.0, 39.0, 1.0)}  # GPSInfo IFD
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, icc_profile=b"\0" * 128)
    return out.getvalue()


def png_with_text() -> bytes:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Nama Asli Pelapor")
    info.add_text("Comment", "lokasi rumah")
    image = Image.new("RGBA", (16, 16), (0, 128, 0, 128))
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info)
    return out.getvalue()


def docx_bytes(extra: dict[str, bytes] | None = None, content_types: bytes | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types or (
            b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            b'officedocument.wordprocessingml.document.main+xml"/></Types>'))
        archive.writestr("_rels/.rels", (
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'officeDocument" Target="word/document.xml"/></Relationships>'))
        archive.writestr("word/document.xml", (
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>'
            b'<w:r><w:t>Bukti</w:t></w:r></w:p></w:body></w:document>'))
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def docx_zip_bomb() -> bytes:
    """A well-formed DOCX whose parts inflate to 80 MB from well under 1 MB."""
    return docx_bytes({f"word/media/image{i}.bin": b"\0" * (20 * MB) for i in range(4)})


def exe_bytes() -> bytes:
    dos_header = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    return dos_header + b"\0" * 48 + b"PE\0\0" + b"\0" * 200


def upload(data: bytes, name: str):
    return (io.BytesIO(data), name)


def post_complaint(client, data: dict, files: list | None = None):
    payload = dict(data)
    if files:
        payload["attachments"] = files
    return client.post("/pengaduan", data=payload, content_type="multipart/form-data")


def read_receipt(client) -> tuple[str, str]:
    html = client.get("/pengaduan/tanda-terima").get_data(as_text=True)
    number = re.search(r'id="nomor-pengaduan">([^<]+)<', html)
    code = re.search(r'id="kode-akses">([^<]+)<', html)
    assert number and code, html[:2000]
    return number.group(1), code.group(1)


def submit_ok(client, category_id: int, files: list | None = None, **overrides) -> tuple[str, str]:
    response = post_complaint(client, form_data(category_id, **overrides), files)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    assert response.headers["Location"].endswith("/pengaduan/tanda-terima")
    return read_receipt(client)


def uploaded_files(app) -> list[Path]:
    root = Path(app.config["UPLOAD_FOLDER"])
    return sorted(p for p in root.rglob("*") if p.is_file())


def assert_nothing_written(app) -> None:
    with app.app_context():
        for model in (Complaint, ComplaintFollowUp, ComplaintAttachment, ComplaintCounter):
            assert db.session.scalar(select(func.count()).select_from(model)) == 0, model.__name__
    assert uploaded_files(app) == []
