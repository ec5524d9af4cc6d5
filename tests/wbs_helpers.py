"""Helpers for the WBS tests: sample files with metadata, submitting a report, reading the receipt."""
from __future__ import annotations

import io
import re
import zipfile

from PIL import Image

from tests.dumas_public_helpers import pdf_document

AUTHOR = "Budi Pelapor Rahasia"
CAMERA = "KAMERA-KANARI-5150"
SECRET_TEXT = "SUAP-KANARI-7781 amplop dari penyedia logistik kepada pejabat pengadaan"


def jpeg_with_gps() -> bytes:
    """A JPEG whose EXIF carries a camera make, an artist name and a GPS position (Kebumen)."""
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = CAMERA  # Make
    exif[0x013B] = AUTHOR  # Artist
    gps = exif.get_ifd(0x8825)
    gps[1] = "S"
    gps[2] = (7.0, 40.0, 12.5)
    gps[3] = "E"
    gps[4] = (109.0, 39.0, 0.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    data = out.getvalue()
    with Image.open(io.BytesIO(data)) as check:  # the sample really has what we remove
        assert check.getexif().get_ifd(0x8825)
    return data


def docx_with_author() -> bytes:
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'),
        "word/document.xml": (
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            '<w:body><w:p><w:ins w:id="1" w:author="' + AUTHOR + '" w:date="2026-01-05T09:13:00Z"><w:r><w:t>'
            'Bukti transfer</w:t></w:r></w:ins></w:p></w:body></w:document>'),
        "word/comments.xml": (
            '<?xml version="1.0"?><w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            '<w:comment w:id="0" w:author="' + AUTHOR + '" w:initials="BPR"><w:p/></w:comment></w:comments>'),
        "docProps/core.xml": (
            '<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>' + AUTHOR +
            '</dc:creator><cp:lastModifiedBy>' + AUTHOR + '</cp:lastModifiedBy></cp:coreProperties>'),
        "docProps/app.xml": (
            '<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties"><Company>KPU Kebumen</Company><Manager>' + AUTHOR +
            '</Manager></Properties>'),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 5, 9, 13, 0)), text)
    return out.getvalue()


def unzip_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())


def pdf_with_author(*, compressed_objects: bool = False) -> bytes:
    """A small PDF with an uncompressed Info dictionary and XMP packet naming the author.
    With `compressed_objects` it also declares an object stream (where metadata could hide)."""
    xmp = ('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
           '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" '
           'xmlns:pdf="http://ns.adobe.com/pdf/1.3/" pdf:Producer="Writer ' + AUTHOR + '">'
           '<dc:creator><rdf:Seq><rdf:li>' + AUTHOR + '</rdf:li></rdf:Seq>'
           '</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>')
    objects = [
        "<< /Type /Catalog /Pages 2 0 R /Metadata 4 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        f"<< /Type /Metadata /Subtype /XML /Length {len(xmp)} >>\nstream\n{xmp}\nendstream",
        "<< /Author (" + AUTHOR + r" \(staf\)) /Creator (Microsoft Word - laporan_budi.docx) "
        "/CreationDate (D:20260105091300+07'00') >>",
    ]
    if compressed_objects:
        objects.append("<< /Type /ObjStm /N 0 /First 0 /Length 0 >>\nstream\n\nendstream")
    return pdf_document(b"%PDF-1.7\n", [obj.encode("latin-1") for obj in objects], trailer=b" /Info 5 0 R")


def report_data(**overrides) -> dict:
    data = {
        "category": "gratifikasi",
        "what": SECRET_TEXT,
        "who": "Pejabat pengadaan (PPK) sekretariat",
        "where": "Ruang rapat lantai 2",
        "when": "Awal Januari 2026",
        "how": "Amplop diserahkan setelah rapat evaluasi penawaran",
        "contact": "",
        "good_faith": "y",
    }
    data.update(overrides)
    return data


RECEIPT_RE = re.compile(r'id="kode-laporan"[^>]*>\s*(\d{4}-\d{4}-\d{4}-\d{4})\s*<')


def submit(client, files=(), environ_base=None, **overrides):
    """POST a report; returns (response, receipt or None)."""
    data = report_data(**overrides)
    if files:
        data["files"] = [(io.BytesIO(content), name) for name, content in files]
    kwargs = {"data": data, "content_type": "multipart/form-data"}
    if environ_base:
        kwargs["environ_base"] = environ_base
    response = client.post("/wbs/lapor", follow_redirects=True, **kwargs)  # POST-redirect-GET (issue 10 F1)
    match = RECEIPT_RE.search(response.get_data(as_text=True))
    return response, (match.group(1) if match else None)


def track(client, receipt, environ_base=None):
    kwargs = {"data": {"receipt": receipt}}
    if environ_base:
        kwargs["environ_base"] = environ_base
    return client.post("/wbs/lacak", **kwargs)


def pdf_with_jpx_image() -> bytes:
    """A PDF whose only image is JPEG 2000 (/JPXDecode): samples the cleaner cannot re-encode, so the file
    stays `unverified` and the WBS reporter must confirm."""
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    image = pikepdf.Stream(pdf, b"\x00\x00\x00\x0cjP  \r\n\x87\n" + b"\0" * 64)
    image.update({"/Type": pikepdf.Name.XObject, "/Subtype": pikepdf.Name.Image, "/Width": 4, "/Height": 4,
                  "/ColorSpace": pikepdf.Name.DeviceRGB, "/BitsPerComponent": 8,
                  "/Filter": pikepdf.Name.JPXDecode})
    pdf.pages[0].Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
    pdf.pages[0].Contents = pikepdf.Stream(pdf, b"q 50 0 0 50 0 0 cm /Im0 Do Q")
    pdf.docinfo["/Author"] = AUTHOR
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()
