"""Request hygiene for every page and form (found by the fuzz tests, tests/test_fuzz.py):

* NUL characters are dropped from query arguments and form fields. Nobody types one, PostgreSQL refuses them
  in text (a 500 on any lookup or insert), and SQLite would store them: dropped, both backends behave alike.
* A NUL in a URL path argument (`/halaman/a%00b`) names no page: 404.
* A body over MAX_CONTENT_LENGTH is refused (413, Indonesian message) before anything else, on every route.
* Forms take form bodies only: Flask-WTF would read a JSON body as form data and let any JSON type (numbers,
  lists, objects, lone surrogates that cannot be encoded back) into text fields. /api/v1 is read-only and
  takes no body. A JSON body to any route: 415 with an Indonesian message.
"""
from __future__ import annotations

from flask import Flask, Request, abort, request
from werkzeug.datastructures import MultiDict
from werkzeug.utils import cached_property

NUL = "\x00"


def _without_nul(values: MultiDict) -> MultiDict:
    if not any(NUL in key or NUL in value for key, value in values.items(multi=True)):
        return values
    return type(values)((key.replace(NUL, ""), value.replace(NUL, "")) for key, value in values.items(multi=True))


class PortalRequest(Request):
    @cached_property
    def args(self) -> MultiDict:  # type: ignore[override]
        return _without_nul(Request.args.fget(self))  # type: ignore[attr-defined]

    def _load_form_data(self) -> None:
        if "form" in self.__dict__:
            return
        super()._load_form_data()
        self.__dict__["form"] = _without_nul(self.__dict__["form"])


def _refuse_nul_in_path(endpoint: str | None, values: dict | None) -> None:
    if values and any(isinstance(v, str) and NUL in v for v in values.values()):
        abort(404)


def _check_body() -> None:
    limit = request.max_content_length
    if limit is not None and (request.content_length or 0) > limit:
        abort(413)  # before any work, also on a route that never reads its body
    if request.method not in ("GET", "HEAD", "OPTIONS") and request.is_json:
        abort(415)


def install(app: Flask) -> None:
    app.request_class = PortalRequest
    app.url_value_preprocessor(_refuse_nul_in_path)
    app.before_request(_check_body)
