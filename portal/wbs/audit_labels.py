"""What the WBS audit codes mean (read by portal/core/audit.py `collect_labels`). WBS objects have no
resolver: an id in the log is never turned into anything about a report."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.core.audit import ObjectKind

ACTIONS = {
    "wbs.view": _l("Membuka laporan WBS"),
    "wbs.inbox": _l("Membuka kotak masuk WBS"),
    "wbs.download": _l("Mengunduh lampiran WBS"),
    "wbs.message": _l("Mengirim pesan ke pelapor WBS"),
    "wbs.note": _l("Menambah catatan internal WBS"),
    "wbs.transition": _l("Mengubah status laporan WBS"),
    "wbs.recommendation_add": _l("Mencatat rekomendasi Inspektorat"),
    "wbs.recommendations_view": _l("Membuka daftar rekomendasi"),
    "wbs.followup_update": _l("Memperbarui tindak lanjut rekomendasi"),
    "wbs.quarterly_view": _l("Membuka laporan triwulan WBS"),
    "wbs.export": _l("Mengekspor laporan triwulan WBS"),
    "wbs.purge": _l("Menghapus isi laporan WBS (retensi)"),
    "wbs.recap_publish": _l("Menerbitkan rekap WBS"),
}

OBJECTS = {
    "wbs_reports": ObjectKind(_l("Laporan WBS")),
    "wbs_messages": ObjectKind(_l("Pesan WBS")),
    "wbs_attachments": ObjectKind(_l("Lampiran WBS")),
    "wbs_recommendations": ObjectKind(_l("Rekomendasi")),
}
