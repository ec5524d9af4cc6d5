"""Remove identifying metadata from uploaded files (DUMAS and WBS; docs/wbs-privacy.md).

Used by `portal.core.attachments.prepare` for every accepted file; each cleaner returns `Cleaned` with
the new bytes, a truthful note for the team (stored with WBS files) and `unverified` when something could
not be checked (the WBS reporter must then confirm).

Images (top level, inside a DOCX, inside a PDF): the size is read from the header and checked against the
per-image pixel cap and the request's pixel budget BEFORE decoding; the pixels are then copied into a fresh
image and saved again (no EXIF, XMP, ICC, text chunks; no `optimize=True`, PNG at compression level 1).

DOCX: an allow-list, not a deny-list. Parts are kept only when reached from `_rels/.rels` through a
relationship of an allowed type (document, styles, numbering, settings, fonts, theme, headers/footers,
foot/endnotes, comments, images, charts/diagrams); everything else (customXml, docProps/custom.xml,
people.xml, comment extensions, glossary, thumbnails, signatures, embedded objects, altChunks, templates)
is dropped, docProps/core.xml and app.xml are blanked and [Content_Types].xml keeps only overrides of kept
parts. Every .rels file is rewritten: internal relationships only to kept parts, external ones only for
hyperlinks to http(s)/mailto (text a reader may click; never fetched when the file is opened); every other
`TargetMode="External"` (remote or UNC template, linked images, OLE links, frames, data sources) is dropped,
and the attributes/elements of the XML that used a dropped relationship are removed with it. In every XML
part: author/initials become "-", tracked-change and comment dates, rsid editing-session ids, person ids,
document variables and mail-merge settings are removed; fields that fetch other files (INCLUDEPICTURE,
INCLUDETEXT, LINK, DDE, IMPORT) lose their instruction; picture names that are file names are replaced.
Raster images are re-encoded in their own format; EMF/WMF and other images we cannot decode stay but
make the file `unverified`. Every zip entry is dated 1980-01-01. XML is parsed with lxml (linear time, no
DTD, no entities, no network); a DOCTYPE is refused.

PDF: opened and rewritten with pikepdf (qpdf), so compressed object streams are reachable: /Info and every
/Metadata (XMP), /PieceInfo and /LastModified are removed, annotation authors and dates, open/additional
actions, JavaScript, launch/remote/submit actions, non-http(s) links, embedded and associated files are
dropped; only objects still referenced are written (deterministic file id). Every /DCTDecode image is
re-encoded through the same image path. Images whose samples are raw (Flate, LZW, RunLength, CCITT, JBIG2)
hold no metadata container. JPEG 2000 images and inline JPEGs in content streams are flagged `unverified`.
Nothing here uses a regular expression over file content; every loop checks the request's `Budget`.
"""
from __future__ import annotations

import io
import posixpath
import time
import warnings
import zipfile
import zlib
from dataclasses import dataclass, field
from urllib.parse import unquote

from PIL import Image, ImageOps

MB = 1024 * 1024


def _clock() -> float:
    return time.monotonic()


def N_(msgid: str) -> str:
    """Marks a message for `pybabel extract` (N_ is one of its default keywords); the message is translated
    when it is read (`str(err)`), in the reader's language."""
    return msgid


class MetadataError(ValueError):
    """The file cannot be accepted. The message is an Indonesian literal with %(name)s params, the end of a
    sentence that follows "Berkas <name> "; `str(exc)` translates it (portal/core/errors.py translate)."""

    def __init__(self, msgid: str = "", /, **params):
        super().__init__(msgid)
        self.msgid = msgid
        self.params = params

    def __str__(self) -> str:
        from portal.core.errors import translate

        return translate(self.msgid, self.params)


NOT_DOCX = N_("bukan dokumen DOCX yang sah.")


class BudgetExceeded(MetadataError):
    """The request's time or pixel budget is spent: the whole submission is refused."""


@dataclass
class Limits:
    max_image_pixels: int = 25_000_000
    max_embedded_images: int = 100
    docx_max_entries: int = 1000
    docx_max_uncompressed: int = 50 * MB
    pdf_max_objects: int = 20_000


class Budget:
    """Time and decoded pixels allowed for ALL file processing of one request."""

    def __init__(self, seconds: float = 10.0, max_pixels: int = 50_000_000):
        self.seconds = seconds
        self.deadline = _clock() + seconds
        self.pixels_left = max_pixels
        self.max_pixels = max_pixels
        self.checks = 0  # how often the budget was consulted (tests: the work is counted, not timed)

    def check(self) -> None:
        self.checks += 1
        if _clock() > self.deadline:
            raise BudgetExceeded("time")

    def take_pixels(self, pixels: int) -> None:
        self.check()
        if pixels > self.pixels_left:
            raise BudgetExceeded("pixels")
        self.pixels_left -= pixels


@dataclass
class Cleaned:
    data: bytes = field(repr=False)
    note: str  # what was removed, for the team; never claims more than was done
    unverified: bool = False  # something could not be checked: metadata may remain
    images: int = 0  # embedded images re-encoded


# --- images ----------------------------------------------------------------------------------------------

# Formats re-encoded in their own format (keeps the part's name and content type valid inside a DOCX).
_REENCODE = {"JPEG", "PNG", "GIF", "BMP", "TIFF", "WEBP"}


def image_size(data: bytes) -> tuple[str, int, int]:
    """(format, width, height) from the header only; raises MetadataError when Pillow cannot read it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                return probe.format or "", probe.size[0], probe.size[1]
    except Exception:  # noqa: BLE001 - Pillow's plugins raise anything on crafted headers
        raise MetadataError(N_("rusak atau bukan gambar yang sah.")) from None


def _too_large(limits: Limits) -> MetadataError:
    return MetadataError(N_("memiliki resolusi terlalu besar (maksimal %(mp)s megapiksel)."),
                         mp=f"{limits.max_image_pixels / 1_000_000:g}")


def clean_image(data: bytes, limits: Limits, budget: Budget, expect: str | None = None) -> bytes:
    """Decode and save again without metadata, in the same format. `expect` (JPEG/PNG) refuses others.

    The pixel cap and the request's pixel budget are checked from the header before anything is decoded."""
    fmt = _checked_header(data, limits, budget, expect)
    image = _decoded(data, fmt, limits)
    budget.check()
    clean = _without_metadata(_savable_mode(image, fmt), fmt)
    out = _saved(clean, fmt)
    budget.check()
    return out


def _checked_header(data: bytes, limits: Limits, budget: Budget, expect: str | None) -> str:
    """The image's format, after its type and size (from the header) are checked and its pixels counted."""
    fmt, width, height = image_size(data)
    if expect and fmt != expect:
        raise MetadataError(N_("bukan gambar %(kind)s yang sah."), kind=expect)
    if fmt not in _REENCODE:
        raise MetadataError(N_("bukan gambar yang dapat dibersihkan."))
    pixels = width * height
    if pixels > limits.max_image_pixels:
        raise _too_large(limits)
    budget.take_pixels(pixels)
    return fmt


def _decoded(data: bytes, fmt: str, limits: Limits) -> Image.Image:
    """The decoded image, its EXIF orientation applied (before the EXIF goes); one frame only."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if getattr(probe, "n_frames", 1) > 1:
                    raise MetadataError(N_("berisi animasi yang tidak dapat dibersihkan."))
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                rotated = ImageOps.exif_transpose(image, in_place=fmt in ("JPEG", "PNG"))
                return image if rotated is None else rotated
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise _too_large(limits) from None
    except MetadataError:
        raise
    except Exception:  # noqa: BLE001 - Pillow's plugins raise anything on crafted data
        raise MetadataError(N_("rusak atau bukan gambar yang sah.")) from None


def _savable_mode(image: Image.Image, fmt: str) -> Image.Image:
    """The image in a mode its format's writer takes."""
    if fmt == "JPEG":
        return image if image.mode in ("L", "RGB", "CMYK") else image.convert("RGB")
    if fmt in ("PNG", "TIFF", "WEBP", "BMP"):
        if image.mode == "P" or image.mode not in ("1", "L", "LA", "RGB", "RGBA", "I", "I;16"):
            has_alpha = "transparency" in image.info or image.mode in ("PA", "RGBa", "La")
            image = image.convert("RGBA" if has_alpha else "RGB")
        if fmt == "BMP" and image.mode not in ("1", "L", "RGB", "RGBA"):
            image = image.convert("RGB")
        return image
    if fmt == "GIF" and image.mode not in ("P", "L", "1"):
        return image.convert("P")
    return image


def _without_metadata(image: Image.Image, fmt: str) -> Image.Image:
    if fmt in ("JPEG", "PNG"):
        # Pillow's JPEG and PNG writers take EXIF/XMP/ICC/text only from the save() arguments or from
        # `info` (checked against Pillow's _save functions and by tests/core/test_embedded_image_prepass.py),
        # so an emptied `info` is enough and saves copying every pixel once more. The transparent colour is
        # kept.
        image.info = {k: v for k, v in image.info.items() if k == "transparency" and fmt == "PNG"}
        return image
    clean = Image.new(image.mode, image.size)
    clean.paste(image)  # a fresh image: no info dict, no EXIF, XMP, ICC profile, text chunks or TIFF tags
    if clean.mode == "P" and image.mode == "P":
        clean.putpalette(image.getpalette() or [])
    return clean


_SAVE_OPTIONS = {"JPEG": {"quality": 90}, "PNG": {"compress_level": 1}}


def _saved(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    try:
        image.save(out, fmt, **_SAVE_OPTIONS.get(fmt, {}))
    except (OSError, ValueError, KeyError):
        raise MetadataError(N_("bukan gambar yang dapat dibersihkan.")) from None
    return out.getvalue()


IMAGE_NOTE = "metadata gambar (EXIF/XMP, termasuk lokasi GPS dan model kamera) dihapus"


# --- DOCX ------------------------------------------------------------------------------------------------

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
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_R_NS = {"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
         "http://purl.oclc.org/ooxml/officeDocument/relationships"}
_W_NS = {"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
         "http://purl.oclc.org/ooxml/wordprocessingml/main"}
_MS_WORD_NS = "http://schemas.microsoft.com/office/word/"  # w14, w15, w16*, ...
_SVG_NS = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"

# Relationship types (last path segment) whose target part is kept.
_KEEP_TYPES = {
    "officeDocument", "styles", "stylesWithEffects", "numbering", "settings", "fontTable", "webSettings",
    "theme", "themeOverride", "header", "footer", "footnotes", "endnotes", "comments", "image", "font",
    "chart", "chartStyle", "chartColorStyle", "chartUserShapes", "diagramData", "diagramLayout",
    "diagramQuickStyle", "diagramColors", "diagramDrawing",
}
_BLANK_TYPES = {"core-properties": _EMPTY_CORE, "extended-properties": _EMPTY_APP}
_EXTERNAL_SCHEMES = ("http://", "https://", "mailto:")
# Elements removed wherever they are: identifying settings, or they point at other files.
_DROP_ELEMENTS = {"attachedTemplate", "rsids", "docVars", "mailMerge", "altChunk", "subDoc", "OLEObject",
                  "externalData", "recipientData", "frameset"}
_FIELD_FETCHES = ("INCLUDEPICTURE", "INCLUDETEXT", "LINK", "DDE", "DDEAUTO", "IMPORT", "INCLUDE")
_PICTURE_EXTS = (".jpg", ".jpeg", ".png", ".heic", ".heif", ".gif", ".bmp", ".tif", ".tiff", ".webp",
                 ".emf", ".wmf", ".svg")


def _xml_parser():
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           remove_comments=True, remove_pis=False)


def _parse_xml(content: bytes):
    from lxml import etree

    if b"<!DOCTYPE" in content or b"<!ENTITY" in content:
        raise MetadataError(N_("rusak atau bukan dokumen DOCX yang sah."))
    try:
        return etree.fromstring(content, _xml_parser())
    except (etree.XMLSyntaxError, ValueError):
        raise MetadataError(N_("rusak atau bukan dokumen DOCX yang sah.")) from None


def _serialise(root) -> bytes:
    from lxml import etree

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _local(tag) -> tuple[str, str]:
    if not isinstance(tag, str):
        return "", ""
    if tag[:1] == "{":
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


def _rels_name(part: str) -> str:
    folder, _, base = part.rpartition("/")
    return f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"


def _resolve(source: str, target: str) -> str:
    target = unquote(target.replace("\\", "/"))
    if target.startswith("/"):
        path = target.lstrip("/")
    else:
        path = posixpath.join(posixpath.dirname(source), target)
    path = posixpath.normpath(path)
    return "" if path.startswith("..") or path == "." else path


@dataclass
class _DocxState:
    limits: Limits
    budget: Budget
    members: dict[str, bytes]
    kept: dict[str, str] = field(default_factory=dict)  # part -> relationship type
    dropped_ids: dict[str, set[str]] = field(default_factory=dict)  # part -> ids removed from its rels
    out: dict[str, bytes] = field(default_factory=dict)
    externals: int = 0
    parts_dropped: int = 0
    images: int = 0
    unchecked: int = 0


def _is_svg(data: bytes) -> bool:
    head = data[:512].lstrip().lower()
    return b"<svg" in head


def _keeps_external(kind: str, target: str) -> bool:
    """Only web and mail hyperlinks stay external; any other external target (a template, an image on a
    server that would learn who opens the file) is dropped."""
    return kind == "hyperlink" and target.strip().lower().startswith(_EXTERNAL_SCHEMES) and "\\" not in target


def _kept_internal(state: _DocxState, source: str, target: str, kind: str) -> str | None:
    """The package part an internal relationship points to, when it is kept; None to drop it."""
    part = _resolve(source, target)
    if not part or part not in state.members or (kind not in _KEEP_TYPES and kind not in _BLANK_TYPES):
        return None
    if kind == "image" and _is_svg(state.members[part]):
        return None  # an SVG may reference other files; the PNG fallback stays
    if kind == "officeDocument" and source:
        return None
    return part


def _walk_rels(state: _DocxState, source: str) -> None:
    """Rewrite the .rels file of `source` ('' = the package); record kept targets and dropped ids."""
    rels_part = _rels_name(source) if source else "_rels/.rels"
    content = state.members.get(rels_part)
    if content is None:
        return
    from lxml import etree

    root = _parse_xml(content)
    dropped = state.dropped_ids.setdefault(source, set())
    new_root = etree.Element(f"{{{_PKG_REL_NS}}}Relationships", nsmap={None: _PKG_REL_NS})
    for rel in root:
        state.budget.check()
        if _local(rel.tag)[1] != "Relationship":
            continue
        rid, rtype, target = rel.get("Id", ""), rel.get("Type", ""), rel.get("Target", "")
        kind = rtype.rstrip("/").rsplit("/", 1)[-1]
        if (rel.get("TargetMode") or "").lower() == "external":
            if _keeps_external(kind, target):
                etree.SubElement(new_root, f"{{{_PKG_REL_NS}}}Relationship",
                                 Id=rid, Type=rtype, Target=target, TargetMode="External")
            else:
                dropped.add(rid)
                state.externals += 1
            continue
        part = _kept_internal(state, source, target, kind)
        if part is None:
            dropped.add(rid)
            continue
        etree.SubElement(new_root, f"{{{_PKG_REL_NS}}}Relationship", Id=rid, Type=rtype, Target=target)
        if part not in state.kept:
            state.kept[part] = kind
            if kind in _KEEP_TYPES and kind not in ("image", "font"):
                _walk_rels(state, part)
    state.out[rels_part] = _serialise(new_root)


def _scrub_xml(state: _DocxState, part: str, content: bytes) -> bytes:
    root = _parse_xml(content)
    dropped = state.dropped_ids.get(part, set())
    remove = []
    for count, el in enumerate(root.iter()):
        if count % 2048 == 0:
            state.budget.check()
        ns, local = _local(el.tag)
        if not ns and not local:
            continue
        if local in _DROP_ELEMENTS:
            remove.append(el)
            continue
        if local == "svgBlip" and ns == _SVG_NS:
            remove.append(el.getparent() if el.getparent() is not None else el)
            continue
        if local == "instrText" and el.text and el.text.strip().upper().startswith(_FIELD_FETCHES):
            el.text = " "
        _scrub_attributes(el, local, dropped)
    for el in remove:
        parent = el.getparent()
        if parent is not None:
            parent.remove(el)
    return _serialise(root)


def _scrub_attributes(el, local: str, dropped: set[str]) -> None:
    """Authors and initials blanked, dates and editor ids removed, fetching field codes emptied, links to
    dropped relationships removed, picture names that are file names replaced."""
    for name in list(el.attrib):
        ans, alocal = _local(name)
        value = el.attrib[name]
        if ans in _R_NS and value in dropped:
            del el.attrib[name]
        elif ans in _W_NS or ans.startswith(_MS_WORD_NS):
            if alocal in ("author", "initials"):
                el.attrib[name] = "-"
            elif alocal in ("date", "dateUtc", "userId", "providerId") or alocal.startswith("rsid"):
                del el.attrib[name]
            elif alocal == "instr" and value.strip().upper().startswith(_FIELD_FETCHES):
                el.attrib[name] = " "
        elif local in ("docPr", "cNvPr") and alocal in ("name", "descr", "title") \
                and value.strip().lower().endswith(_PICTURE_EXTS):
            el.attrib[name] = "Gambar"


def _content_types(state: _DocxState) -> bytes:
    from lxml import etree

    root = _parse_xml(state.members["[Content_Types].xml"])
    new_root = etree.Element(f"{{{_CT_NS}}}Types", nsmap={None: _CT_NS})
    kept = {"/" + p for p in state.kept}
    for item in root:
        kind = _local(item.tag)[1]
        if kind == "Default":
            etree.SubElement(new_root, f"{{{_CT_NS}}}Default", Extension=item.get("Extension", ""),
                             ContentType=item.get("ContentType", ""))
        elif kind == "Override" and item.get("PartName", "").lstrip("/") in {k.lstrip("/") for k in kept}:
            etree.SubElement(new_root, f"{{{_CT_NS}}}Override", PartName=item.get("PartName", ""),
                             ContentType=item.get("ContentType", ""))
    return _serialise(new_root)


def read_docx(data: bytes, limits: Limits, budget: Budget) -> dict[str, bytes]:
    """Every entry of the package, read under the entry and total size caps (zip bombs refused)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise MetadataError(NOT_DOCX) from None
    with archive:
        infos = archive.infolist()
        _check_directory(infos, limits)
        try:
            members = _read_members(archive, infos, limits, budget)
        except MetadataError:
            raise
        except (zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, OSError, ValueError, EOFError,
                NotImplementedError):
            raise MetadataError(N_("rusak atau bukan dokumen DOCX yang sah.")) from None
    if b"macroEnabled" in members["[Content_Types].xml"]:
        raise MetadataError(_MACROS)
    return members


_MACROS = N_("berisi makro; simpan sebagai .docx biasa tanpa makro.")


def _zip_bomb() -> MetadataError:
    return MetadataError(N_("setelah diekstrak terlalu besar (kemungkinan zip bomb); dokumen ditolak."))


def _check_directory(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """What the ZIP directory alone tells, before anything is extracted: entry count, declared size,
    encryption, the two parts every DOCX has, macros."""
    if len(infos) > limits.docx_max_entries:
        raise MetadataError(N_("berisi terlalu banyak bagian (%(n)s); dokumen ditolak."), n=len(infos))
    if sum(info.file_size for info in infos) > limits.docx_max_uncompressed:
        raise _zip_bomb()
    if any(info.flag_bits & 0x1 for info in infos):
        raise MetadataError(N_("terenkripsi atau dilindungi kata sandi; kirim versi tanpa kata sandi."))
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        raise MetadataError(NOT_DOCX)
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise MetadataError(_MACROS)


def _read_members(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limits: Limits,
                  budget: Budget) -> dict[str, bytes]:
    """The entries' bytes, counted as they are extracted (the declared sizes may lie)."""
    members: dict[str, bytes] = {}
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        budget.check()
        chunks = []
        with archive.open(info) as member:
            while chunk := member.read(64 * 1024):
                total += len(chunk)
                if total > limits.docx_max_uncompressed:
                    raise _zip_bomb()
                chunks.append(chunk)
        members[info.filename] = b"".join(chunks)
    return members


def clean_docx(data: bytes, limits: Limits | None = None, budget: Budget | None = None) -> Cleaned:
    limits = limits or Limits()
    budget = budget or Budget()
    state = _DocxState(limits, budget, read_docx(data, limits, budget))
    _walk_rels(state, "")
    if "word/document.xml" not in state.kept:  # a package without a main-document relationship
        state.kept["word/document.xml"] = "officeDocument"
        _walk_rels(state, "word/document.xml")
    images = [p for p, kind in state.kept.items() if kind == "image"]
    if len(images) > limits.max_embedded_images:
        raise MetadataError(N_("memuat terlalu banyak gambar (%(n)s; maksimal %(max)s)."),
                            n=len(images), max=limits.max_embedded_images)
    _prepass_pixels([_header_pixels(state.members[p]) for p in images], limits, budget)
    for part, kind in state.kept.items():
        content = state.members[part]
        if kind in _BLANK_TYPES:
            state.out[part] = _BLANK_TYPES[kind]
        elif kind == "image":
            state.out[part] = _docx_image(state, content)
        elif kind == "font":
            state.out[part] = content
        else:
            state.out[part] = _scrub_xml(state, part, content)
    state.out["[Content_Types].xml"] = _content_types(state)
    state.parts_dropped = len(state.members) - len(state.out)
    return Cleaned(_zipped(state.out, budget), _docx_note(state), unverified=state.unchecked > 0,
                   images=state.images)


def _docx_image(state: _DocxState, content: bytes) -> bytes:
    """An embedded image re-encoded; one Pillow cannot re-encode (EMF/WMF) is kept as it is, unverified."""
    try:
        cleaned = clean_image(content, state.limits, state.budget)
    except BudgetExceeded:
        raise
    except MetadataError:
        if _too_large_image(content, state.limits):
            raise _too_large(state.limits) from None
        state.unchecked += 1
        return content
    state.images += 1
    return cleaned


def _zipped(parts: dict[str, bytes], budget: Budget) -> bytes:
    """The package written again: [Content_Types].xml first, fixed dates and modes (nothing of the sender's
    machine)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as dst:
        for name in ["[Content_Types].xml"] + sorted(n for n in parts if n != "[Content_Types].xml"):
            budget.check()
            entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, parts[name])
    return out.getvalue()


def _header_pixels(content: bytes) -> int:
    """Pixels of an image from its header only; 0 when Pillow cannot read it (EMF/WMF: left unverified)."""
    try:
        _fmt, width, height = image_size(content)
    except MetadataError:
        return 0
    return width * height


def _prepass_pixels(sizes: list[int], limits: Limits, budget: Budget) -> None:
    """Refuse before decoding anything when one embedded image is over the per-image cap or all of them
    together are over what is left of the request's pixel budget (the decode path checks again)."""
    if any(pixels > limits.max_image_pixels for pixels in sizes):
        raise _too_large(limits)
    budget.check()
    if sum(sizes) > budget.pixels_left:
        raise BudgetExceeded("pixels")


def _too_large_image(content: bytes, limits: Limits) -> bool:
    try:
        _fmt, width, height = image_size(content)
    except MetadataError:
        return False
    return width * height > limits.max_image_pixels


def _docx_note(state: _DocxState) -> str:
    note = "metadata DOCX (penulis, waktu, properti, ID sesi) dihapus"
    if state.images:
        note += f"; {state.images} gambar dibersihkan"
    if state.externals:
        note += f"; {state.externals} tautan eksternal dihapus"
    if state.unchecked:
        note += f"; {state.unchecked} gambar (mis. EMF/WMF) tidak dapat dibersihkan, metadata mungkin tersisa"
    return note


def docx_authors(data: bytes) -> list[str]:
    """Author-like values left in a DOCX (used by tests to double-check the cleaning)."""
    found: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            if not name.endswith(".xml"):
                continue
            root = _parse_xml(zf.read(name))
            for el in root.iter():
                local = _local(el.tag)[1]
                if local in ("creator", "lastModifiedBy", "Company", "Manager") and (el.text or "").strip():
                    found.append(f"{local}={el.text}")
                for attr, value in el.attrib.items():
                    if _local(attr)[1] in ("author", "initials", "userId", "providerId") and value != "-":
                        found.append(f"{_local(attr)[1]}={value}")
    return found


# --- PDF -------------------------------------------------------------------------------------------------

_PDF_DROP_KEYS = ("/Metadata", "/PieceInfo", "/LastModified", "/AA", "/AF", "/JS")
_ANNOT_DROP_SUBTYPES = {"/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia", "/3D"}
_SAFE_ACTIONS = {"/GoTo", "/Named", "/Thread", "/SetOCGState", "/Hide", "/ResetForm"}
_RAW_FILTERS = {"/FlateDecode", "/Fl", "/LZWDecode", "/LZW", "/RunLengthDecode", "/RL", "/CCITTFaxDecode",
                "/CCF", "/JBIG2Decode", "/ASCIIHexDecode", "/AHx", "/ASCII85Decode", "/A85"}
_DCT = {"/DCTDecode", "/DCT"}


def _safe_action(pikepdf, action) -> bool:
    if not isinstance(action, pikepdf.Dictionary):
        return False
    kind = str(action.get("/S", ""))
    if kind == "/URI":
        uri = action.get("/URI")
        try:
            text = bytes(uri).decode("latin-1").strip().lower() if uri is not None else ""
        except (TypeError, ValueError):
            return False
        return text.startswith(("http://", "https://", "mailto:")) and "\\" not in text
    return kind in _SAFE_ACTIONS


def _filters(pikepdf, obj) -> list[str]:
    raw = obj.get("/Filter")
    if raw is None:
        return []
    if isinstance(raw, pikepdf.Array):
        return [str(f) for f in raw]
    return [str(raw)]


def clean_pdf(data: bytes, limits: Limits | None = None, budget: Budget | None = None) -> Cleaned:
    import pikepdf

    limits = limits or Limits()
    budget = budget or Budget()
    if not data.startswith(b"%PDF-"):
        raise MetadataError(N_("bukan PDF yang sah (tidak diawali tanda %PDF)."))
    budget.check()
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise MetadataError(
            N_("terenkripsi atau dilindungi kata sandi; kirim versi tanpa kata sandi.")) from None
    except (pikepdf.PdfError, ValueError, RuntimeError, OverflowError):
        raise MetadataError(N_("rusak atau tidak dapat dibaca sebagai PDF.")) from None
    try:
        with pdf:
            result = _clean_open_pdf(pikepdf, pdf, limits, budget)
            budget.check()
            out = io.BytesIO()
            pdf.save(out, deterministic_id=True, compress_streams=True,
                     object_stream_mode=pikepdf.ObjectStreamMode.generate)
    except MetadataError:
        raise
    except (pikepdf.PdfError, ValueError, RuntimeError, TypeError, KeyError, OverflowError):
        raise MetadataError(N_("rusak atau tidak dapat dibaca sebagai PDF.")) from None
    budget.check()
    result.data = out.getvalue()
    return result


@dataclass
class _PdfCounts:
    images: int = 0  # JPEG images re-encoded
    unchecked: int = 0  # images whose samples could not be re-encoded
    removed: int = 0  # scripts, file links, embedded files and annotations dropped


def _clean_open_pdf(pikepdf, pdf, limits: Limits, budget: Budget) -> Cleaned:
    if len(pdf.objects) > limits.pdf_max_objects:
        raise MetadataError(N_("memuat terlalu banyak objek PDF (maksimal %(max)s)."),
                            max=limits.pdf_max_objects)
    _strip_document(pikepdf, pdf)
    _pdf_prepass(pikepdf, pdf, limits, budget)
    counts = _PdfCounts()
    for count, obj in enumerate(pdf.objects):
        if count % 256 == 0:
            budget.check()
        if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            counts.removed += _scrub_object(pikepdf, obj)
            if isinstance(obj, pikepdf.Stream) and str(obj.get("/Subtype", "")) == "/Image":
                _clean_image_object(pikepdf, obj, limits, budget, counts)
    for page in pdf.pages:
        budget.check()
        _scrub_page_annotations(pikepdf, page, counts)
        counts.unchecked += _inline_jpegs(pikepdf, page, budget)
    return Cleaned(b"", _pdf_note(counts), unverified=counts.unchecked > 0, images=counts.images)


def _strip_document(pikepdf, pdf) -> None:
    """The document information, XMP, automatic actions, JavaScript, embedded files and XFA forms."""
    if "/Info" in pdf.trailer:
        del pdf.trailer["/Info"]
    root = pdf.Root
    for key in ("/Metadata", "/OpenAction", "/AA", "/PieceInfo", "/AF", "/Perms", "/URI", "/SpiderInfo"):
        if key in root:
            del root[key]
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary):
        for key in ("/JavaScript", "/EmbeddedFiles"):
            if key in names:
                del names[key]
    acroform = root.get("/AcroForm")
    if isinstance(acroform, pikepdf.Dictionary) and "/XFA" in acroform:
        del acroform["/XFA"]


def _scrub_object(pikepdf, obj) -> int:
    """One dictionary or stream: identifying and dangerous keys dropped, unsafe actions removed,
    annotation dates and authors blanked. Returns how many things were removed."""
    removed = 0
    for key in _PDF_DROP_KEYS:
        if key in obj:
            del obj[key]
            removed += 1
    action = obj.get("/A")
    if action is not None and not _safe_action(pikepdf, action):
        del obj["/A"]
        removed += 1
    nxt = obj.get("/Next")
    if nxt is not None and "/S" in obj and not _safe_action(pikepdf, nxt):
        del obj["/Next"]
    subtype = str(obj.get("/Subtype", ""))
    if str(obj.get("/Type", "")) == "/Annot" or ("/Rect" in obj and subtype and "/P" in obj):
        for key in ("/M", "/CreationDate"):
            if key in obj:
                del obj[key]
        if subtype != "/Widget" and "/T" in obj:
            obj["/T"] = pikepdf.String("-")
    return removed


def _clean_image_object(pikepdf, obj, limits: Limits, budget: Budget, counts: _PdfCounts) -> None:
    """A JPEG image re-encoded (within the image count); raw samples carry no metadata; anything else
    (JPEG 2000, an unknown filter) is counted as unchecked."""
    filters = _filters(pikepdf, obj)
    if filters and filters[-1] in _DCT:
        counts.images += 1
        if counts.images > limits.max_embedded_images:
            raise MetadataError(N_("memuat terlalu banyak gambar (maksimal %(max)s)."),
                                max=limits.max_embedded_images)
        _reencode_dct(pikepdf, obj, limits, budget)
    elif not all(f in _RAW_FILTERS for f in filters):
        counts.unchecked += 1


def _scrub_page_annotations(pikepdf, page, counts: _PdfCounts) -> None:
    annots = page.obj.get("/Annots")
    if isinstance(annots, pikepdf.Array):
        keep = [a for a in annots if not (isinstance(a, pikepdf.Dictionary)
                                          and str(a.get("/Subtype", "")) in _ANNOT_DROP_SUBTYPES)]
        if len(keep) != len(annots):
            page.obj["/Annots"] = pikepdf.Array(keep)
            counts.removed += 1


def _pdf_note(counts: _PdfCounts) -> str:
    note = "metadata PDF (penulis, aplikasi, waktu, XMP) dihapus"
    if counts.images:
        note += f"; {counts.images} gambar dibersihkan"
    if counts.removed:
        note += "; skrip, tautan berkas atau lampiran tersemat dihapus"
    if counts.unchecked:
        note += (f"; {counts.unchecked} gambar (mis. JPEG 2000) tidak dapat dibersihkan, "
                 "metadata mungkin tersisa")
    return note


def _pdf_prepass(pikepdf, pdf, limits: Limits, budget: Budget) -> None:
    """Count the DCT images and add up their declared sizes before any is decoded (issue 10 B2)."""
    sizes: list[int] = []
    for count, obj in enumerate(pdf.objects):
        if count % 1024 == 0:
            budget.check()
        if not isinstance(obj, pikepdf.Stream) or str(obj.get("/Subtype", "")) != "/Image":
            continue
        filters = _filters(pikepdf, obj)
        if not filters or filters[-1] not in _DCT:
            continue
        if len(sizes) >= limits.max_embedded_images:
            raise MetadataError(N_("memuat terlalu banyak gambar (maksimal %(max)s)."),
                                max=limits.max_embedded_images)
        try:
            sizes.append(max(0, int(obj.get("/Width", 0))) * max(0, int(obj.get("/Height", 0))))
        except (TypeError, ValueError):
            sizes.append(0)  # a lying dictionary: the JPEG header is checked before decoding anyway
    _prepass_pixels(sizes, limits, budget)


def _inline_jpegs(pikepdf, page, budget: Budget) -> int:
    try:
        instructions = pikepdf.parse_content_stream(page)
    except (pikepdf.PdfError, ValueError, RuntimeError, TypeError):
        return 0
    found = 0
    for count, item in enumerate(instructions):
        if count % 4096 == 0:
            budget.check()
        if str(item.operator) == "INLINE IMAGE":
            filters = item.operands[0].obj.get("/F") if hasattr(item.operands[0], "obj") else None
            text = str(filters) if filters is not None else ""
            if "DCT" in text or "JPX" in text:
                found += 1
    return found


def _reencode_dct(pikepdf, obj, limits: Limits, budget: Budget) -> None:
    jpeg = _dct_bytes(pikepdf, obj)
    try:
        fmt, width, height = image_size(jpeg)
    except MetadataError:
        raise MetadataError(N_("memuat gambar yang rusak.")) from None
    if fmt != "JPEG":
        raise MetadataError(N_("memuat gambar yang rusak."))
    if width * height > limits.max_image_pixels:
        raise _too_large(limits)
    with Image.open(io.BytesIO(jpeg)) as probe:
        mode = probe.mode
    if mode == "CMYK":
        clean = strip_jpeg_segments(jpeg)  # Adobe CMYK: re-encoding would invert the colours
        budget.take_pixels(width * height)
    else:
        clean = clean_image(jpeg, limits, budget, expect="JPEG")
    obj.write(clean, filter=pikepdf.Name.DCTDecode)
    if "/DecodeParms" in obj:
        del obj["/DecodeParms"]


def _dct_bytes(pikepdf, obj) -> bytes:
    """The JPEG inside a /DCTDecode image stream, also under a [/FlateDecode /DCTDecode] chain (inflated
    with a cap: no zip bomb)."""
    filters = _filters(pikepdf, obj)
    raw = obj.read_raw_bytes()
    if len(filters) == 1:
        return raw
    if filters[:-1] == ["/FlateDecode"] and "/DecodeParms" not in obj:
        inflater = zlib.decompressobj()
        try:
            data = inflater.decompress(raw, 64 * MB)
        except zlib.error:
            raise MetadataError(N_("memuat gambar yang rusak.")) from None
        if inflater.unconsumed_tail:
            raise MetadataError(N_("memuat gambar yang terlalu besar."))
        return data
    raise MetadataError(N_("memuat gambar dengan penyandian yang tidak didukung; simpan ulang PDF-nya."))


def strip_jpeg_segments(jpeg: bytes) -> bytes:
    """Drop APP1..APP13, APP15 and COM segments (EXIF, XMP, IPTC, ICC, comments) without decoding; keeps
    APP0 (JFIF) and APP14 (Adobe colour transform). One pass over the markers: linear in the size."""
    if jpeg[:2] != b"\xff\xd8":
        raise MetadataError(N_("memuat gambar yang rusak."))
    out = bytearray(b"\xff\xd8")
    i = 2
    while i + 4 <= len(jpeg):
        if jpeg[i] != 0xFF:
            raise MetadataError(N_("memuat gambar yang rusak."))
        marker = jpeg[i + 1]
        if marker == 0xDA:  # start of scan: the rest is image data
            out += jpeg[i:]
            return bytes(out)
        length = int.from_bytes(jpeg[i + 2:i + 4], "big")
        segment = jpeg[i:i + 2 + length]
        if not (0xE1 <= marker <= 0xED or marker == 0xEF or marker == 0xFE):
            out += segment
        i += 2 + length
    raise MetadataError(N_("memuat gambar yang rusak."))
