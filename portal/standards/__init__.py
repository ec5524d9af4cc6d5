"""Service standards: the public pages (/standar-pelayanan, on `public`) and the staff area
(`admin_standards`, /admin/standar-pelayanan) for the `editor` role."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.core.registry import Feature, Loader, MenuEntry, Mount

FEATURE = Feature(
    "standards",
    blueprints=(
        Mount("portal.standards.views:bp"),
        Mount("portal.standards.admin:bp", "/admin/standar-pelayanan"),
    ),
    menu=(MenuEntry("public.standards", _l("Standar Pelayanan"), 20),),
    staff_menu=(MenuEntry("admin_standards.index", _l("Standar Pelayanan"), 50, ("editor",)),),
    loaders=(Loader("standar pelayanan", "portal.standards.service:load_default_standards"),),
)
