"""No log line ties a client address to a WBS page (issue 10 A6; docs/wbs-privacy.md).

A "WBS request" is a request for a path under /wbs or /admin/wbs, or any request whose Referer is such a
page (the static files a WBS page loads). WBS pages send `Referrer-Policy: no-referrer`
(portal/core/security.py), so browsers do not send that Referer; the filters below also hold for a browser
that ignores the policy.

* gunicorn's access log (`gunicorn.access`): lines of WBS requests are dropped, whatever the format.
* the development server (`werkzeug`): lines for WBS paths are dropped.
* every other log record (portal.*, Flask-Limiter's "ratelimit exceeded", error handlers, libraries): when it
  is written while a WBS request is served, or its text names a WBS path, every IP address in it is replaced
  by `-` (a log record factory, so it holds for any logger and any handler configured later).
"""
from __future__ import annotations

import logging
import re
from urllib.parse import unquote, urlsplit

WBS_PREFIXES = ("/wbs", "/admin/wbs")
# A WBS path anywhere in a text: "/wbs", "/wbs/lapor", "GET /admin/wbs/3 HTTP/1.1", "http://host/wbs?x"
WBS_IN_TEXT = re.compile(r"(?i)(?<![\w.-])(?:/admin)?/+wbs(?![\w.-])")
_IPV4 = r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])"
_IPV6 = (r"(?<![\w:])(?:(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}:){1,7}:"
         r"|(?:[0-9a-f]{1,4}:){1,6}(?::[0-9a-f]{1,4}){1,6}|::(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4}"
         r"|::ffff:(?:\d{1,3}\.){3}\d{1,3})(?![\w:])")
ADDRESS = re.compile(rf"(?i){_IPV6}|{_IPV4}")


def _normalise(path: str) -> str:
    return re.sub(r"/{2,}", "/", unquote(path or "").split("?", 1)[0]).lower()


def is_wbs_path(path: str | None) -> bool:
    """A path (or a path with its query) under /wbs or /admin/wbs; `//wbs` and `%2Fwbs` count too."""
    path = _normalise(path or "")
    return any(path == prefix or path.startswith(prefix + "/") for prefix in WBS_PREFIXES)


def is_wbs_referer(referer: str | None) -> bool:
    if not referer or referer == "-":
        return False
    try:
        return is_wbs_path(urlsplit(referer).path)
    except ValueError:
        return False


def is_wbs_environ(environ: dict) -> bool:
    raw_uri = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    return (is_wbs_path(environ.get("PATH_INFO")) or is_wbs_path(raw_uri)
            or is_wbs_referer(environ.get("HTTP_REFERER")))


def scrub_addresses(text: str) -> str:
    return ADDRESS.sub("-", text)


class GunicornAccessFilter(logging.Filter):
    """gunicorn passes the access-log atoms as a dict: a WBS request's line is dropped (path `U`, the request
    line `r`, the Referer `f` / `{referer}i`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        atoms = record.args
        if not isinstance(atoms, dict):
            return True
        request_line = str(atoms.get("r") or "").split(" ")
        target = request_line[1] if len(request_line) > 1 else ""
        referers = (str(atoms.get("f") or ""), str(atoms.get("{referer}i") or ""))
        return not (is_wbs_path(str(atoms.get("U") or "")) or is_wbs_path(target)
                    or any(is_wbs_referer(referer) for referer in referers))


class WerkzeugAddressFilter(logging.Filter):
    """The development server logs `<address> - - [time] "GET /wbs/lacak HTTP/1.1" 200 -`: for a WBS path the
    line is dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args if isinstance(record.args, tuple) else ()
        words = str(args[0]).split(" ") if args else []
        if len(words) > 1 and is_wbs_path(words[1]):
            return False
        try:
            return not (isinstance(record.msg, str) and WBS_IN_TEXT.search(record.getMessage())
                        and ADDRESS.search(record.getMessage()))
        except (TypeError, ValueError, KeyError):  # a broken record: logging reports it itself
            return True


def _in_wbs_request() -> bool:
    from flask import has_request_context, request

    if not has_request_context():
        return False
    return is_wbs_environ(request.environ)


def _scrubbing_factory(previous):
    def factory(*args, **kwargs):
        record = previous(*args, **kwargs)
        if record.name.startswith(("gunicorn.access", "werkzeug")):
            return record  # the filters above drop those lines whole
        try:
            message = record.getMessage()
        except (TypeError, ValueError, KeyError):
            return record
        if _in_wbs_request() or WBS_IN_TEXT.search(message):
            scrubbed = scrub_addresses(message)
            if scrubbed != message:
                record.msg, record.args = scrubbed, None
        return record

    factory.portal_wbs_scrubber = True  # type: ignore[attr-defined]
    return factory


def install() -> None:
    for name, cls in (("werkzeug", WerkzeugAddressFilter), ("gunicorn.access", GunicornAccessFilter)):
        logger = logging.getLogger(name)
        if not any(isinstance(f, cls) for f in logger.filters):
            logger.addFilter(cls())
    current = logging.getLogRecordFactory()
    if not getattr(current, "portal_wbs_scrubber", False):
        logging.setLogRecordFactory(_scrubbing_factory(current))
