"""What the Zona Integritas audit codes mean (read by portal/core/audit.py `collect_labels`)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.core.audit import ObjectKind

ACTIONS = {
    "zi.team.sync": _l("Menyelaraskan tim ZI"),
    "zi.team.member_add": _l("Menambah anggota tim ZI"),
    "zi.team.member_remove": _l("Mengeluarkan anggota tim ZI"),
    "zi.reviewer.add": _l("Menambah penilai ZI"),
    "zi.reviewer.remove": _l("Mengeluarkan penilai ZI"),
    "zi.evidence.submit": _l("Mengirim bukti dukung ZI"),
    "zi.evidence.withdraw": _l("Menarik bukti dukung ZI"),
    "zi.evidence.accept": _l("Menerima bukti dukung ZI"),
    "zi.evidence.return": _l("Mengembalikan bukti dukung ZI"),
}

OBJECTS = {
    "zi_teams": ObjectKind(_l("Tim ZI")),
    "zi_team_members": ObjectKind(_l("Anggota tim ZI")),
    "zi_reviewers": ObjectKind(_l("Penilai ZI")),
    "zi_evidence": ObjectKind(_l("Bukti dukung ZI")),
    "action_plan_items": ObjectKind(_l("Kegiatan rencana aksi")),
}
