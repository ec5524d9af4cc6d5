"""Sending a file someone uploaded (DUMAS and WBS attachments, ZI evidence): one helper for every route.

An uploaded file is never shown inside the portal's origin: it is always an attachment, never sniffed into
another type, never cached (a shared computer, a proxy), and if a browser renders it anyway (a PDF viewer, an
SVG, HTML sent as text/plain) its own CSP sandboxes it with nothing allowed. The headers are kept against
flask-talisman, which would otherwise replace the CSP and the Referrer-Policy with the page ones
(portal/core/security.py, `keep_headers`).
"""
from __future__ import annotations

import io
from os import PathLike

from flask import Response, send_file

from portal.core.security import keep_headers

USER_FILE_CSP = "sandbox; default-src 'none'"
USER_FILE_HEADERS = {
    "Content-Security-Policy": USER_FILE_CSP,
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-store, max-age=0",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
}


# send_file options of every download: no validators, no caching by Werkzeug (the headers say it).
_NOT_CACHED = {"max_age": 0, "conditional": False, "etag": False, "last_modified": None}


def send_user_file(source: bytes | str | PathLike, *, mimetype: str | None, download_name: str,
                   fallback_name: str = "lampiran") -> Response:
    """A download of uploaded content: `source` is the file's path or its (decrypted) bytes."""
    body = io.BytesIO(source) if isinstance(source, bytes) else source
    response = send_file(body, mimetype=mimetype or "application/octet-stream", as_attachment=True,
                         download_name=download_name or fallback_name, **_NOT_CACHED)
    response.headers.pop("Last-Modified", None)  # the file's time on disk says when it was uploaded
    return keep_headers(response, USER_FILE_HEADERS)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"
_EXPORT_MIMETYPES = {"xlsx": XLSX, "csv": CSV, "json": "application/json"}


def send_export(body: bytes | str, download_name: str, *, public: bool = False) -> Response:
    """A download the portal generated (an XLSX/CSV/JSON export), typed by the name's extension.

    Staff exports (`public=False`) are private and never cached; published open data may be cached by
    anyone for five minutes. Both are attachments that no browser sniffs into another type."""
    extension = download_name.rsplit(".", 1)[-1].lower()
    data = body.encode("utf-8") if isinstance(body, str) else body
    mimetype = _EXPORT_MIMETYPES.get(extension, "application/octet-stream")
    response = send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=download_name,
                         **_NOT_CACHED)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "public, max-age=300" if public else "private, no-store, max-age=0"
    return response
