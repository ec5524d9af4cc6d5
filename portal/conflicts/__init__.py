"""Conflict of interest (benturan kepentingan, seed rows V.3.1-V.3.5): the staff area
/admin/benturan-kepentingan (a URL other tools rely on). Every `pegawai` signs a yearly declaration by
attestation (a printable Surat Pernyataan); the ZI team keeps the identification register, the handling
cases (on the case engine) and the yearly Laporan Benturan Kepentingan with its follow-up table; `pimpinan`
reads; the WBS team opens a case from a WBS report. Roles: portal/conflicts/access.py."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.core.registry import Feature, MenuEntry, Mount, Panel

MENU_ROLES = ("pegawai", "admin", "pimpinan", "wbs")  # portal/conflicts/access.py MENU_ROLES

FEATURE = Feature(
    "conflicts",
    blueprints=(Mount("portal.conflicts.admin:bp", "/admin/benturan-kepentingan"),),
    staff_menu=(MenuEntry("admin_conflicts.index", _l("Benturan kepentingan"), 62, MENU_ROLES),),
    # every staff member: the ZI team is a membership (portal/zi), not a role; the panel shows only to those
    # who have something here (portal/conflicts/dashboard.py)
    panels=(Panel("admin/conflicts/_dashboard_panel.html", "portal.conflicts.dashboard:dashboard_context",
                  order=55),),
    samplers=("portal.conflicts.demo:demo_sample",),
)
