"""What the admin area's own audit codes mean (read by portal/core/audit.py `collect_labels`)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

ACTIONS = {"audit.export": _l("Mengekspor log audit")}
