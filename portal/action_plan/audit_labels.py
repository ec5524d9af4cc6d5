"""What the action plan's audit codes mean (read by portal/core/audit.py `collect_labels`)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.core.audit import ObjectKind

ACTIONS = {
    "action_plan.load": _l("Memuat rencana aksi bawaan"),
    "action_plan.import": _l("Mengimpor rencana aksi"),
}

OBJECTS = {"action_plan": ObjectKind(_l("Rencana aksi"))}
