"""Issue 10 A1-A3: what a whistle-blower (or a citizen) sends must not identify them, and no stored document
may make a staff member's computer fetch something when opened. Every test submits over HTTP and opens the
STORED file (for WBS: decrypted through `service.read_attachment`) and looks for GPS, the camera model, owner
names, the C:\\Users\\<name> template path and external (UNC/remote) targets."""
from __future__ import annotations

import io
import zipfile

import pikepdf
import pytest
from PIL import Image
from sqlalchemy import select

from portal.extensions import db
from portal.wbs import get_cipher, service
from portal.wbs.models import WbsAttachment, WbsReport
from tests.dumas_public_helpers import form_data, load_categories, post_complaint, upload, uploaded_files
from tests.wbs_helpers import submit

OWNER = "Rahmat Pemilik Dokumen"
WIN_USER = "rahmat.kanari"
CAMERA_MODEL = "PONSEL-KANARI-X9"
UNC_HOST = "fileserver-kanari"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def jpeg_with_gps_and_model(size=(64, 48)) -> bytes:
    image = Image.new("RGB", size, (20, 120, 200))
    exif = Image.Exif()
    exif[0x0110] = CAMERA_MODEL  # Model
    exif[0x013B] = OWNER  # Artist
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "S", (7.0, 40.0, 12.5), "E", (109.0, 39.0, 0.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    data = out.getvalue()
    with Image.open(io.BytesIO(data)) as check:  # the sample really carries what must go
        assert check.getexif().get_ifd(0x8825) and check.getexif()[0x0110] == CAMERA_MODEL
    return data


EMF = b"\x01\x00\x00\x00" + b"\0" * 36 + b" EMF" + b"\0" * 40 + "Rahmat".encode("utf-16-le")


def _rel(rid, kind, target, external=False):
    mode = ' TargetMode="External"' if external else ""
    return f'<Relationship Id="{rid}" Type="{RT}{kind}" Target="{target}"{mode}/>'


def docx_full(*, image: bytes | None = None, image_name: str = "image1.jpeg") -> bytes:
    """A DOCX as Word writes it, plus everything that identifies its owner or points outside."""
    image = image if image is not None else jpeg_with_gps_and_model()
    ext = image_name.rsplit(".", 1)[1]
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Default Extension="{ext}" ContentType="image/{ext}"/>'
            '<Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            '<Override PartName="/word/settings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
            '<Override PartName="/word/people.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.people+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.'
            'core-properties+xml"/>'
            '<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.custom-properties+xml"/>'
            '</Types>'),
        "_rels/.rels": (
            f'<Relationships xmlns="{PKG}">' + _rel("rId1", "officeDocument", "word/document.xml")
            + '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
              'metadata/core-properties" Target="docProps/core.xml"/>'
            + _rel("rId3", "custom-properties", "docProps/custom.xml") + '</Relationships>'),
        "docProps/core.xml": (
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>' + OWNER
            + '</dc:creator></cp:coreProperties>'),
        "docProps/custom.xml": (
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property '
            'fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Pemilik"><vt:lpwstr>' + OWNER
            + '</vt:lpwstr></property></Properties>'),
        "customXml/item1.xml": f'<pemilik><nama>{OWNER}</nama><email>rahmat@kantor.go.id</email></pemilik>',
        "customXml/_rels/item1.xml.rels": f'<Relationships xmlns="{PKG}"/>',
        "word/_rels/document.xml.rels": (
            f'<Relationships xmlns="{PKG}">'
            + _rel("rIdSet", "settings", "settings.xml")
            + _rel("rIdImg", "image", f"media/{image_name}")
            + _rel("rIdUnc", "image", f"\\\\{UNC_HOST}\\share\\logo.png", external=True)
            + _rel("rIdWeb", "hyperlink", "https://contoh.example/bukti", external=True)
            + _rel("rIdFile", "hyperlink", f"file:///C:/Users/{WIN_USER}/Documents/rahasia.docx",
                   external=True)
            + _rel("rIdPeople", "people", "people.xml")
            + _rel("rIdCx", "customXml", "../customXml/item1.xml")
            + '</Relationships>'),
        "word/_rels/settings.xml.rels": (
            f'<Relationships xmlns="{PKG}">'
            + _rel("rId1", "attachedTemplate",
                   f"file:///C:\\Users\\{WIN_USER}\\AppData\\Roaming\\Microsoft\\Templates\\Laporan.dotm",
                   external=True)
            + '</Relationships>'),
        "word/settings.xml": (
            f'<w:settings xmlns:w="{W}" xmlns:r="{R}"><w:attachedTemplate r:id="rId1"/>'
            '<w:rsids><w:rsidRoot w:val="00A1B2C3"/><w:rsid w:val="00D4E5F6"/></w:rsids></w:settings>'),
        "word/people.xml": (
            '<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">'
            f'<w15:person w15:author="{OWNER}"><w15:presenceInfo w15:providerId="AD" '
            'w15:userId="S::rahmat@kantor.go.id::1234"/></w15:person></w15:people>'),
        "word/document.xml": (
            f'<w:document xmlns:w="{W}" xmlns:r="{R}" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
            'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><w:body>'
            '<w:p w:rsidR="00D4E5F6" w:rsidRDefault="00A1B2C3"><w:ins w:id="1" w:author="' + OWNER
            + '" w:date="2026-01-05T09:13:00Z"><w:r><w:t>Bukti transfer</w:t></w:r></w:ins></w:p>'
            '<w:p><w:hyperlink r:id="rIdWeb"><w:r><w:t>tautan web</w:t></w:r></w:hyperlink>'
            '<w:hyperlink r:id="rIdFile"><w:r><w:t>berkas lokal</w:t></w:r></w:hyperlink></w:p>'
            '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> INCLUDEPICTURE "\\\\'
            + UNC_HOST + '\\\\share\\\\x.png" \\d </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/>'
            '</w:r></w:p>'
            '<w:p><w:r><w:drawing><wp:inline>'
            '<wp:docPr id="1" name="Picture 1" descr="IMG_20261201_081530.jpg"/>'
            '<a:graphic><a:graphicData><a:blip r:embed="rIdImg" r:link="rIdUnc"/></a:graphicData></a:graphic>'
            '</wp:inline></w:drawing></w:r></w:p></w:body></w:document>'),
        f"word/media/{image_name}": image,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content if isinstance(content, bytes) else content.encode("utf-8"))
    return out.getvalue()


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def assert_docx_clean(data: bytes) -> None:
    parts = _parts(data)
    assert not any(n.startswith("customXml/") for n in parts), sorted(parts)
    assert "docProps/custom.xml" not in parts and "word/people.xml" not in parts
    text = b"".join(parts[n] for n in parts if not n.startswith("word/media/")).decode("utf-8")
    for leak in (OWNER, WIN_USER, UNC_HOST, "rahmat@kantor.go.id", "file:", "attachedTemplate",
                 "Laporan.dotm", "2026-01-05T09:13", "rsidR", "00A1B2C3", "IMG_20261201_081530",
                 "INCLUDEPICTURE"):
        assert leak not in text, leak
    # the only external relationship left is the plain web link; the content stays
    assert text.count('TargetMode="External"') == 1 and "https://contoh.example/bukti" in text
    assert "Bukti transfer" in text and "tautan web" in text and 'r:embed="rIdImg"' in text
    media = parts["word/media/image1.jpeg"]
    assert CAMERA_MODEL.encode() not in media and OWNER.encode() not in media
    with Image.open(io.BytesIO(media)) as image:
        exif = image.getexif()
        assert not exif.get_ifd(0x8825) and 0x0110 not in exif and "exif" not in image.info
        assert image.size == (64, 48)


def _wbs_stored(app) -> list[tuple[WbsAttachment, bytes]]:
    with app.app_context():
        atts = db.session.scalars(select(WbsAttachment).order_by(WbsAttachment.id)).all()
        return [(a, service.read_attachment(get_cipher(), app.config["UPLOAD_FOLDER"], a)) for a in atts]


def test_wbs_docx_is_stored_without_owner_parts_external_targets_or_photo_metadata(app, client):
    original = docx_full()
    assert CAMERA_MODEL.encode() in _parts(original)["word/media/image1.jpeg"]
    response, receipt = submit(client, files=[("surat.docx", original)])
    assert response.status_code == 200 and receipt
    ((att, stored),) = _wbs_stored(app)
    assert_docx_clean(stored)
    # the team is told what was done, truthfully
    assert "1 gambar dibersihkan" in att.cleaning_note and "tautan eksternal" in att.cleaning_note
    assert "mungkin tersisa" not in att.cleaning_note


def test_dumas_docx_is_stored_without_external_relationships_and_with_clean_images(app, client):
    cats = load_categories(app)
    response = post_complaint(client, form_data(cats["pelayanan"]), [upload(docx_full(), "surat.docx")])
    assert response.status_code in (200, 302), response.get_data(as_text=True)[:2000]
    (path,) = uploaded_files(app)
    assert_docx_clean(path.read_bytes())


def test_docx_with_an_emf_picture_needs_the_reporters_confirmation_and_says_so(app, client):
    original = docx_full(image=EMF, image_name="image1.emf")
    response, receipt = submit(client, files=[("surat.docx", original)])
    assert response.status_code == 400 and receipt is None
    assert "mungkin masih memuat nama penulis" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(WbsReport.id)) is None
    response, receipt = submit(client, files=[("surat.docx", original)], accept_pdf_metadata="y")
    assert response.status_code == 200 and receipt
    ((att, stored),) = _wbs_stored(app)
    assert "tidak dapat dibersihkan" in att.cleaning_note and "mungkin tersisa" in att.cleaning_note
    text = b"".join(v for k, v in _parts(stored).items() if k.endswith((".xml", ".rels"))).decode()
    assert OWNER not in text and UNC_HOST not in text and WIN_USER not in text  # the rest is still cleaned


def pdf_with_photo(*, images: int = 1, encrypt: bool = False, size=(64, 48)) -> bytes:
    """A PDF with JPEG image XObjects that carry EXIF GPS and the camera model, an author in /Info and in
    XMP, all objects compressed into object streams, a JavaScript open action and an embedded file."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    jpeg = jpeg_with_gps_and_model(size)
    xobjects = {}
    for i in range(images):
        stream = pikepdf.Stream(pdf, jpeg)
        stream.update({"/Type": pikepdf.Name.XObject, "/Subtype": pikepdf.Name.Image, "/Width": size[0],
                       "/Height": size[1], "/ColorSpace": pikepdf.Name.DeviceRGB, "/BitsPerComponent": 8,
                       "/Filter": pikepdf.Name.DCTDecode})
        xobjects[f"/Im{i}"] = stream
    page = pdf.pages[0]
    page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(xobjects))
    page.Contents = pikepdf.Stream(pdf, b"".join(b"q 64 0 0 48 0 %d cm /Im%d Do Q " % (i, i)
                                                 for i in range(images)))
    pdf.docinfo["/Author"] = OWNER
    pdf.docinfo["/Creator"] = f"C:\\Users\\{WIN_USER}\\laporan.docx"
    xmp = (f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
           f'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>{OWNER}</dc:creator>'
           '</rdf:Description></rdf:RDF></x:xmpmeta>').encode()
    pdf.Root.Metadata = pdf.make_stream(xmp, Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)
    pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    embedded = pdf.make_stream(f"dibuat oleh {OWNER}".encode(), Type=pikepdf.Name.EmbeddedFile)
    spec = pikepdf.Dictionary(Type=pikepdf.Name.Filespec, F=pikepdf.String("a.txt"),
                              EF=pikepdf.Dictionary(F=embedded))
    pdf.Root.Names = pikepdf.Dictionary(
        EmbeddedFiles=pikepdf.Dictionary(Names=pikepdf.Array(["a.txt", spec])))
    out = io.BytesIO()
    kwargs = {"encryption": pikepdf.Encryption(user="rahasia", owner="rahasia")} if encrypt else {}
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, **kwargs)
    return out.getvalue()


def _pdf_everything(data: bytes) -> bytes:
    """Every object and every (decoded) stream of a PDF, as bytes."""
    chunks = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        chunks.append(bytes(pdf.trailer.unparse()))
        for obj in pdf.objects:
            if isinstance(obj, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream)):
                chunks.append(bytes(obj.unparse()) if not isinstance(obj, pikepdf.Stream)
                              else bytes(obj.stream_dict.unparse()))
            if isinstance(obj, pikepdf.Stream):
                try:
                    chunks.append(obj.read_bytes())
                except pikepdf.PdfError:  # a JPEG: its bytes as stored
                    chunks.append(obj.read_raw_bytes())
    return b"\n".join(chunks)


def assert_pdf_clean(data: bytes, images: int = 1) -> None:
    everything = _pdf_everything(data)
    for leak in (OWNER.encode(), WIN_USER.encode(), CAMERA_MODEL.encode(), b"xmpmeta", b"JavaScript",
                 b"EmbeddedFile"):
        assert leak not in everything, leak
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert "/Info" not in pdf.trailer and "/Metadata" not in pdf.Root and "/OpenAction" not in pdf.Root
        found = 0
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == pikepdf.Name.Image:
                found += 1
                with Image.open(io.BytesIO(obj.read_raw_bytes())) as image:
                    exif = image.getexif()
                    assert not exif.get_ifd(0x8825) and 0x0110 not in exif and "exif" not in image.info
        assert found == images


def test_wbs_pdf_with_compressed_objects_and_a_photo_is_cleaned_without_a_confirmation(app, client):
    original = pdf_with_photo()
    response, receipt = submit(client, files=[("laporan.pdf", original)])
    assert response.status_code == 200 and receipt, response.get_data(as_text=True)[:3000]
    ((att, stored),) = _wbs_stored(app)
    assert_pdf_clean(stored)
    assert "1 gambar dibersihkan" in att.cleaning_note and "mungkin tersisa" not in att.cleaning_note


def test_dumas_pdf_is_stored_without_author_xmp_or_photo_metadata(app, client):
    cats = load_categories(app)
    response = post_complaint(client, form_data(cats["pelayanan"]),
                              [upload(pdf_with_photo(images=2), "a.pdf")])
    assert response.status_code in (200, 302)
    (path,) = uploaded_files(app)
    assert_pdf_clean(path.read_bytes(), images=2)


def test_password_protected_pdf_is_refused_with_a_clear_message(app, client):
    response, receipt = submit(client, files=[("laporan.pdf", pdf_with_photo(encrypt=True))])
    assert response.status_code == 400 and receipt is None
    assert "dilindungi kata sandi" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(WbsReport.id)) is None


@pytest.mark.parametrize("broken", [b"%PDF-1.7\n" + b"\x00garbage" * 40 + b"\n%%EOF\n"])
def test_unreadable_pdf_is_refused_not_stored_unclean(app, client, broken):
    response, receipt = submit(client, files=[("laporan.pdf", broken)])
    assert response.status_code == 400 and receipt is None
    assert "tidak dapat dibaca sebagai PDF" in response.get_data(as_text=True)
