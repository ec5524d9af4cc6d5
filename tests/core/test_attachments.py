"""The shared attachment service: content sniffing, image metadata stripping, DOCX/zip-bomb checks, name
sanitising, storage under random names, cleanup on failure — and the same rules through the DUMAS form."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from portal.core import attachments as att
from portal.dumas import service as complaints
from portal.dumas.models import Complaint, ComplaintAttachment
from portal.extensions import db
from tests.dumas_public_helpers import (
    MB,
    assert_nothing_written,
    docx_bytes,
    docx_zip_bomb,
    exe_bytes,
    form_data,
    jpeg_with_gps,
    load_categories,
    pdf_bytes,
    png_with_text,
    post_complaint,
    submit_ok,
    upload,
    uploaded_files,
)

POLICY = att.UploadPolicy()


# --- the service on its own -----------------------------------------------------------------------------

def test_detects_types_by_content_not_name():
    prepared = att.prepare([
        att.Upload("scan.jpg", pdf_bytes()),
        att.Upload("surat", docx_bytes()),
        att.Upload("foto.png", jpeg_with_gps()),
    ], POLICY)
    assert [(p.display_name, p.content_type) for p in prepared] == [
        ("scan.pdf", "application/pdf"),
        ("surat.docx", att.DOCX_CONTENT_TYPE),
        ("foto.jpg", "image/jpeg"),
    ]


@pytest.mark.parametrize("name,data", [
    ("program.pdf", exe_bytes()),
    ("catatan.pdf", b"ini hanya teks biasa, bukan PDF"),
    ("arsip.docx", b"PK\x03\x04" + b"\0" * 60),  # zip header, not a readable archive
    ("gambar.gif", (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00"
                    b"!\xf9\x04\x00\x00\x00\x00\x00,"
                    b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")),
])
def test_refuses_other_content(name, data):
    with pytest.raises(att.AttachmentError) as err:
        att.prepare([att.Upload(name, data)], POLICY)
    assert err.value.errors == [f"Berkas \u201c{name}\u201d bukan PDF, JPG, PNG atau DOCX."]


def test_plain_zip_without_word_parts_is_not_docx():
    buf = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("a.txt", "halo")
    with pytest.raises(att.AttachmentError, match="bukan PDF, JPG, PNG atau DOCX"):
        att.prepare([att.Upload("berkas.docx", buf.getvalue())], POLICY)


def test_docx_zip_bomb_refused_by_declared_size():
    bomb = docx_zip_bomb()
    assert len(bomb) < 1 * MB
    with pytest.raises(att.AttachmentError, match="zip bomb"):
        att.prepare([att.Upload("laporan.docx", bomb)], POLICY)


def test_docx_with_too_many_entries_refused():
    many = docx_bytes({f"word/part{i}.xml": b"<x/>" for i in range(30)})
    with pytest.raises(att.AttachmentError, match="terlalu banyak bagian"):
        att.prepare([att.Upload("a.docx", many)], att.UploadPolicy(docx_max_entries=20))


def test_docx_with_macros_refused():
    with pytest.raises(att.AttachmentError, match="makro"):
        att.prepare([att.Upload("a.docx", docx_bytes({"word/vbaProject.bin": b"\0" * 10}))], POLICY)


def test_oversize_and_empty_and_count():
    big = att.Upload("besar.pdf", pdf_bytes(10 * MB + 10))
    with pytest.raises(att.AttachmentError) as err:
        att.prepare([big, att.Upload("kosong.pdf", b"")], POLICY)
    assert err.value.errors == ["Berkas \u201cbesar.pdf\u201d melebihi 10 MB.",
                                "Berkas \u201ckosong.pdf\u201d kosong."]
    with pytest.raises(att.AttachmentError, match="Maksimal 5 berkas"):
        att.prepare([att.Upload(f"{i}.pdf", pdf_bytes()) for i in range(6)], POLICY)
    three = [att.Upload(f"{i}.pdf", pdf_bytes()) for i in range(3)]
    assert len(att.prepare(three, att.UploadPolicy(max_files=3))) == 3


def test_read_uploads_reads_at_most_limit_plus_one():
    class Fake:
        filename = "x.pdf"

        def __init__(self):
            self.stream = io.BytesIO(b"%PDF-" + b"1" * 100)

    [upload_] = att.read_uploads([Fake()], att.UploadPolicy(max_size=10))
    assert len(upload_.data) == 11 and upload_.truncated


def test_jpeg_reencoded_without_exif_gps_icc_and_orientation_applied():
    source = jpeg_with_gps(size=(64, 32), orientation=6)
    with Image.open(io.BytesIO(source)) as original:
        assert original.getexif().get_ifd(0x8825)  # the sample really carries GPS
        assert original.info.get("icc_profile")
    [clean] = att.prepare([att.Upload("foto.jpeg", source)], POLICY)
    assert b"Exif" not in clean.data and b"KameraUji" not in clean.data and b"ICC_PROFILE" not in clean.data
    with Image.open(io.BytesIO(clean.data)) as image:
        assert image.format == "JPEG"
        assert dict(image.getexif()) == {}
        assert "icc_profile" not in image.info and "exif" not in image.info
        assert image.size == (32, 64)  # orientation 6 (rotate 90) applied before stripping
    assert clean.display_name == "foto.jpeg"


def test_png_text_chunks_removed():
    [clean] = att.prepare([att.Upload("peta.png", png_with_text())], POLICY)
    assert b"Nama Asli Pelapor" not in clean.data and b"tEXt" not in clean.data
    with Image.open(io.BytesIO(clean.data)) as image:
        assert image.mode == "RGBA" and not image.text


def test_decompression_bomb_image_refused():
    image = Image.new("1", (10000, 10000))  # 100 megapixels, tiny as a file
    out = io.BytesIO()
    image.save(out, "PNG")
    assert len(out.getvalue()) < MB
    with pytest.raises(att.AttachmentError, match="resolusi terlalu besar"):
        att.prepare([att.Upload("besar.png", out.getvalue())], POLICY)


def test_truncated_image_refused():
    data = jpeg_with_gps()[:200]
    with pytest.raises(att.AttachmentError, match="rusak"):
        att.prepare([att.Upload("rusak.jpg", data)], POLICY)


@pytest.mark.parametrize("raw,expected", [
    ("../../etc/passwd", "passwd.pdf"),
    ("C:\\Users\\budi\\Desktop\\bukti.PDF", "bukti.pdf"),
    ("laporan\x00.exe.pdf", "laporan.exe.pdf"),
    ("foto\u202egpj.exe", "foto\u202egpj.pdf".replace("\u202e", "")),
    ("   ...   ", "lampiran.pdf"),
    ("a" * 300 + ".pdf", "a" * 116 + ".pdf"),
    ("laporan final versi 2.0 ok", "laporan final versi 2.0 ok.pdf"),
])
def test_display_name_sanitised(raw, expected):
    assert att.sanitise_name(raw, "pdf", ("pdf",)) == expected


def test_write_and_open_stored(tmp_path):
    prepared = att.prepare([att.Upload("a.pdf", pdf_bytes()), att.Upload("b.docx", docx_bytes())], POLICY)
    stored = att.write_all(prepared, tmp_path, "dumas")
    assert len({s.stored_name for s in stored}) == 2
    for item, source in zip(stored, prepared):
        assert item.stored_name.endswith("." + source.extension) and len(item.stored_name.split(".")[0]) == 32
        with att.open_stored(tmp_path, "dumas", item.stored_name) as fh:
            data = fh.read()
        assert data == source.data and item.sha256 == source.sha256 and item.size == len(data)
    for bad in ("../secret_key", "..%2fx", stored[0].stored_name + "/..", "/etc/passwd", ""):
        with pytest.raises(FileNotFoundError):
            att.open_stored(tmp_path, "dumas", bad)
    with pytest.raises(FileNotFoundError):
        att.open_stored(tmp_path, "../dumas", stored[0].stored_name)
    att.delete_all(stored, tmp_path)
    assert list((tmp_path / "dumas").iterdir()) == []


def test_store_for_transaction_removes_files_when_block_fails(tmp_path):
    prepared = att.prepare([att.Upload("a.pdf", pdf_bytes())], POLICY)
    with pytest.raises(RuntimeError), att.store_for_transaction(prepared, tmp_path, "wbs") as stored:
        assert (tmp_path / "wbs" / stored[0].stored_name).exists()
        raise RuntimeError("commit failed")
    assert list((tmp_path / "wbs").iterdir()) == []


def test_policy_from_config_and_labels(app):
    config = {**app.config, "ATTACHMENT_MAX_FILES": 2, "ATTACHMENT_MAX_SIZE": 5 * MB}
    policy = att.UploadPolicy.from_config(config)
    assert (policy.max_files, policy.size_label, policy.types_label) == (2, "5 MB", "PDF, JPG, PNG atau DOCX")
    assert ".pdf" in policy.accept and "image/jpeg" in policy.accept


# --- through the public form ----------------------------------------------------------------------------

@pytest.fixture
def cats(app):
    return load_categories(app)


def test_form_stores_files_outside_static_with_random_names(app, client, cats):
    submit_ok(client, cats["pelayanan"],
              files=[upload(pdf_bytes(), "scan.jpg"), upload(jpeg_with_gps(), "rumah.jpg")])
    files = uploaded_files(app)
    assert len(files) == 2
    root = Path(app.config["UPLOAD_FOLDER"]) / "dumas"
    static = Path(app.static_folder).resolve()
    for path in files:
        assert path.parent == root and not path.resolve().is_relative_to(static)
        assert "scan" not in path.name and "rumah" not in path.name
    with app.app_context():
        rows = db.session.scalars(select(ComplaintAttachment).order_by(ComplaintAttachment.id)).all()
        assert [(r.original_name, r.content_type) for r in rows] == [
            ("scan.pdf", "application/pdf"), ("rumah.jpg", "image/jpeg")]
        stored_jpeg = (root / rows[1].stored_name).read_bytes()
        assert b"Exif" not in stored_jpeg and b"KameraUji" not in stored_jpeg
        with Image.open(io.BytesIO(stored_jpeg)) as image:
            assert dict(image.getexif()) == {}
        import hashlib

        assert rows[1].sha256 == hashlib.sha256(stored_jpeg).hexdigest() and rows[1].size == len(stored_jpeg)


@pytest.mark.parametrize("files,message,kept", [
    ([("program.pdf", exe_bytes)], "Berkas \u201cprogram.pdf\u201d bukan PDF, JPG, PNG atau DOCX.", []),
    ([("besar.pdf", lambda: pdf_bytes(10 * MB + 1))], "Berkas \u201cbesar.pdf\u201d melebihi 10 MB.", []),
    ([("laporan.docx", docx_zip_bomb)], "kemungkinan zip bomb", []),
    ([(f"bukti{i}.pdf", pdf_bytes) for i in range(6)],
     "Maksimal 5 berkas per pengiriman; Anda memilih 6 berkas.", [f"bukti{i}.pdf" for i in range(5)]),
    # one good file and one bad: the good one is not written either (only kept in the form's stash)
    ([("baik.pdf", pdf_bytes), ("buruk.pdf", exe_bytes)], "Berkas \u201cburuk.pdf\u201d bukan PDF",
     ["baik.pdf"]),
])
def test_bad_files_refused_with_message_and_nothing_written(app, client, cats, files, message, kept):
    data = form_data(cats["pelayanan"])
    response = post_complaint(client, data, [upload(make(), name) for name, make in files])
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    # Files that passed are kept for the re-submission and listed; the refused ones are named and the
    # citizen is told to choose those again.
    assert re.findall(r'class="stashed-name">([^<]*)<', html) == kept
    rechoose = re.search(r'id="attachments-rechoose"[^>]*>(.*?)</div>', html, re.DOTALL)
    assert rechoose, html[:3000]
    assert "pilih ulang" in rechoose.group(1)
    refused = [name for name, _ in files if name not in kept]
    assert re.findall(r'class="refused-name">&ldquo;([^<]*)&rdquo;<', rechoose.group(1)) == refused
    assert data["subject"] in html and data["description"] in html  # what was typed is still there
    assert_nothing_written(app)


def test_db_failure_after_files_written_leaves_no_orphans(app, client, cats, monkeypatch):
    submit_ok(client, cats["pelayanan"])
    assert uploaded_files(app) == []
    # Force a real constraint violation at flush: the counter hands out a number that already exists.
    monkeypatch.setattr(complaints.numbering, "next_sequence", lambda session, year, counter: 1)
    response = post_complaint(client, form_data(cats["pelayanan"]), [upload(pdf_bytes(), "bukti.pdf"),
                                                                     upload(docx_bytes(), "surat.docx")])
    assert response.status_code == 500
    assert "tidak tersimpan" in response.get_data(as_text=True)
    assert uploaded_files(app) == []
    with app.app_context():
        assert len(db.session.scalars(select(Complaint)).all()) == 1
        assert db.session.scalars(select(ComplaintAttachment)).all() == []
