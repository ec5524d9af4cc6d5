"""WBS uploads: the shared attachment checks (type by content, images re-encoded without EXIF/XMP),
then author metadata removed from DOCX and PDF. Encryption happens when the service stores them."""
from __future__ import annotations

from flask_babel import gettext

from portal.services import DomainError, attachments
from portal.services.doc_metadata import MetadataError, clean_docx, clean_pdf
from portal.services.wbs import CleanFile


class PdfMetadataWarning(DomainError):
    """A PDF may still carry author metadata we could not reach; the reporter must confirm."""


def policy(config) -> attachments.UploadPolicy:
    return attachments.UploadPolicy.from_config(
        config, max_files=config["WBS_MAX_FILES"], max_size=config["WBS_MAX_FILE_BYTES"]
    )


def clean_uploads(files, config, *, accept_pdf_metadata: bool) -> list[CleanFile]:
    pol = policy(config)
    prepared = attachments.prepare(attachments.read_uploads(files, pol), pol)
    result: list[CleanFile] = []
    risky: list[str] = []
    for item in prepared:
        note = ""
        data = item.data
        try:
            if item.extension == "docx":
                cleaned = clean_docx(data)
                data, note = cleaned.data, cleaned.note
            elif item.extension == "pdf":
                cleaned = clean_pdf(data)
                data, note = cleaned.data, cleaned.note
                if cleaned.unverified:
                    risky.append(item.display_name)
            elif item.content_type.startswith("image/"):
                note = "metadata gambar (EXIF/XMP, termasuk lokasi GPS) dihapus"
        except MetadataError as exc:
            raise DomainError(gettext("Berkas %(name)s rusak atau tidak dapat dibersihkan dari metadata.",
                                      name=item.display_name)) from exc
        result.append(CleanFile(item.display_name, item.content_type, data, note))
    if risky and not accept_pdf_metadata:
        raise PdfMetadataWarning(gettext(
            "PDF %(names)s mungkin masih memuat nama penulis atau data perangkat yang tidak dapat kami hapus "
            "(bagian terkompresi atau terenkripsi). Untuk melindungi identitas Anda, cetak ulang dokumen ke PDF "
            "dari perangkat yang bukan milik kantor, atau kirim sebagai gambar. Jika tetap ingin mengirim PDF "
            "ini, pilih kembali berkasnya dan centang pernyataan di bawah kolom lampiran.",
            names=", ".join(risky),
        ))
    return result
