"""What the admin area's own audit codes mean (read by portal/core/audit.py `collect_labels`)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.core.audit import ObjectKind

ACTIONS = {
    "audit.export": _l("Mengekspor log audit"),
    "jobs.retry": _l("Menjalankan ulang pekerjaan latar yang gagal"),
    "jobs.delete": _l("Menghapus pekerjaan latar yang gagal"),
}

OBJECTS = {"failed_jobs": ObjectKind(_l("Pekerjaan latar yang gagal"))}
