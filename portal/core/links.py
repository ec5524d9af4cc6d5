"""Absolute links to the portal (e-mails to citizens and staff, digests, exports, QR codes, open-data URLs).

Never from the request's Host header (an attacker posting a complaint with `Host: evil.example` would get a
link to their site into the e-mail sent to someone else, issue 10 E3): every absolute link is built here, on
`PORTAL_BASE_URL` (`BASE_URL`). Without it:

* in development, and in production when PORTAL_TRUSTED_HOSTS is set (Flask then answers any other Host with
  400), the request's own host is used;
* otherwise (production without either) there is no trustworthy host: the link is left out ("") and the
  portal logs a warning at start.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, has_request_context, url_for


def external_url(endpoint: str, *, shown_to_requester_only: bool = False, **values) -> str:
    """Absolute URL of `endpoint` (full endpoint name, e.g. "dumas.track"), or "" when none can be trusted.

    `shown_to_requester_only`: the link goes only into the answer to this request and is never cached or sent
    to anyone else (a QR code a staff member prints): the request's host is then an acceptable last resort."""
    if endpoint not in current_app.view_functions:
        return ""
    base = current_app.config["BASE_URL"]
    if base:
        parts = urlsplit(base)
        adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/",
                                           url_scheme=parts.scheme)
        return adapter.build(endpoint, values, force_external=True)
    trusted = current_app.config["TRUSTED_HOSTS"] or current_app.config["PORTAL_ENV"] != "production"
    if (trusted or shown_to_requester_only) and has_request_context():
        return url_for(endpoint, _external=True, **values)
    return ""


def base_url() -> str:
    """The portal's root URL without a trailing slash ("" when it cannot be trusted, see above)."""
    root = external_url("public.home") if "public.home" in current_app.view_functions else ""
    return (current_app.config["BASE_URL"] or root).rstrip("/")
