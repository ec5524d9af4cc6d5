"""WBS uploads: the shared attachment pipeline (type by content; images re-encoded without EXIF/XMP; DOCX
and PDF cleaned of authors, external relationships and embedded-image metadata), then the reporter's
confirmation for any file whose cleaning could not be verified. Encryption happens when the service stores
them."""
from __future__ import annotations

from portal.core import attachments
from portal.core.errors import DomainError
from portal.wbs.service import CleanFile, attachment_label


class PdfMetadataWarning(DomainError):
    """A file may still carry metadata we could not remove (name kept for the views); the reporter must
    confirm."""


def policy(config) -> attachments.UploadPolicy:
    return attachments.UploadPolicy.from_config(
        config, max_files=config["WBS_MAX_FILES"], max_size=config["WBS_MAX_FILE_BYTES"]
    )


def _risky_warning(risky: list[str]) -> PdfMetadataWarning:
    """The refusal naming the files that may still carry metadata (the literal is a DomainError's, so that
    `pybabel -k DomainError` extracts it)."""
    said = DomainError(
        "Berkas %(names)s mungkin masih memuat nama penulis atau data perangkat yang tidak dapat kami hapus "
        "(misalnya gambar EMF/WMF atau JPEG 2000 di dalam dokumen). Untuk melindungi identitas Anda, simpan "
        "ulang dokumen ke PDF atau kirim sebagai gambar JPG/PNG dari perangkat yang bukan milik kantor. Jika "
        "tetap ingin mengirim berkas ini, pilih kembali berkasnya dan centang pernyataan di bawah kolom "
        "lampiran.",
        names=", ".join(risky),
    )
    return PdfMetadataWarning(said.msgid, **said.params)


def _clean_file(item: attachments.PreparedFile) -> CleanFile:
    # The reporter's file name goes no further than the messages of this request (issue 10, A4).
    return CleanFile(attachment_label(item.content_type), item.content_type, item.data, item.note)


def clean_uploads(files, config, *, accept_pdf_metadata: bool) -> list[CleanFile]:
    pol = policy(config)
    # AttachmentError is a DomainError
    prepared = attachments.prepare(attachments.read_uploads(files, pol), pol)
    risky = [item.display_name for item in prepared if item.unverified]
    if risky and not accept_pdf_metadata:
        raise _risky_warning(risky)
    return [_clean_file(item) for item in prepared]


def clean_each(files, config, *, accept_pdf_metadata: bool) -> tuple[list[CleanFile], list[str], bool]:
    """Each file checked on its own, all under the request's one time and pixel budget, so the ones that
    pass can be kept while the others are corrected: (files that passed, error messages, whether a file
    needs the metadata confirmation). A spent budget refuses the request as a whole (AttachmentError)."""
    pol = policy(config)
    outcome = attachments.prepare_each(attachments.read_uploads(files, pol), pol)
    errors, passed, warning = list(outcome.errors), outcome.prepared, False
    risky = [item.display_name for item in passed if item.unverified]
    if risky and not accept_pdf_metadata:
        errors.append(_risky_warning(risky).message)
        passed, warning = [item for item in passed if not item.unverified], True
    return [_clean_file(item) for item in passed], errors, warning
