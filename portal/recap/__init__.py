"""Recaps (rekapitulasi): public `/rekap` pages, downloads and `/api/v1/rekap/...` (views.py, blueprint
`recap`); staff live figures and publishing under `/admin/rekap` (admin.py, blueprint `admin_recap`)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.core.registry import Feature, MenuEntry, Mount

FEATURE = Feature(
    "recap",
    blueprints=(Mount("portal.recap.views:bp"), Mount("portal.recap.admin:bp", "/admin/rekap")),
    menu=(MenuEntry("recap.index", _l("Rekapitulasi"), 70),),
    staff_menu=(MenuEntry("admin_recap.index", _l("Rekapitulasi"), 70, ("dumas", "admin", "pimpinan")),),
)
