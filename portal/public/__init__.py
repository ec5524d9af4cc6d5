"""The public site's shared blueprint `public`: the home page and /healthz (views.py), plus the public pages
of action_plan, standards, content and zi, which attach their routes to this same blueprint (each of those
features mounts it with its own views module) so that their endpoint names (`public.action_plan`,
`public.standards`, ...) stay what templates and links use."""
from __future__ import annotations

from flask import Blueprint

from portal.core.registry import Feature, Mount

bp = Blueprint("public", __name__)

FEATURE = Feature("public", blueprints=(Mount("portal.public.views:bp"), Mount("portal.public.seo:bp")))
