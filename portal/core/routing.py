"""URL building and URL parsing that bad input cannot break.

- `BoundedIntConverter` is the app's `int` converter: `<int:...>` never matches a number a database integer
  cannot hold (PostgreSQL's `integer` ends at 2**31-1), so a huge id is "not found" (404), never a 500 from
  the database driver. Registered for every route by `install` (before the blueprints are registered).
- `url_with_args` is the one link builder for links that keep the current query string (language switch,
  pagination, "the same filter as JSON", canonical redirects). The query string is encoded here, never passed
  to `url_for` as keyword arguments, so `?endpoint=`, `?_method=`, `?_external=` or a route's own path
  variable in the query cannot collide with `url_for`'s parameters.
- `query_int` reads an integer query argument within the database range (the strict parser of
  portal/core/validation.py): a bad value is treated as absent, never a 500.
"""
from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote, urlencode

from flask import Flask, current_app, request, url_for
from werkzeug.routing import BuildError, IntegerConverter

from portal.core.validation import DB_INT_MAX, parse_int

# url_for's own keyword parameters (and "values", its catch-all): never taken from a query string.
URL_FOR_RESERVED = frozenset({"endpoint", "values", "_external", "_anchor", "_method", "_scheme"})


class BoundedIntConverter(IntegerConverter):
    """`<int:x>` limited to 0..2**31-1 (pass `max=` to a route for a lower bound; a larger one is capped)."""

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):
        max = DB_INT_MAX if max is None or max > DB_INT_MAX else max
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def install(app: Flask) -> None:
    """Register the bounded `int` converter (call before any blueprint) and the `url_with_args` template
    global."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.jinja_env.globals["url_with_args"] = url_with_args


def _path_arguments(endpoint: str) -> set[str]:
    names: set[str] = set()
    for rule in current_app.url_map.iter_rules(endpoint):
        names |= set(rule.arguments)
    return names


def url_with_args(endpoint: str | None = None, path_values: dict | None = None,
                  keep: Iterable[str] | None = None, **overrides) -> str:
    """A link to `endpoint` (default: the current page) carrying the current query arguments.

    Copied: every query argument (all its values) except url_for's reserved names, names starting with "_"
    and the target route's path variables; with `keep`, only the names listed. `overrides` set arguments
    (`page=3`, `lang="en"`); None removes one. `path_values` are the route's path variables (default: the
    current request's, when `endpoint` is the current page)."""
    if endpoint is None:
        endpoint = request.endpoint
        path_values = request.view_args if path_values is None else path_values
    wanted = set(keep) if keep is not None else None
    skip = URL_FOR_RESERVED | (_path_arguments(endpoint) if endpoint else set())
    pairs: list[tuple[str, str]] = []
    for name, values in request.args.lists():
        if name in skip or name.startswith("_") or name in overrides:
            continue
        if wanted is not None and name not in wanted:
            continue
        pairs.extend((name, value) for value in values)
    pairs.extend((name, str(value)) for name, value in overrides.items() if value is not None)
    base = _base_url(endpoint, path_values or {})
    query = urlencode(pairs, doseq=False, errors="replace") if pairs else ""
    return base + ("?" + query if query else "")


def _base_url(endpoint: str | None, path_values: dict) -> str:
    if endpoint:
        try:
            return url_for(endpoint, **{k: v for k, v in path_values.items() if k not in URL_FOR_RESERVED})
        except (BuildError, ValueError, TypeError):
            pass
    # No endpoint (a 404 page) or values that do not build: the path as requested.
    return quote(request.script_root + request.path, safe="/:@!$&'()*+,;=-._~")


def query_int(name: str, default: int | None = None, *, min_value: int = 0,
              max_value: int = DB_INT_MAX) -> int | None:
    """`request.args[name]` as an int within [min_value, max_value]; `default` when missing, blank or
    invalid."""
    value = parse_int(request.args.get(name), min_value=min_value, max_value=max_value)
    return default if value is None else value
