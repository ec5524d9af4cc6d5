"""What the DUMAS audit codes mean (read by portal/core/audit.py `collect_labels`)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.core.audit import ObjectKind, int_ids

ACTIONS = {
    "complaint.submit": _l("Aduan masuk dari situs"),
    "complaint.register": _l("Mencatat aduan dari kanal lain"),
    "complaint.assign": _l("Menugaskan petugas"),
    "complaint.recategorise": _l("Mengubah kategori aduan"),
    "complaint.transition": _l("Mengubah status aduan"),
    "complaint.note": _l("Menambah catatan aduan"),
    "complaint.reporter_info": _l("Membuka identitas pelapor"),
    "complaint.attachment_download": _l("Mengunduh lampiran aduan"),
    "complaint.publish": _l("Menampilkan aduan di daftar publik"),
    "complaint.public_summary": _l("Mengubah ringkasan publik aduan"),
    "complaint.unpublish": _l("Menarik aduan dari daftar publik"),
    "complaint.export": _l("Mengekspor daftar aduan"),
}


def complaint_numbers(session: Session, ids: list[str]) -> dict[str, str]:
    from portal.dumas.models import Complaint

    rows = session.execute(select(Complaint.id, Complaint.number).where(Complaint.id.in_(int_ids(ids))))
    return {str(complaint_id): number for complaint_id, number in rows}


OBJECTS = {
    "complaints": ObjectKind(_l("Pengaduan"), "portal.dumas.audit_labels:complaint_numbers"),
    "complaint_attachments": ObjectKind(_l("Lampiran aduan")),
    "complaint_categories": ObjectKind(_l("Kategori aduan")),
}
