"""SPIP risk register (issue 14 part C): risks per unit and activity with their 5x5 assessment (inherent and
residual, portal/risks/matrix.py), the quarterly Kartu Kendali and the yearly Daftar Uji Penyelenggaraan
SPIP, at /admin/risiko (a contract: other tools link to it). `risiko` edits; `pimpinan` and `admin` read.
The documents (Daftar Risiko, Kartu Kendali, Daftar Uji) are print views and XLSX, and the ZI evidence of
rows V.4.x (portal/zi/evidence.py)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.core.registry import Feature, MenuEntry, Mount, Panel

EDIT_ROLES = ("risiko",)
READ_ROLES = ("risiko", "pimpinan", "admin")

FEATURE = Feature(
    "risks",
    blueprints=(Mount("portal.risks.admin:bp", "/admin/risiko"),),
    staff_menu=(MenuEntry("admin_risks.index", _l("Risiko SPIP"), 48, READ_ROLES),),
    panels=(Panel("admin/risks/_dashboard_panel.html", "portal.risks.dashboard:dashboard_context",
                  READ_ROLES, order=60),),
    samplers=("portal.risks.demo:demo_sample",),
)
