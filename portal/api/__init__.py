"""The open API (issue 12 §1): `/api/v1` (an index of every endpoint), `/api/v1/openapi.json` (the OpenAPI
3.1 document assembled from every feature's fragments, spec.py) and `/data-terbuka` (the same catalogue as a
public page). docs/api.md describes the endpoints, the naming rule and the fragment convention."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.core.registry import Feature, MenuEntry, Mount

FEATURE = Feature(
    "api",
    blueprints=(Mount("portal.api.views:bp"),),
    menu=(MenuEntry("api.open_data", _l("Data Terbuka"), 80),),
)
