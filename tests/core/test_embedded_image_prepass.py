"""Issue 10 B2/B3: images inside a PDF or DOCX are counted and measured from their headers before any is
decoded, so a document over the image count, the per-image cap or the request's pixel budget is refused
without decoding a single pixel; and the fast re-encode path still drops every metadata carrier."""
from __future__ import annotations

import io
import zipfile

import pikepdf
import pytest
from PIL import Image, PngImagePlugin

from portal.core import doc_metadata as dm
from tests.core.test_document_cleaning import docx_full


def _jpeg(size) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (120, 30, 30)).save(out, "JPEG")
    return out.getvalue()


def pdf_with_images(count: int, size, *, jpeg: bytes | None = None, object_streams: bool = False) -> bytes:
    """A one-page PDF drawing `count` DCT image XObjects of `size` (the same JPEG each time)."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    jpeg = jpeg or _jpeg(size)
    xobjects = {}
    for i in range(count):
        stream = pikepdf.Stream(pdf, jpeg)
        stream.update({"/Type": pikepdf.Name.XObject, "/Subtype": pikepdf.Name.Image, "/Width": size[0],
                       "/Height": size[1], "/ColorSpace": pikepdf.Name.DeviceRGB, "/BitsPerComponent": 8,
                       "/Filter": pikepdf.Name.DCTDecode})
        xobjects[f"/Im{i}"] = stream
    pdf.pages[0].Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(xobjects))
    pdf.pages[0].Contents = pikepdf.Stream(pdf, b" ".join(b"/Im%d Do" % i for i in range(count)))
    out = io.BytesIO()
    if object_streams:
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    else:
        pdf.save(out)
    return out.getvalue()


def docx_with_images(count: int, size, *, jpeg: bytes | None = None) -> bytes:
    """docx_full() with `count` extra JPEG parts of `size` (the same JPEG each time) related from the main
    document."""
    jpeg = jpeg or _jpeg(size)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_full()), "r") as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "word/_rels/document.xml.rels":
                extra = "".join(
                    f'<Relationship Id="rIdX{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    f'relationships/image" Target="media/x{i}.jpeg"/>' for i in range(count))
                data = data.replace(b"</Relationships>", extra.encode() + b"</Relationships>")
            dst.writestr(name, data)
        for i in range(count):
            dst.writestr(f"word/media/x{i}.jpeg", jpeg)
    return out.getvalue()


def _refused_before_any_decode(make, data: bytes, decodes: list, refusal, limits, budget) -> None:
    """Cleaning `data` (made by `make`) ends in `refusal` (a pytest.raises) with no image decoded."""
    decodes.clear()
    clean = dm.clean_pdf if make is pdf_with_images else dm.clean_docx
    with refusal:
        clean(data, limits, budget)
    assert decodes == []


@pytest.mark.parametrize("make", [pdf_with_images, docx_with_images], ids=["pdf", "docx"])
def test_too_many_embedded_images_refused_before_any_decode(make, decodes):
    data = make(6, (40, 40))
    refusal = pytest.raises(dm.MetadataError, match="terlalu banyak gambar")
    _refused_before_any_decode(make, data, decodes, refusal, dm.Limits(max_embedded_images=5), dm.Budget())


@pytest.mark.parametrize("make", [pdf_with_images, docx_with_images], ids=["pdf", "docx"])
def test_embedded_pixels_over_the_request_budget_refused_before_any_decode(make, decodes):
    data = make(4, (600, 600))  # 4 x 0.36 MP
    budget = dm.Budget(max_pixels=1_000_000)
    _refused_before_any_decode(make, data, decodes, pytest.raises(dm.BudgetExceeded), dm.Limits(), budget)


@pytest.mark.parametrize("make", [pdf_with_images, docx_with_images], ids=["pdf", "docx"])
def test_an_embedded_image_over_the_per_image_cap_refused_before_any_decode(make, decodes):
    data = make(3, (1200, 1000))
    refusal = pytest.raises(dm.MetadataError, match="megapiksel")
    limits = dm.Limits(max_image_pixels=1_000_000)
    _refused_before_any_decode(make, data, decodes, refusal, limits, dm.Budget())


@pytest.mark.parametrize("make", [pdf_with_images, docx_with_images], ids=["pdf", "docx"])
def test_images_within_the_limits_are_still_cleaned(make):
    clean = dm.clean_pdf if make is pdf_with_images else dm.clean_docx
    result = clean(make(3, (60, 40)), dm.Limits(max_embedded_images=5), dm.Budget(max_pixels=1_000_000))
    assert result.images >= 3 and not result.unverified


def test_jpeg_comment_icc_and_exif_are_dropped():
    exif = Image.Exif()
    exif[0x0110] = "Pixel 9 Pro"  # Model
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (1, 2, 3)).save(out, "JPEG", exif=exif, icc_profile=b"\1" * 200,
                                                comment=b"rumah pelapor")
    clean = dm.clean_image(out.getvalue(), dm.Limits(), dm.Budget())
    assert b"Pixel 9 Pro" not in clean and b"rumah pelapor" not in clean and b"ICC_PROFILE" not in clean
    with Image.open(io.BytesIO(clean)) as image:
        assert not image.getexif() and "comment" not in image.info and "icc_profile" not in image.info


def test_png_text_time_icc_and_exif_chunks_are_dropped_transparency_kept():
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Nama Asli")
    info.add_itxt("Description", "lokasi rumah", lang="id")
    info.add(b"tIME", b"\x07\xea\x0c\x01\x08\x0f\x1e")  # 2026-12-01 08:15:30
    exif = Image.Exif()
    exif[0x0110] = "Pixel 9 Pro"
    out = io.BytesIO()
    image = Image.new("RGB", (16, 16), (0, 128, 0))
    image.save(out, "PNG", pnginfo=info, exif=exif, icc_profile=b"\1" * 200, transparency=(0, 128, 0))
    clean = dm.clean_image(out.getvalue(), dm.Limits(), dm.Budget())
    markers = (b"Nama Asli", b"lokasi rumah", b"tIME", b"eXIf", b"iCCP", b"Pixel 9 Pro", b"tEXt", b"iTXt")
    for marker in markers:
        assert marker not in clean, marker
    with Image.open(io.BytesIO(clean)) as image:
        assert image.info.get("transparency") == (0, 128, 0)
