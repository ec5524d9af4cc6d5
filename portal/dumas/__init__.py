"""DUMAS (pengaduan masyarakat): public blueprint `dumas` (views.py, forms.py) and staff blueprint
`admin_dumas` (admin.py)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.core.registry import Feature, Loader, MenuEntry, Mount, Panel

FEATURE = Feature(
    "dumas",
    blueprints=(
        Mount("portal.dumas.views:bp", "/pengaduan"),
        Mount("portal.dumas.admin:bp", "/admin/pengaduan"),
        Mount("portal.dumas.publication_admin:bp", "/admin/pengaduan"),  # /<number>/publikasi
    ),
    menu=(MenuEntry("dumas.form", _l("Pengaduan"), 40),),
    staff_menu=(MenuEntry("admin_dumas.inbox", _l("Pengaduan (DUMAS)"), 10, ("dumas", "pimpinan")),),
    panels=(Panel("admin/dumas/_dashboard_panel.html", "portal.dumas.dashboard:dashboard_context",
                  ("dumas", "pimpinan"), order=10),),
    loaders=(Loader("kategori aduan", "portal.dumas.service:load_default_categories"),),
    samplers=("portal.dumas.demo:demo_sample",),
)
