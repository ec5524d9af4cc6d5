"""Gratification register (Unit Pengendalian Gratifikasi, Peraturan KPK 2/2019; seed row V.1): a `pegawai`
reports a gift received or refused (/admin/gratifikasi/lapor) and follows only their own reports; the `upg`
role verifies, forwards to the KPK, records the decision (/admin/gratifikasi, the case engine in
workflow.py); `upg` and `pimpinan` read the quarterly and yearly recap (/admin/gratifikasi/rekap). The
public sees numbers only: the section on /rekap, /rekap/gratifikasi/<period> and /api/v1/gratifikasi/rekap."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.core.registry import Feature, MenuEntry, Mount, Panel

# Who files (and reads their own reports): every employee; UPG members are employees too.
FILER_ROLES = ("pegawai", "upg")
# Who handles every report (and alone sees a confidential reporter's identity, on the case page).
UPG_ROLES = ("upg",)
# Who reads the recap (numbers only).
RECAP_ROLES = ("upg", "pimpinan")

FEATURE = Feature(
    "gratification",
    blueprints=(
        Mount("portal.gratification.admin:bp", "/admin/gratifikasi"),
        Mount("portal.gratification.views:bp", "/rekap/gratifikasi"),
        Mount("portal.gratification.views:api_bp", "/api/v1/gratifikasi"),
    ),
    staff_menu=(MenuEntry("admin_gratification.index", _l("Gratifikasi"), 60, FILER_ROLES),
                MenuEntry("admin_gratification.recap", _l("Rekap gratifikasi"), 61, RECAP_ROLES)),
    panels=(Panel("admin/gratification/_dashboard_panel.html",
                  "portal.gratification.dashboard:dashboard_context", FILER_ROLES),),
    samplers=("portal.gratification.demo:demo_sample",),
)
