"""Request hygiene for every page and form (found by the fuzz tests, tests/core/test_fuzz.py):

* NUL characters are dropped from query arguments and form fields. Nobody types one, PostgreSQL refuses them
  in text (a 500 on any lookup or insert), and SQLite would store them: dropped, both backends behave alike.
  A multipart part whose name cannot be parsed (Werkzeug's key None) is dropped too (it was a 500).
* A NUL in a URL path argument (`/halaman/a%00b`) names no page: 404.
* A body over MAX_CONTENT_LENGTH is refused (413, Indonesian message) before anything else, on every route.
* Forms take form bodies only: Flask-WTF would read a JSON body as form data and let any JSON type (numbers,
  lists, objects, lone surrogates that cannot be encoded back) into text fields. /api/v1 is read-only and
  takes no body. A JSON body to any route: 415 with an Indonesian message.

Headers that must win over flask-talisman's (issue 10 A6, E1): talisman sets its headers in an after_request
hook and would overwrite a view's own. `install_final_headers` is called before `talisman.init_app`, so its
hook runs after talisman's (Flask runs app after_request hooks last-registered first). It sets
`Referrer-Policy: no-referrer` on every WBS page (/wbs, /admin/wbs: the next static request must not carry a
WBS Referer into any log) and re-applies the headers a response asked for with `keep_headers` (the secure
download helper, portal/core/downloads.py).

Same-origin check of form posts over HTTPS: Flask-WTF's strict Referer check (WTF_CSRF_SSL_STRICT) would
refuse every form sent from a WBS page, which sends no Referer. It is replaced by `_check_same_origin`: the
browser's `Sec-Fetch-Site`, else `Origin`, else the Referer must name this site; a post with none of them is
accepted only on WBS paths (the CSRF token is still checked there, as everywhere).
"""
from __future__ import annotations

import io

from flask import Flask, Request, Response, abort, current_app, request
from werkzeug.datastructures import MultiDict
from werkzeug.utils import cached_property

from portal.core.privacy_logs import is_wbs_path

NUL = "\x00"


def _without_nul(values: MultiDict) -> MultiDict:
    """`values` without NUL characters, and without parts that name no field: Werkzeug gives a multipart part
    whose name it cannot parse (`name="\\"`, an unterminated quote) the key None, which no field reads."""
    items = list(values.items(multi=True))
    if not any(key is None or NUL in key or NUL in value for key, value in items):
        return values
    cleaned = ((key.replace(NUL, ""), value.replace(NUL, "")) for key, value in items if key is not None)
    return type(values)(cleaned)


class PortalRequest(Request):
    @cached_property
    def args(self) -> MultiDict:  # type: ignore[override]
        return _without_nul(Request.args.fget(self))  # type: ignore[attr-defined]

    def _get_file_stream(self, total_content_length, content_type, filename=None, content_length=None):
        """WBS uploads are parsed in memory, never spooled to a temporary file (whose blocks and inode
        times would record the submission on disk; issue 10 A5). The body is bounded by MAX_CONTENT_LENGTH
        (checked before parsing), so this costs at most that much memory per WBS request."""
        if is_wbs_path(self.path):
            return io.BytesIO()
        return super()._get_file_stream(total_content_length, content_type, filename, content_length)

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


def keep_headers(response: Response, headers: dict[str, str]) -> Response:
    """Set `headers` on `response` so that no later hook (flask-talisman) replaces them."""
    kept = dict(getattr(response, "portal_kept_headers", None) or {})
    kept.update(headers)
    response.portal_kept_headers = kept  # type: ignore[attr-defined]
    response.headers.update(headers)
    return response


def _final_headers(response: Response) -> Response:
    if is_wbs_path(request.path):
        response.headers["Referrer-Policy"] = "no-referrer"
    for name, value in (getattr(response, "portal_kept_headers", None) or {}).items():
        response.headers[name] = value
    return response


def install_final_headers(app: Flask) -> None:
    """Call before talisman.init_app (see the module docstring)."""
    app.after_request(_final_headers)


def _same_origin(url: str, own: str) -> bool:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return f"{parts.scheme}://{parts.netloc}".lower() == own.lower()


def _check_same_origin() -> None:
    if request.method in ("GET", "HEAD", "OPTIONS", "TRACE") or not request.is_secure:
        return
    if not current_app.config["WTF_CSRF_ENABLED"] or not current_app.config["CSRF_ORIGIN_CHECK"]:
        return
    from flask_wtf.csrf import CSRFError

    own = f"https://{request.host}"
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        if site in ("same-origin", "none"):
            return
        raise CSRFError("The request comes from another site.")
    origin = request.headers.get("Origin")
    if origin and origin != "null":
        if origin.lower() == own.lower():
            return
        raise CSRFError("The origin does not match the host.")
    if request.referrer:
        if _same_origin(request.referrer, own):
            return
        raise CSRFError("The referrer does not match the host.")
    if is_wbs_path(request.path):
        return  # WBS pages send no Referer on purpose
    raise CSRFError("The referrer header is missing.")


def _untrusted_host(err) -> Response:
    """A Host outside TRUSTED_HOSTS (PORTAL_BASE_URL, PORTAL_TRUSTED_HOSTS): 400, without the page template,
    which builds links and so cannot be rendered for a host the portal does not serve."""
    from flask_babel import gettext as _

    return Response(_("Permintaan tidak dapat diproses.") + "\n", 400, mimetype="text/plain")


def install(app: Flask) -> None:
    from werkzeug.exceptions import SecurityError

    app.register_error_handler(SecurityError, _untrusted_host)
    app.request_class = PortalRequest
    app.url_value_preprocessor(_refuse_nul_in_path)
    app.before_request(_check_body)
    if app.config["CSRF_ORIGIN_CHECK"]:
        app.config["WTF_CSRF_SSL_STRICT"] = False  # replaced by _check_same_origin
        app.before_request(_check_same_origin)
