"""PPID (Pejabat Pengelola Informasi dan Dokumentasi, UU 14/2008): the public page /ppid, the Daftar
Informasi Publik (/ppid/dip), the list of exempted information (/ppid/dikecualikan), their JSON under
/api/v1/ppid, and the staff area /admin/ppid (roles `ppid` and `editor` edit, `pimpinan` reads).
Information requests and objections come next, on the case engine (portal/core/cases.py)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.core.registry import Feature, MenuEntry, Mount

EDIT_ROLES = ("ppid", "editor")
READ_ROLES = ("ppid", "editor", "pimpinan")

FEATURE = Feature(
    "ppid",
    blueprints=(
        Mount("portal.ppid.views:bp", "/ppid"),
        Mount("portal.ppid.views:api_bp", "/api/v1/ppid"),
        Mount("portal.ppid.admin:bp", "/admin/ppid"),
    ),
    menu=(MenuEntry("ppid.index", _l("PPID"), 35),),
    staff_menu=(MenuEntry("admin_ppid.index", _l("PPID"), 45, READ_ROLES),),
    samplers=("portal.ppid.demo:demo_sample",),
)
