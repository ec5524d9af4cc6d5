"""What the conflict-of-interest audit codes mean (read by portal/core/audit.py `collect_labels`)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.core.audit import ObjectKind

ACTIONS = {
    "conflicts.declaration.sign": _l("Menandatangani pernyataan benturan kepentingan"),
    "conflicts.identification.create": _l("Menambah baris identifikasi potensi benturan kepentingan"),
    "conflicts.identification.update": _l("Mengubah baris identifikasi potensi benturan kepentingan"),
    "conflicts.case.open": _l("Membuka kasus benturan kepentingan"),
    "conflicts.case.transition": _l("Mengubah status kasus benturan kepentingan"),
    "conflicts.report.update": _l("Mengubah uraian laporan benturan kepentingan"),
}

OBJECTS = {
    "coi_declarations": ObjectKind(_l("Pernyataan benturan kepentingan")),
    "coi_identifications": ObjectKind(_l("Identifikasi potensi benturan kepentingan")),
    "coi_cases": ObjectKind(_l("Kasus benturan kepentingan")),
    "coi_reports": ObjectKind(_l("Laporan benturan kepentingan")),
}
