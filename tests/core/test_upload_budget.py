"""Issue 10 B1/B2: one request must not take a worker down. Image sizes are checked from the header before
anything is decoded, decoded pixels and seconds are budgeted for ALL files of a request, the PDF cleaner
has no backtracking regex over file content, and nothing is re-encoded with `optimize=True`.
Assertions count work (decodes, budget checks, a fake clock) rather than timing it."""
from __future__ import annotations

import io
import zipfile

from PIL import Image
from sqlalchemy import select

from portal.core import doc_metadata
from portal.core.models.form_token import FormStashFile
from portal.extensions import db
from portal.wbs.models import WbsReport
from tests.core.test_document_cleaning import docx_full
from tests.dumas_public_helpers import form_data, load_categories, post_complaint, upload, uploaded_files
from tests.wbs_helpers import submit


def png(size, color=(10, 10, 10)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def jpeg(size) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (120, 30, 30)).save(out, "JPEG")
    return out.getvalue()


def _nothing_stored(app) -> None:
    with app.app_context():
        assert db.session.scalar(select(WbsReport.id)) is None
        # not even kept for the corrected form: the request's budget covers the per-file checks too
        assert db.session.scalar(select(FormStashFile.id)) is None
    assert not [p for p in uploaded_files(app)]


def test_five_7000px_pngs_are_refused_from_their_headers_without_decoding(app, client, decodes):
    big = png((7000, 7000))
    assert len(big) < 200_000  # five of them stay far under the upload limit
    response, receipt = submit(client, files=[(f"foto{i}.png", big) for i in range(5)])
    assert response.status_code == 400 and receipt is None
    assert decodes == []  # refused before a single pixel was decoded
    _nothing_stored(app)


def test_one_image_over_the_per_image_cap_is_refused_before_decoding(app, client, decodes):
    response, receipt = submit(client, files=[("besar.png", png((6000, 5000)))])  # 30 MP > 25 MP
    assert response.status_code == 400 and receipt is None
    assert "25 megapiksel" in response.get_data(as_text=True)
    assert decodes == []
    _nothing_stored(app)


def test_a_24_megapixel_phone_photo_still_passes(app, client):
    response, receipt = submit(client, files=[("foto.jpg", jpeg((6000, 4000)))])
    assert response.status_code == 200 and receipt


def test_total_pixels_per_request_are_budgeted_across_files_and_embedded_images(app_factory, decodes):
    app = app_factory(ATTACHMENT_MAX_TOTAL_PIXELS=1_000_000)
    client = app.test_client()
    # three top-level images of 0.64 MP each: refused from the headers, nothing decoded
    response, receipt = submit(client, files=[(f"f{i}.png", png((800, 800))) for i in range(3)])
    assert response.status_code == 400 and receipt is None and decodes == []
    assert "megapiksel gambar per pengiriman" in response.get_data(as_text=True)
    # images inside a document count too: 0.64 MP on top plus 0.64 MP inside the DOCX
    inner = jpeg((800, 800))
    response, receipt = submit(client, files=[("f.png", png((800, 800))), ("s.docx", docx_full(image=inner))])
    assert response.status_code == 400 and receipt is None
    assert "megapiksel gambar per pengiriman" in response.get_data(as_text=True)
    _nothing_stored(app)
    response, receipt = submit(client, files=[("f.png", png((800, 800)))])
    assert response.status_code == 200 and receipt


def test_time_budget_covers_all_files_of_a_request(app_factory, monkeypatch):
    """A fake clock that advances one second at every budget check: with a 3-second budget the third image
    of one request is refused, whatever the machine's speed; nothing is stored."""
    app = app_factory(ATTACHMENT_TIME_BUDGET=3)
    client = app.test_client()
    ticks = iter(range(10_000))
    monkeypatch.setattr(doc_metadata, "_clock", lambda: float(next(ticks)))
    response, receipt = submit(client, files=[(f"f{i}.jpg", jpeg((32, 32))) for i in range(3)])
    assert response.status_code == 400 and receipt is None
    html = response.get_data(as_text=True)
    assert "terlalu berat untuk diproses" in html and "Tidak ada yang disimpan" in html
    _nothing_stored(app)

    cats = load_categories(app)
    ticks = iter(range(10_000))
    response = post_complaint(client, form_data(cats["pelayanan"]), [upload(jpeg((32, 32)), f"{i}.jpg")
                                                                     for i in range(3)])
    assert response.status_code == 422 and "terlalu berat untuk diproses" in response.get_data(as_text=True)
    assert uploaded_files(app) == []
    _nothing_stored(app)


def xmp_bomb_pdf(size: int) -> bytes:
    """The old cleaner's quadratic trigger: thousands of `<x:xmpmeta` openings that never close, in an
    uncompressed metadata stream and in the file body, ~`size` bytes in all."""
    bomb = b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>" * (size // 2 // 36)
    objects = [b"<< /Type /Catalog /Pages 2 0 R /Metadata 4 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
               b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n%s\nendstream" % (len(bomb), bomb)]
    body = b"%PDF-1.7\n%" + bomb + b"\n"
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (i, obj)
    xref = len(body)
    body += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return body + b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref


def test_crafted_400kb_xmp_pdf_is_cleaned_within_the_budget(app_factory):
    """Before: the XMP regex was quadratic (this file kept a worker busy for hours). Now the XMP is dropped
    by pikepdf without being parsed; with a 5-second budget the file is accepted and stored clean."""
    app = app_factory(ATTACHMENT_TIME_BUDGET=5)
    client = app.test_client()
    crafted = xmp_bomb_pdf(400_000)
    assert len(crafted) > 400_000
    response, receipt = submit(client, files=[("laporan.pdf", crafted)])
    assert response.status_code == 200 and receipt


def test_pdf_cleaning_work_does_not_grow_with_xmp_size():
    """Counted, not timed: the budget is consulted as often for a 40 KB as for a 400 KB XMP packet (the
    packet is dropped, never scanned)."""
    small, large = doc_metadata.Budget(), doc_metadata.Budget()
    a = doc_metadata.clean_pdf(xmp_bomb_pdf(40_000), budget=small)
    b = doc_metadata.clean_pdf(xmp_bomb_pdf(400_000), budget=large)
    assert small.checks == large.checks
    assert b"xmpmeta" not in a.data and b"xmpmeta" not in b.data


def test_no_optimize_reencode(client, monkeypatch):
    files = [("a.png", png((300, 200))), ("b.jpg", jpeg((300, 200))), ("c.docx", docx_full())]
    calls = []
    real = Image.Image.save

    def recording(self, fp, format=None, **params):
        calls.append(params)
        return real(self, fp, format, **params)

    monkeypatch.setattr(Image.Image, "save", recording)
    response, receipt = submit(client, files=files)
    assert response.status_code == 200 and receipt
    assert len(calls) == 3 and not any(c.get("optimize") for c in calls)


def test_embedded_image_cap(app_factory):
    app = app_factory(ATTACHMENT_MAX_EMBEDDED_IMAGES=3)
    client = app.test_client()
    base = docx_full()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/_rels/document.xml.rels":
                extra = "".join(
                    f'<Relationship Id="rIdX{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    f'relationships/image" Target="media/x{i}.png"/>' for i in range(4))
                data = data.replace(b"</Relationships>", extra.encode() + b"</Relationships>")
            dst.writestr(item, data)
        for i in range(4):
            dst.writestr(f"word/media/x{i}.png", png((8, 8)))
    response, receipt = submit(client, files=[("banyak.docx", out.getvalue())])
    assert response.status_code == 400 and receipt is None
    assert "terlalu banyak gambar" in response.get_data(as_text=True)
