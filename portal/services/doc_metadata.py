"""Remove author metadata from DOCX and PDF files before they are stored (WBS, DESIGN.md section 5).

DOCX: the package is rebuilt with empty core/app/custom properties, every author/initials attribute
of comments and tracked changes replaced by "-", and every zip entry dated 1980-01-01 (zip entry
times would tell when the reporter last saved the file).

PDF: without rewriting the file, the values of /Author /Creator /Producer /Title /Subject /Keywords
/CreationDate /ModDate and the text of an uncompressed XMP packet are overwritten in place with
blanks of the same length, so byte offsets (the xref table) stay valid. Metadata inside compressed
object streams or an encrypted file cannot be reached this way: such a PDF is reported as
`unverified` and the reporter is warned before it is accepted.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

DOCX_MAX_ENTRIES = 5000
DOCX_MAX_UNCOMPRESSED = 200 * 1024 * 1024

_EMPTY_CORE = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    b'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    b'xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
    b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"></cp:coreProperties>'
)
_EMPTY_APP = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"></Properties>'
)
_EMPTY_CUSTOM = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"></Properties>'
)
_AUTHOR_ATTR = re.compile(rb'\b(w:author|w:initials|w15:author|w15:userId|w15:providerId)="[^"]*"')


class MetadataError(ValueError):
    """The file is not a well-formed document of its type."""


@dataclass
class Cleaned:
    data: bytes
    note: str  # what was removed, for the team
    unverified: bool = False  # metadata may remain (PDF with compressed objects or encryption)


def clean_docx(data: bytes) -> Cleaned:
    try:
        src = zipfile.ZipFile(io.BytesIO(data))
        infos = src.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise MetadataError("not a zip package") from exc
    if len(infos) > DOCX_MAX_ENTRIES or sum(i.file_size for i in infos) > DOCX_MAX_UNCOMPRESSED:
        raise MetadataError("package too large when unpacked")
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        raise MetadataError("not a Word document")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in infos:
            if info.is_dir():
                continue
            try:
                content = src.read(info.filename)
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, ValueError) as exc:
                raise MetadataError("damaged package") from exc
            name = info.filename
            if name == "docProps/core.xml":
                content = _EMPTY_CORE
            elif name == "docProps/app.xml":
                content = _EMPTY_APP
            elif name == "docProps/custom.xml":
                content = _EMPTY_CUSTOM
            elif name.startswith("word/") and name.endswith(".xml"):
                content = _AUTHOR_ATTR.sub(lambda m: m.group(1) + b'="-"', content)
            entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, content)
    return Cleaned(out.getvalue(), "metadata DOCX (penulis, perusahaan, waktu, komentar) dihapus")


def docx_authors(data: bytes) -> list[str]:
    """Author-like values left in a DOCX (used by tests and to double-check the cleaning)."""
    found: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            if not name.endswith(".xml"):
                continue
            text = zf.read(name)
            for tag in (rb"dc:creator", rb"cp:lastModifiedBy", rb"Company", rb"Manager"):
                found += [m.decode() for m in re.findall(rb"<" + tag + rb">([^<]+)</" + tag + rb">", text)]
            found += [m.group(0).decode() for m in _AUTHOR_ATTR.finditer(text) if not m.group(0).endswith(b'"-"')]
    return found


_PDF_KEYS = re.compile(rb"/(Author|Creator|Producer|Title|Subject|Keywords|CreationDate|ModDate)(?=[\s(<])\s*")
_XMP = re.compile(rb"<x:xmpmeta\b.*?</x:xmpmeta>", re.DOTALL)


def _blank_literal(buf: bytearray, start: int) -> int:
    """Blank a PDF literal string `( ... )` starting at `start` (balanced parens, backslash escapes)."""
    depth, i = 0, start
    while i < len(buf):
        ch = buf[i]
        if ch == 0x5C:  # backslash: keep the escape pair inside the blanked area
            buf[i] = 0x20
            if i + 1 < len(buf):
                buf[i + 1] = 0x20
            i += 2
            continue
        if ch == 0x28:
            depth += 1
            if depth > 1:
                buf[i] = 0x20
        elif ch == 0x29:
            depth -= 1
            if depth == 0:
                return i + 1
            buf[i] = 0x20
        elif i != start:
            buf[i] = 0x20
        i += 1
    return i


def _blank_xmp(match: re.Match) -> bytes:
    packet = match.group(0)
    head_end = packet.index(b">") + 1
    tail_start = packet.rindex(b"<")

    def text_nodes(m: re.Match) -> bytes:
        return b">" + b" " * (len(m.group(0)) - 2) + b"<"

    def attrs(m: re.Match) -> bytes:
        name, value = m.group(1), m.group(2)
        if name.startswith(b"xmlns") or name in (b"rdf:about", b"x:xmptk"):
            return m.group(0)
        return name + b'="' + b" " * len(value) + b'"'

    body = packet[head_end:tail_start]
    body = re.sub(rb">[^<]+<", text_nodes, body)
    body = re.sub(rb'([A-Za-z_][\w:.-]*)="([^"]*)"', attrs, body)
    return packet[:head_end] + body + packet[tail_start:]


def clean_pdf(data: bytes) -> Cleaned:
    if not data.startswith(b"%PDF-"):
        raise MetadataError("not a PDF")
    buf = bytearray(data)
    for m in list(_PDF_KEYS.finditer(data)):
        pos = m.end()
        if pos < len(buf) and buf[pos] == 0x28:
            _blank_literal(buf, pos)
        elif pos < len(buf) and buf[pos] == 0x3C and buf[pos + 1:pos + 2] != b"<":
            end = buf.find(b">", pos)
            if end > 0:
                buf[pos + 1:end] = b"0" * (end - pos - 1)
    cleaned = _XMP.sub(_blank_xmp, bytes(buf))
    assert len(cleaned) == len(data)
    unverified = b"/ObjStm" in data or b"/Encrypt" in data or (
        b"/Metadata" in data and _XMP.search(data) is None
    )
    note = "metadata PDF (penulis, aplikasi, waktu) dikosongkan"
    if unverified:
        note += "; sebagian metadata mungkin tersisa (objek terkompresi/terenkripsi)"
    return Cleaned(cleaned, note, unverified)
