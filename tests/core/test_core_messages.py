"""Refusal messages of the shared upload pipeline are catalogue literals (extracted as `make translations`
does), with their values as %(name)s params, so they read in the visitor's language once translated."""
from __future__ import annotations

from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file

from portal.core import attachments as att
from portal.core.doc_metadata import MetadataError

CORE = Path(att.__file__).resolve().parent
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "DomainError": None}


def _msgids(name: str) -> set[str]:
    return {msg for _line, msg, _comments, _context in extract_from_file("python", CORE / name, KEYWORDS)}


def test_attachment_refusals_are_extracted_literals_with_params():
    ids = _msgids("attachments.py")
    assert {
        "Berkas %(label)s melebihi %(size)s.", "Berkas %(label)s kosong.",
        "Berkas %(label)s bukan %(types)s.", "Berkas %(label)s %(problem)s",
        "Maksimal %(max)s berkas per pengiriman; Anda memilih %(count)s berkas.",
        "%(first)s atau %(last)s", "tanpa nama", "bukan %(types)s.",
        "tampaknya terpotong atau rusak (akhir berkas PDF tidak ditemukan).",
    } <= ids


def test_cleaning_refusals_are_extracted_literals_with_params():
    ids = _msgids("doc_metadata.py")
    assert {
        "rusak atau bukan gambar yang sah.", "bukan gambar %(kind)s yang sah.",
        "memuat terlalu banyak objek PDF (maksimal %(max)s).", "bukan dokumen DOCX yang sah.",
        "memiliki resolusi terlalu besar (maksimal %(mp)s megapiksel).",
        "berisi makro; simpan sebagai .docx biasa tanpa makro.",
    } <= ids


def test_a_cleaning_refusal_fills_its_params_when_read(app):
    err = MetadataError("memuat terlalu banyak objek PDF (maksimal %(max)s).", max=7)
    assert str(err) == "memuat terlalu banyak objek PDF (maksimal 7)."
    with app.test_request_context("/?lang=en"):
        assert str(err).endswith("7).")
