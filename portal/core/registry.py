"""The feature registry: what each feature brings to the app, declared once, in its package's __init__.py.

`portal/<feature>/__init__.py` holds one `FEATURE = Feature(...)`: its blueprints with their URL prefixes,
its public and staff menu entries (with the roles that see them), its dashboard panels, its default-content
loaders (`flask init`), its demo samplers (`flask demo-data`) and its CLI commands. Code is referenced by
"module:attribute" strings, resolved only when the app is built, so importing a feature package is cheap and
cannot start an import cycle. The app factory calls `install(app)`: it walks portal/features.py FEATURES,
imports `portal.<name>`, takes its FEATURE and registers everything (docs/architecture.md).
"""
from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Flask, current_app
from sqlalchemy.orm import Session

EXTENSION = "portal_registry"


def resolve(ref: str) -> Any:
    """"portal.wbs.cli:key_export" -> that object (its module imported); "portal.wbs.views" -> the module."""
    module_name, _, attribute = ref.partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, attribute) if attribute else module


@dataclass(frozen=True)
class Mount:
    """A blueprint ("module:bp") and its URL prefix. Several features may mount the same blueprint (the
    public pages of action_plan, content, standards and zi live on `public`): it is registered once."""

    blueprint: str
    url_prefix: str | None = None


@dataclass(frozen=True)
class MenuEntry:
    """A menu link; `order` places it among the other features' entries (lower first); `roles`: who sees it
    in the staff menu (empty: every staff member). Entries whose endpoint is not installed are hidden."""

    endpoint: str
    label: Any  # a lazy_gettext string: shown in the reader's language
    order: int
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Panel:
    """A staff dashboard panel: its template, who sees it, and "module:fn" giving its template context;
    `order` places it among the other features' panels (lower first: what must be acted on today first).
    The context function may take `since` (the signed-in user's previous log-in, or the start of today):
    what is new since then."""

    template: str
    context: str
    roles: tuple[str, ...] = ()
    order: int = 50


@dataclass(frozen=True)
class Loader:
    """Default content for `flask init`: "module:fn", fn(session) -> a short summary; idempotent."""

    name: str
    load: str


@dataclass(frozen=True)
class Feature:
    name: str
    blueprints: tuple[Mount, ...] = ()
    menu: tuple[MenuEntry, ...] = ()
    staff_menu: tuple[MenuEntry, ...] = ()
    panels: tuple[Panel, ...] = ()
    loaders: tuple[Loader, ...] = ()
    # "module:fn", run by `flask demo-data`: fn(session) -> a summary line (or lines); a sampler that takes a
    # `password` parameter (the demo accounts) gets the demo password.
    samplers: tuple[str, ...] = ()
    commands: tuple[str, ...] = ()  # "module:click_command"


# The shared machinery's own default content, loaded before any feature's.
CORE = Feature(
    "core",
    loaders=(Loader("libur nasional & cuti bersama 2026", "portal.core.holidays:load_default_holidays"),),
)


def feature_of(name: str) -> Feature:
    """The FEATURE declared by `portal.<name>` (a package without one brings nothing but its folder)."""
    module = importlib.import_module(f"portal.{name}")
    feature = getattr(module, "FEATURE", None)
    return feature if feature is not None else Feature(name)


class Registry:
    """The features of one app, in load order (core first)."""

    def __init__(self, features: Iterable[Feature]):
        self.features = tuple(features)

    @classmethod
    def from_names(cls, names: Iterable[str]) -> Registry:
        return cls([CORE, *(feature_of(name) for name in names)])

    def _each(self, field: str) -> Iterator:
        for feature in self.features:
            yield from getattr(feature, field)

    def loaders(self) -> list[Loader]:
        return list(self._each("loaders"))

    def samplers(self) -> list[Callable[[Session], str]]:
        return [resolve(ref) for ref in self._each("samplers")]

    def panels(self) -> list[Panel]:
        return sorted(self._each("panels"), key=lambda panel: panel.order)

    def menu(self) -> list[MenuEntry]:
        return sorted(self._each("menu"), key=lambda entry: entry.order)

    def staff_menu(self) -> list[MenuEntry]:
        return sorted(self._each("staff_menu"), key=lambda entry: entry.order)

    def blueprints(self) -> list[tuple[Blueprint, str | None]]:
        """Every blueprint once, with its prefix, all resolved before any is registered (a shared blueprint
        gets its routes from several features' modules first)."""
        seen: dict[int, tuple[Blueprint, str | None]] = {}
        for mount in self._each("blueprints"):
            blueprint = resolve(mount.blueprint)
            known = seen.setdefault(id(blueprint), (blueprint, mount.url_prefix))
            if known[1] != mount.url_prefix:
                raise ValueError(
                    f"blueprint {blueprint.name} mounted at {known[1]!r} and at {mount.url_prefix!r}")
        return list(seen.values())

    def commands(self) -> list:
        return [resolve(ref) for ref in self._each("commands")]


def install(app: Flask, names: Iterable[str] | None = None) -> Registry:
    """Register every feature's blueprints and CLI commands on `app`; keep the registry for the rest."""
    if names is None:
        from portal.features import FEATURES

        names = FEATURES
    registry = Registry.from_names(names)
    app.extensions[EXTENSION] = registry
    for blueprint, prefix in registry.blueprints():
        app.register_blueprint(blueprint, url_prefix=prefix)
    for command in registry.commands():
        app.cli.add_command(command)
    return registry


def current() -> Registry:
    return current_app.extensions[EXTENSION]


def run_loaders(session: Session) -> list[str]:
    """`flask init`: every default-content loader, in feature order; one summary line each."""
    return [f"{loader.name}: {resolve(loader.load)(session)}" for loader in current().loaders()]


def run_samplers(session: Session, password: str) -> list[str]:
    """`flask demo-data`: every feature's sample data, in feature order (accounts first: the demo staff)."""
    import inspect

    lines: list[str] = []
    for sampler in current().samplers():
        wants_password = "password" in inspect.signature(sampler).parameters
        result = sampler(session, password=password) if wants_password else sampler(session)
        lines.extend([result] if isinstance(result, str) else result)
    return lines
