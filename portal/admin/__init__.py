"""The staff area's own pages (`admin`, /admin): dashboard, users, office settings, audit log; backups."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.core.registry import Feature, MenuEntry, Mount

FEATURE = Feature(
    "admin",
    blueprints=(Mount("portal.admin.views:bp", "/admin"),),
    staff_menu=(
        MenuEntry("admin.dashboard", _l("Dasbor"), 0),
        MenuEntry("admin.users", _l("Pengguna"), 80, ("admin",)),
        MenuEntry("admin.settings", _l("Pengaturan"), 90, ("admin",)),
        MenuEntry("admin.jobs_index", _l("Antrean"), 95, ("admin",)),
        MenuEntry("admin.audit_log", _l("Log audit"), 100, ("admin", "pimpinan")),
    ),
    commands=(
        "portal.admin.cli:backup_command",
        "portal.admin.cli:restore_command",
        "portal.admin.cli:check_uploads_command",
    ),
)
