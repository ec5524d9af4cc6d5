"""Rencana Aksi (the ZI action plan): the decree's table, imported, published at /rencana-aksi and as JSON."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.core.registry import Feature, Loader, MenuEntry, Mount

FEATURE = Feature(
    "action_plan",
    blueprints=(Mount("portal.action_plan.views:bp"),),  # on `public`: /rencana-aksi, /api/v1/rencana-aksi
    menu=(MenuEntry("public.action_plan", _l("Rencana Aksi"), 10),),
    loaders=(Loader("rencana aksi", "portal.action_plan.service:load_shipped_plans"),),
    commands=("portal.action_plan.cli:import_action_plan_command",),
)
