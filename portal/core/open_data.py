"""Open data responses (issue 12 §1): what every read-only public endpoint answers with, whatever its format.

Mark a view with `@open_data` (JSON under /api/v1 and /open311/v2, and the public CSV/XLSX/JSON downloads of
published tables). `install(app)` then gives each response of a marked view:

- CORS: `Access-Control-Allow-Origin: *` (read-only, no credentials), also on the automatic OPTIONS answer,
  so a journalist's page or a city dashboard on another origin can read it;
- a strong `ETag` from the body and conditional answers: `If-None-Match` gives 304 without the body;
- `Last-Modified` when the view says when its data last changed (`open_data(last_modified=fn)`, fn() -> an
  aware datetime or None), with `If-Modified-Since` honoured the same way;
- `Cache-Control: public, max-age=<OPEN_DATA_MAX_AGE>` unless the view set its own.

Only GET, HEAD and OPTIONS of marked views are touched; a staff page is never marked.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import Flask, current_app, request

OPEN_DATA_ATTR = "_open_data"
ALLOWED_METHODS = "GET, HEAD, OPTIONS"


def open_data(view: Callable | None = None, *, last_modified: Callable[[], datetime | None] | None = None):
    """Mark `view` as an open, read-only endpoint (see the module docstring). Use bare or with arguments."""

    def mark(fn: Callable) -> Callable:
        setattr(fn, OPEN_DATA_ATTR, {"last_modified": last_modified})
        return fn

    return mark(view) if view is not None else mark


def marking(endpoint: str | None) -> dict[str, Any] | None:
    """The open-data marking of an endpoint, or None when it is not an open endpoint."""
    if not endpoint:
        return None
    view = current_app.view_functions.get(endpoint)
    return getattr(view, OPEN_DATA_ATTR, None)


def _apply(response):
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        return response
    mark = marking(request.endpoint)
    if mark is None:
        return response
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS
    response.headers["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Content-Disposition"
    if request.method == "OPTIONS":
        response.headers["Access-Control-Max-Age"] = "86400"
        return response
    if response.status_code != 200 or response.direct_passthrough:
        return response
    if "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = f"public, max-age={current_app.config['OPEN_DATA_MAX_AGE']}"
    if mark["last_modified"] is not None:
        changed = mark["last_modified"]()
        if changed is not None:
            response.last_modified = changed.replace(microsecond=0)
    if not response.get_etag()[0]:
        response.add_etag()
    return response.make_conditional(request)


def install(app: Flask) -> None:
    app.after_request(_apply)
