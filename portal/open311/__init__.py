"""Open311 GeoReport v2, read side (issue 12 §1): the published DUMAS complaints as service requests,
the complaint categories as services. JSON only, under /open311/v2 (views.py; the rules in service.py)."""
from __future__ import annotations

from portal.core.registry import Feature, Mount

FEATURE = Feature(
    "open311",
    blueprints=(Mount("portal.open311.views:bp", "/open311/v2"),),
)
