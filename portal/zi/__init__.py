"""Zona Integritas monitoring: the staff blueprint `admin_zi` (/admin/zi, admin.py), the public progress page
(views.py, /rencana-aksi/progres on `public`) and the `zi-digest` command (cli.py)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.core.registry import Feature, Loader, MenuEntry, Mount, Panel

FEATURE = Feature(
    "zi",
    blueprints=(Mount("portal.zi.admin:bp", "/admin/zi"), Mount("portal.zi.views:bp")),
    # every staff member reads; the teams and the reviewers write
    staff_menu=(MenuEntry("admin_zi.dashboard", _l("Monitoring ZI"), 60),),
    panels=(Panel("admin/zi/_dashboard_panel.html", "portal.zi.admin:dashboard_context"),),
    loaders=(Loader("tim zi", "portal.zi.service:load_teams"),),
    samplers=("portal.zi.service:demo_sample",),
    commands=("portal.zi.cli:zi_digest",),
)
