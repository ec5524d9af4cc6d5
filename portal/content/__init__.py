"""Content pages: public (/halaman/<slug>, /maklumat, on `public`) and the staff area (`admin_content`,
/admin/konten) for the `editor` role."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.core.registry import Feature, Loader, MenuEntry, Mount, Panel

FEATURE = Feature(
    "content",
    blueprints=(Mount("portal.content.views:bp"), Mount("portal.content.admin:bp", "/admin/konten")),
    menu=(MenuEntry("public.pledge", _l("Maklumat"), 30),),
    staff_menu=(MenuEntry("admin_content.pages", _l("Konten"), 40, ("editor",)),),
    # drafts of pages and of service standards waiting (portal/content/dashboard.py)
    panels=(Panel("admin/content/_dashboard_panel.html", "portal.content.dashboard:dashboard_context",
                  ("editor",), order=45),),
    loaders=(Loader("halaman konten", "portal.content.service:load_default_pages"),),
)
