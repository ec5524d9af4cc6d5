"""PPID (Pejabat Pengelola Informasi dan Dokumentasi, UU 14/2008): the public page /ppid, the Daftar
Informasi Publik (/ppid/dip), the list of exempted information (/ppid/dikecualikan), their JSON under
/api/v1/ppid, and the staff area /admin/ppid (roles `ppid` and `editor` edit, `pimpinan` reads).
Information requests (/ppid/permohonan, /ppid/lacak, staff /admin/ppid/permohonan) and objections
(/ppid/keberatan, staff /admin/ppid/keberatan) run on the case engine (portal/core/cases.py,
portal/ppid/workflow.py); the public report is /ppid/laporan."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.core.registry import Feature, MenuEntry, Mount, Panel

EDIT_ROLES = ("ppid", "editor")
READ_ROLES = ("ppid", "editor", "pimpinan")
# Information requests: the PPID handles them (and alone sees an applicant's identity scan), pimpinan reads.
REQUEST_WRITE_ROLES = ("ppid",)
REQUEST_READ_ROLES = ("ppid", "pimpinan")
# Objections: the atasan PPID answers, the PPID records the Komisi Informasi dispute, both and pimpinan read.
OBJECTION_ANSWER_ROLES = ("atasan_ppid",)
OBJECTION_READ_ROLES = ("ppid", "atasan_ppid", "pimpinan")

FEATURE = Feature(
    "ppid",
    blueprints=(
        Mount("portal.ppid.views:bp", "/ppid"),
        Mount("portal.ppid.views:api_bp", "/api/v1/ppid"),
        Mount("portal.ppid.admin:bp", "/admin/ppid"),
        Mount("portal.ppid.request_views:bp", "/ppid"),
        Mount("portal.ppid.objection_views:bp", "/ppid/keberatan"),
        Mount("portal.ppid.report_views:bp", "/ppid/laporan"),
        Mount("portal.ppid.report_views:api_bp", "/api/v1/ppid/laporan"),
        Mount("portal.ppid.intake_admin:bp", "/admin/ppid/permohonan"),
        Mount("portal.ppid.request_admin:bp", "/admin/ppid/permohonan"),
        Mount("portal.ppid.objection_admin:bp", "/admin/ppid/keberatan"),
    ),
    menu=(MenuEntry("ppid.index", _l("PPID"), 35),),
    staff_menu=(MenuEntry("admin_ppid.index", _l("PPID"), 45, READ_ROLES),
                MenuEntry("admin_ppid_requests.inbox", _l("Permohonan informasi"), 46, REQUEST_READ_ROLES),
                MenuEntry("admin_ppid_objections.inbox", _l("Keberatan informasi"), 47,
                          OBJECTION_READ_ROLES)),
    panels=(Panel("admin/ppid/_dashboard_panel.html", "portal.ppid.dashboard:dashboard_context",
                  REQUEST_READ_ROLES),),
    samplers=("portal.ppid.demo:demo_sample",),
)
