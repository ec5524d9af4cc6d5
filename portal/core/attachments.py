"""Uploaded attachments: checked by content, images re-encoded without metadata, stored under random names.

Used by DUMAS and WBS. The flow is always: `read_uploads` (bounded read) -> `prepare` (validate EVERY file
in memory; nothing touches the disk) -> `write_all` (random names under UPLOAD_FOLDER/<area>/) -> the caller
commits its transaction -> on any failure the caller calls `delete_all`, so no orphan file stays behind.
`store_for_transaction` wraps the last three steps.

Accepted types (by content, never by name): PDF, JPEG, PNG and DOCX. A DOCX is a ZIP that holds
`[Content_Types].xml` and `word/document.xml`; it is read entry by entry under a total size and entry cap,
so a zip bomb is refused before anything is written. JPEG/PNG are decoded with Pillow (pixel cap read from
the header before decoding), their EXIF orientation applied, and saved again without EXIF, XMP, ICC or text
chunks. DOCX and PDF are cleaned by `doc_metadata` (allow-listed DOCX parts, external relationships dropped,
embedded images re-encoded; PDF rewritten by pikepdf). Each `PreparedFile` carries a truthful `note` and
`unverified` when something could not be checked. All processing of one request shares one `Budget`
(time and decoded pixels, ATTACHMENT_* settings); when it is spent the whole submission is refused.
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import secrets
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import filetype
from flask_babel import gettext
from PIL import Image
from werkzeug.security import safe_join

from portal.core import doc_metadata
from portal.core.doc_metadata import Budget, BudgetExceeded, Cleaned, Limits, MetadataError
from portal.core.errors import DomainError

log = logging.getLogger("portal.attachments")

# Pillow's own backstop (it warns above this, raises at twice it); the policy's lower cap
# (ATTACHMENT_MAX_IMAGE_PIXELS) is checked from the header before any image is decoded.
MAX_IMAGE_PIXELS = 50_000_000
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS

MB = 1024 * 1024

# Detected type -> (MIME type, canonical extension, extensions that may stay as typed, label for messages)
TYPES: dict[str, tuple[str, str, tuple[str, ...], str]] = {
    "pdf": ("application/pdf", "pdf", ("pdf",), "PDF"),
    "jpeg": ("image/jpeg", "jpg", ("jpg", "jpeg"), "JPG"),
    "png": ("image/png", "png", ("png",), "PNG"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", ("docx",), "DOCX",
    ),
}
DOCX_CONTENT_TYPE = TYPES["docx"][0]
_AREA_RE = re.compile(r"^[a-z0-9_-]{1,32}$")
_STORED_RE = re.compile(r"^[0-9a-f]{32}\.[a-z]{3,4}$")


@dataclass(frozen=True)
class UploadPolicy:
    """Limits for one submission; `from_config` reads the ATTACHMENT_* settings (portal/config.py)."""

    max_files: int = 5
    max_size: int = 10 * MB
    allowed: tuple[str, ...] = ("pdf", "jpeg", "png", "docx")
    max_name_length: int = 120
    docx_max_entries: int = 1000
    docx_max_uncompressed: int = 50 * MB
    max_image_pixels: int = 25_000_000  # per image (a 24 MP phone photo passes)
    max_total_pixels: int = 50_000_000  # decoded pixels per request, top-level and embedded images together
    max_embedded_images: int = 100  # per DOCX or PDF
    pdf_max_objects: int = 20_000
    time_budget: float = 10.0  # seconds for all file processing of one request

    @classmethod
    def from_config(cls, config: Any, **overrides: Any) -> UploadPolicy:
        values = {
            "max_files": int(config["ATTACHMENT_MAX_FILES"]),
            "max_size": int(config["ATTACHMENT_MAX_SIZE"]),
            "docx_max_entries": int(config["ATTACHMENT_DOCX_MAX_PARTS"]),
            "max_image_pixels": int(config["ATTACHMENT_MAX_IMAGE_PIXELS"]),
            "max_total_pixels": int(config["ATTACHMENT_MAX_TOTAL_PIXELS"]),
            "max_embedded_images": int(config["ATTACHMENT_MAX_EMBEDDED_IMAGES"]),
            "pdf_max_objects": int(config["ATTACHMENT_PDF_MAX_OBJECTS"]),
            "time_budget": float(config["ATTACHMENT_TIME_BUDGET"]),
        }
        values.update(overrides)
        return cls(**values)

    def limits(self) -> Limits:
        return Limits(max_image_pixels=self.max_image_pixels, max_embedded_images=self.max_embedded_images,
                      docx_max_entries=self.docx_max_entries,
                      docx_max_uncompressed=self.docx_max_uncompressed,
                      pdf_max_objects=self.pdf_max_objects)

    def new_budget(self) -> Budget:
        return Budget(self.time_budget, self.max_total_pixels)

    @property
    def size_label(self) -> str:
        mb = self.max_size / MB
        return f"{mb:g} MB"

    @property
    def types_label(self) -> str:
        labels = [TYPES[t][3] for t in self.allowed]
        if len(labels) == 1:
            return labels[0]
        return gettext("%(first)s atau %(last)s", first=", ".join(labels[:-1]), last=labels[-1])

    @property
    def accept(self) -> str:
        """Value for the HTML `accept` attribute (a hint only; the server checks the content)."""
        parts = []
        for t in self.allowed:
            mime, _ext, exts, _label = TYPES[t]
            parts.extend("." + e for e in exts)
            parts.append(mime)
        return ",".join(parts)


class StorageError(DomainError):
    """The upload folder cannot take a file (disk full, read-only, no permission). Whatever this submission
    had written is removed again, so no file and no row stays behind; views answer 503 with this message."""


def storage_error(exc: OSError) -> StorageError:
    """Log the cause for the operator (errno only: no file names or content); return the visitor's message."""
    log.error("upload storage failed: errno %s (%s)", exc.errno, exc.strerror or type(exc).__name__)
    return StorageError(gettext(
        "Lampiran tidak dapat disimpan karena ruang penyimpanan server sedang penuh atau tidak dapat "
        "ditulis. "
        "Data Anda belum tersimpan. Silakan coba lagi nanti."))


class AttachmentError(DomainError):
    """One or more files were refused; `errors` lists one sentence per problem, in the language of the
    request that sent the files (each built with gettext when the file is checked)."""

    def __init__(self, errors: list[str]):
        super().__init__(" ".join(errors))
        self.errors = errors


@dataclass
class Upload:
    """A file as received: the name the browser sent and (at most max_size + 1 of) its bytes."""

    filename: str
    data: bytes
    truncated: bool = False  # more bytes followed than were read: certainly over the limit


@dataclass
class PreparedFile:
    """A validated file, ready to write: cleaned bytes, display name and detected type; `note` says what was
    removed (for the team), `unverified` that something could not be checked (metadata may remain)."""

    display_name: str
    content_type: str
    extension: str
    data: bytes = field(repr=False)
    note: str = ""
    unverified: bool = False

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class StoredFile:
    area: str
    stored_name: str
    display_name: str
    content_type: str
    size: int
    sha256: str


# --- reading --------------------------------------------------------------------------------------------

def read_uploads(files: Iterable[Any], policy: UploadPolicy) -> list[Upload]:
    """Read werkzeug FileStorage objects (or anything with `.filename` and `.read(n)`/`.stream`).

    Empty file inputs (no file chosen) are skipped. Each file is read up to `max_size + 1` bytes, so an
    oversize file is recognised without keeping it all in memory. Already-built `Upload`s pass through.
    """
    uploads: list[Upload] = []
    for item in files:
        if item is None:
            continue
        if isinstance(item, Upload):
            uploads.append(item)
            continue
        if isinstance(item, tuple):
            name, data = item
            uploads.append(Upload(name or "", bytes(data)))
            continue
        name = getattr(item, "filename", "") or ""
        stream = getattr(item, "stream", item)
        data = stream.read(policy.max_size + 1)  # one byte more than allowed tells "too big"
        truncated = len(data) > policy.max_size
        if not name and not data:
            continue  # an empty <input type=file>
        uploads.append(Upload(name, data, truncated))
    return uploads


# --- validation -----------------------------------------------------------------------------------------

def clean_name(name: str, limit: int = 120) -> str:
    """The last path part of `name` without control/format characters and surrounding dots or blanks."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn"))
    name = re.sub(r"\s+", " ", name).strip().strip(".").strip()
    return name[:limit].rstrip()


def sanitise_name(name: str, extension: str, accepted_exts: tuple[str, ...] = (), limit: int = 120) -> str:
    """A safe display name: no path parts, control or format characters, bounded length, and an extension
    that matches the detected type (`foto.jpg` holding a PDF becomes `foto.pdf`)."""
    name = clean_name(name, 1000)
    stem, dot, ext = name.rpartition(".")
    if dot and stem and 1 <= len(ext) <= 5 and ext.isalnum():
        typed = ext.lower()
    else:
        stem, typed = name, ""
    keep = typed if typed in (accepted_exts or (extension,)) else extension
    stem = stem.strip().strip(".").strip() or "lampiran"
    stem = stem[: max(1, limit - len(keep) - 1)].rstrip()
    return f"{stem}.{keep}"


def _label(name: str) -> str:
    shown = clean_name(name, 80)
    return f"\u201c{shown}\u201d" if shown else gettext("tanpa nama")


def _refused_name(upload: Upload) -> str:
    return clean_name(upload.filename, 80) or gettext("tanpa nama")


def _too_many(policy: UploadPolicy, count: int) -> str:
    return gettext("Maksimal %(max)s berkas per pengiriman; Anda memilih %(count)s berkas.",
                   max=policy.max_files, count=count)


def detect(data: bytes) -> str | None:
    """The detected type key (pdf, jpeg, png, docx), or None when it is none of them."""
    kind = filetype.guess(data[:8192] if len(data) > 8192 else data)
    ext = kind.extension if kind else None
    if data[:5] == b"%PDF-":
        return "pdf"
    if ext == "jpg":
        return "jpeg"
    if ext in ("png", "apng"):
        return "png"
    if ext in ("docx", "zip") or data[:4] == b"PK\x03\x04":
        return "docx"  # confirmed (or refused) by the structural check
    return None


def budget_message(policy: UploadPolicy) -> str:
    seconds, megapixels = f"{policy.time_budget:g}", f"{policy.max_total_pixels / 1_000_000:g}"
    return gettext(
        "Lampiran terlalu berat untuk diproses (batas %(seconds)s detik dan %(mp)s megapiksel gambar per "
        "pengiriman). Tidak ada yang disimpan. Kirim lebih sedikit berkas atau gambar beresolusi lebih "
        "kecil.",
        seconds=seconds, mp=megapixels)


class BudgetSpent(AttachmentError):
    """The request's processing budget (time or decoded pixels) is spent: the whole request is refused and
    none of its files is kept, not even the ones checked before."""


@dataclass
class Outcome:
    """Every file of one request checked on its own, under the request's one budget."""

    prepared: list[PreparedFile]  # the files that passed, in order
    errors: list[str]  # one sentence per problem
    refused: list[str]  # the names (as sent, cleaned) of the files that did not pass


def prepare_each(uploads: list[Upload], policy: UploadPolicy, budget: Budget | None = None) -> Outcome:
    """Check and clean each file on its own, so the ones that pass can be kept when others are refused;
    writes nothing. Files over the count (policy.max_files) are refused unchecked. The time and pixel
    budget covers all files of the request (and image sizes are summed from the headers before anything is
    decoded): when it is spent, BudgetSpent is raised for the request as a whole."""
    errors: list[str] = []
    refused: list[str] = []
    if len(uploads) > policy.max_files:
        errors.append(_too_many(policy, len(uploads)))
        refused.extend(_refused_name(u) for u in uploads[policy.max_files:])
        uploads = uploads[:policy.max_files]
    budget = budget or policy.new_budget()
    kinds = [detect(u.data) if u.data and not u.truncated else None for u in uploads]
    if _header_pixels(uploads, kinds, policy) > policy.max_total_pixels:
        raise BudgetSpent([budget_message(policy)])
    limits = policy.limits()
    prepared: list[PreparedFile] = []
    for upload, kind in zip(uploads, kinds, strict=True):
        problems = _refusals(upload, kind, policy)
        if not problems:
            problems = _clean_one(upload, kind, policy, limits, budget, prepared)
        if problems:
            errors.extend(problems)
            refused.append(_refused_name(upload))
    return Outcome(prepared, errors, refused)


def _header_pixels(uploads: list[Upload], kinds: list[str | None], policy: UploadPolicy) -> int:
    """Pixels of the images, read from their headers (nothing decoded yet); images over the per-image cap
    are left out (they are refused one by one)."""
    total = 0
    for upload, kind in zip(uploads, kinds, strict=True):
        if kind in ("jpeg", "png") and len(upload.data) <= policy.max_size:
            try:
                _fmt, width, height = doc_metadata.image_size(upload.data)
            except MetadataError:
                continue
            if width * height <= policy.max_image_pixels:
                total += width * height
    return total


def _refusals(upload: Upload, kind: str | None, policy: UploadPolicy) -> list[str]:
    """What is wrong with the file before its content is opened: size, emptiness, type."""
    label = _label(upload.filename)
    if upload.truncated or len(upload.data) > policy.max_size:
        return [gettext("Berkas %(label)s melebihi %(size)s.", label=label, size=policy.size_label)]
    if not upload.data:
        return [gettext("Berkas %(label)s kosong.", label=label)]
    if kind is None or kind not in policy.allowed:
        return [gettext("Berkas %(label)s bukan %(types)s.", label=label, types=policy.types_label)]
    return []


def _clean_one(upload: Upload, kind: str, policy: UploadPolicy, limits: Limits, budget: Budget,
               prepared: list[PreparedFile]) -> list[str]:
    """Check and clean one file by its content; appends it to `prepared`, or returns its problems."""
    label = _label(upload.filename)
    try:
        cleaned = _CHECKS[kind](upload.data, policy, limits, budget)
    except BudgetExceeded:
        log.info("attachment processing budget spent")
        raise BudgetSpent([budget_message(policy)]) from None
    except MetadataError as err:
        return [_problem(label, str(err))]
    except BudgetSpent:
        raise
    except AttachmentError as err:
        return [_problem(label, problem) for problem in err.errors]
    mime, ext, exts, _type_label = TYPES[kind]
    prepared.append(PreparedFile(
        display_name=sanitise_name(upload.filename, ext, exts, policy.max_name_length),
        content_type=mime, extension=ext, data=cleaned.data, note=cleaned.note, unverified=cleaned.unverified,
    ))
    return []


def _problem(label: str, problem: str) -> str:
    """"Berkas <name> <what is wrong>": `problem`, the end of the sentence, is translated where it is
    raised."""
    return gettext("Berkas %(label)s %(problem)s", label=label, problem=problem)


def prepare(uploads: list[Upload], policy: UploadPolicy, budget: Budget | None = None) -> list[PreparedFile]:
    """Validate and clean every file; raises AttachmentError listing every refused file. Writes nothing.

    `budget` (time and decoded pixels) covers all files of the request; spent -> the whole request is
    refused."""
    if len(uploads) > policy.max_files:
        raise AttachmentError([_too_many(policy, len(uploads))])
    outcome = prepare_each(uploads, policy, budget)
    if outcome.errors:
        raise AttachmentError(outcome.errors)
    return outcome.prepared


def _check_pdf(data: bytes, policy: UploadPolicy, limits: Limits, budget: Budget) -> Cleaned:
    if not data.startswith(b"%PDF-"):
        raise AttachmentError([gettext("bukan PDF yang sah (tidak diawali tanda %PDF).")])
    if b"%%EOF" not in data[-4096:]:
        raise AttachmentError([gettext("tampaknya terpotong atau rusak (akhir berkas PDF tidak ditemukan).")])
    return doc_metadata.clean_pdf(data, limits, budget)


def _check_jpeg(data: bytes, policy: UploadPolicy, limits: Limits, budget: Budget) -> Cleaned:
    return Cleaned(doc_metadata.clean_image(data, limits, budget, expect="JPEG"), doc_metadata.IMAGE_NOTE)


def _check_png(data: bytes, policy: UploadPolicy, limits: Limits, budget: Budget) -> Cleaned:
    return Cleaned(doc_metadata.clean_image(data, limits, budget, expect="PNG"), doc_metadata.IMAGE_NOTE)


def _check_docx(data: bytes, policy: UploadPolicy, limits: Limits, budget: Budget) -> Cleaned:
    if data[:4] != b"PK\x03\x04":
        raise AttachmentError([_not_of_types(policy)])
    try:
        return doc_metadata.clean_docx(data, limits, budget)
    except BudgetExceeded:
        raise
    except MetadataError as err:
        if err.msgid == doc_metadata.NOT_DOCX:
            raise AttachmentError([_not_of_types(policy)]) from None
        raise


def _not_of_types(policy: UploadPolicy) -> str:
    return gettext("bukan %(types)s.", types=policy.types_label)


_CHECKS: dict[str, Callable[[bytes, UploadPolicy, Limits, Budget], Cleaned]] = {
    "pdf": _check_pdf, "jpeg": _check_jpeg, "png": _check_png, "docx": _check_docx,
}


# --- storage --------------------------------------------------------------------------------------------

def _area_dir(upload_folder: str | os.PathLike, area: str) -> Path:
    if not _AREA_RE.match(area):
        raise ValueError(f"invalid attachment area {area!r}")
    folder = Path(upload_folder) / area
    folder.mkdir(parents=True, exist_ok=True, mode=0o750)
    return folder


def write_all(prepared: list[PreparedFile], upload_folder: str | os.PathLike, area: str) -> list[StoredFile]:
    """Write every prepared file under a fresh random name; on a write error removes what it wrote.

    Disk full or a read-only/unwritable folder raises StorageError (after the clean-up)."""
    stored: list[StoredFile] = []
    try:
        folder = _area_dir(upload_folder, area)
        for item in prepared:
            while True:
                name = f"{secrets.token_hex(16)}.{item.extension}"
                try:
                    fd = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
                except FileExistsError:  # pragma: no cover - 128 random bits
                    continue
                break
            record = StoredFile(area, name, item.display_name, item.content_type, item.size, item.sha256)
            stored.append(record)
            with os.fdopen(fd, "wb") as fh:
                fh.write(item.data)
    except OSError as exc:
        delete_all(stored, upload_folder)
        raise storage_error(exc) from exc
    except BaseException:
        delete_all(stored, upload_folder)
        raise
    return stored


def delete_all(stored: Iterable[StoredFile], upload_folder: str | os.PathLike) -> None:
    """Remove stored files (used to undo a failed transaction); missing files are ignored."""
    for item in stored:
        try:
            stored_path(upload_folder, item.area, item.stored_name).unlink(missing_ok=True)
        except (OSError, ValueError):
            log.warning("could not remove attachment %s", item.stored_name)


@contextmanager
def store_for_transaction(
    prepared: list[PreparedFile], upload_folder: str | os.PathLike, area: str
) -> Iterator[list[StoredFile]]:
    """Write the files, yield their records; if the block raises (e.g. the commit fails) delete them.

        with attachments.store_for_transaction(prepared, folder, "dumas") as stored:
            ...add rows...
            session.commit()
    """
    stored = write_all(prepared, upload_folder, area)
    try:
        yield stored
    except BaseException:
        delete_all(stored, upload_folder)
        raise


def stored_path(upload_folder: str | os.PathLike, area: str, stored_name: str) -> Path:
    """The path of a stored file, refusing anything that is not one of our random names."""
    if not _AREA_RE.match(area) or not _STORED_RE.match(stored_name or ""):
        raise FileNotFoundError(stored_name)
    joined = safe_join(str(upload_folder), area, stored_name)
    if joined is None:  # pragma: no cover - the patterns above already exclude traversal
        raise FileNotFoundError(stored_name)
    return Path(joined)


def open_stored(upload_folder: str | os.PathLike, area: str, stored_name: str) -> BinaryIO:
    """Open a stored file for download (binary, read-only). Raises FileNotFoundError.

    Serve it with portal.core.downloads.send_user_file.
    """
    return open(stored_path(upload_folder, area, stored_name), "rb")
