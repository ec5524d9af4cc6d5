"""The feature list: every package under portal/ that the app is made of, in load order.

A feature is a folder `portal/<name>/` holding its models, its request-free domain modules, its views
(public and staff), forms, CLI, demo data and templates (docs/architecture.md). Adding a feature is adding
its folder and one line here. Shared machinery lives in `portal/core/`, which is not a feature.
"""
from __future__ import annotations

import importlib
import importlib.util

FEATURES: tuple[str, ...] = (
    "accounts",
    "admin",
    "public",
    "action_plan",
    "standards",
    "content",
    "dumas",
    "open311",
    "wbs",
    "survey",
    "zi",
    "recap",
    "ppid",
    "gratification",
    "conflicts",
    "risks",
    "api",
)


def import_models() -> None:
    """Import every table (core and each feature's `models` module) so Alembic and `create_all` see them."""
    from portal.core.models import CORE_MODEL_MODULES

    for module in CORE_MODEL_MODULES:
        importlib.import_module(f"portal.core.models.{module}")
    for name in FEATURES:
        module = f"portal.{name}.models"
        if importlib.util.find_spec(module) is not None:
            importlib.import_module(module)
