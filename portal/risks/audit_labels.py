"""What the SPIP risk register's audit codes mean (read by portal/core/audit.py `collect_labels`)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.core.audit import ObjectKind

ACTIONS = {
    "risk.create": _l("Mencatat risiko SPIP"),
    "risk.update": _l("Mengubah risiko SPIP"),
    "risk.delete": _l("Menghapus risiko SPIP"),
    "risk.card.save": _l("Mengisi kartu kendali risiko"),
    "risk.checklist.create": _l("Menambah pernyataan daftar uji SPIP"),
    "risk.checklist.answer": _l("Menjawab pernyataan daftar uji SPIP"),
    "risk.checklist.delete": _l("Menghapus pernyataan daftar uji SPIP"),
}

OBJECTS = {
    "risks": ObjectKind(_l("Risiko SPIP"), "portal.risks.service:audit_codes"),
    "risk_control_cards": ObjectKind(_l("Kartu kendali risiko")),
    "risk_checklist_items": ObjectKind(_l("Pernyataan daftar uji SPIP")),
}
