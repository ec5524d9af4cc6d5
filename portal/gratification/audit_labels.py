"""What the gratification audit codes mean (read by portal/core/audit.py `collect_labels`)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.core.audit import ObjectKind

ACTIONS = {
    "gratification.file": _l("Melaporkan gratifikasi"),
    "gratification.transition": _l("Mengubah status laporan gratifikasi"),
    "gratification.note": _l("Menambah catatan pada laporan gratifikasi"),
    "gratification.file_download": _l("Mengunduh bukti laporan gratifikasi"),
    "gratification.export": _l("Mengekspor daftar laporan gratifikasi"),
}

OBJECTS = {
    "gratification_reports": ObjectKind(_l("Laporan gratifikasi")),
    "gratification_files": ObjectKind(_l("Bukti laporan gratifikasi")),
}
