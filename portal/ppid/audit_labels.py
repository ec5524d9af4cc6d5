"""What the PPID audit codes mean (read by portal/core/audit.py `collect_labels`)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.core.audit import ObjectKind

ACTIONS = {
    "ppid.dip.create": _l("Menambah informasi ke Daftar Informasi Publik"),
    "ppid.dip.update": _l("Mengubah informasi di Daftar Informasi Publik"),
    "ppid.dip.withdraw": _l("Menarik informasi dari Daftar Informasi Publik"),
    "ppid.dip.document_remove": _l("Menghapus dokumen dari Daftar Informasi Publik"),
    "ppid.exemption.create": _l("Menambah informasi yang dikecualikan"),
    "ppid.exemption.update": _l("Mengubah informasi yang dikecualikan"),
    "ppid.exemption.withdraw": _l("Menarik informasi yang dikecualikan"),
    "ppid.request.transition": _l("Mengubah status permohonan informasi"),
    "ppid.request.note": _l("Menambah catatan pada permohonan informasi"),
    "ppid.request.assign": _l("Menugaskan petugas permohonan informasi"),
    "ppid.request.file_release": _l("Melampirkan dokumen yang diberikan kepada pemohon informasi"),
    "ppid.request.file_download": _l("Mengunduh berkas permohonan informasi"),
    "ppid.request.register": _l("Mencatat permohonan informasi (surat, e-mail, atau datang langsung)"),
    "ppid.objection.answer": _l("Menjawab keberatan informasi"),
    "ppid.objection.dispute": _l("Mencatat sengketa informasi di Komisi Informasi"),
    "ppid.objection.dispute_result": _l("Mencatat hasil sengketa informasi di Komisi Informasi"),
}

OBJECTS = {
    "ppid_dip_entries": ObjectKind(_l("Informasi publik (DIP)")),
    "ppid_dip_documents": ObjectKind(_l("Dokumen informasi publik (DIP)")),
    "ppid_exemptions": ObjectKind(_l("Informasi yang dikecualikan")),
    "ppid_requests": ObjectKind(_l("Permohonan informasi")),
    "ppid_request_files": ObjectKind(_l("Berkas permohonan informasi")),
    "ppid_objections": ObjectKind(_l("Keberatan informasi")),
}
