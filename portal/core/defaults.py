"""Default content loaded by `flask --app portal init`. Each loader is idempotent: it adds what is missing."""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

# (name, loader) pairs; each loader returns a short human-readable summary of what it added.
LOADERS: list[tuple[str, Callable[[Session], str]]] = []


def loader(name: str):
    def decorator(fn: Callable[[Session], str]):
        LOADERS.append((name, fn))
        return fn

    return decorator


def load_all(session: Session) -> list[str]:
    _import_loader_modules()
    report = []
    for name, fn in LOADERS:
        report.append(f"{name}: {fn(session)}")
    return report


def _import_loader_modules() -> None:
    """Modules that register loaders. Imported lazily so importing a service stays cheap."""
    import importlib

    for module in ("portal.core.site_settings",) + EXTRA_LOADER_MODULES:
        importlib.import_module(module)


# Feature packages append their module path here (e.g. "portal.action_plan.service").
EXTRA_LOADER_MODULES: tuple[str, ...] = (
    "portal.action_plan.service",
    "portal.content.service",
    "portal.standards.service",
    "portal.core.holidays",
    "portal.dumas.service",
    "portal.wbs.cli",
    "portal.zi.service",
)
