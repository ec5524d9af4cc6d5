"""What the recaps' audit codes mean (read by portal/core/audit.py `collect_labels`)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.core.audit import ObjectKind

ACTIONS = {
    "recap.publish": _l("Menerbitkan rekapitulasi"),
    "recap.republish": _l("Menerbitkan ulang rekapitulasi"),
}

OBJECTS = {"recap_snapshots": ObjectKind(_l("Rekapitulasi terbit"))}
