"""WBS (Whistle Blowing System): the public reporter side (`wbs`, /wbs) and the team side (`admin_wbs`, /admin/wbs).

Shared helpers here: the cipher (loaded once per app from the key outside the database), the rate-limit
key that never holds a client address, the log filters that drop client addresses on WBS paths, and the
response headers that keep WBS pages out of caches and referrers.
"""
from __future__ import annotations

import logging
import re
from datetime import UTC, datetime

from flask import Blueprint, current_app, render_template, request

from portal.services.wbs_crypto import WbsCipher, WbsKeyError, load_cipher

bp = Blueprint("wbs", __name__, cli_group=None)
admin_bp = Blueprint("admin_wbs", __name__)

log = logging.getLogger("portal.wbs")

WBS_PATH = re.compile(r"(?:^|\s|\")(?:[A-Z]+ )?(/wbs|/admin/wbs)(?:[/?\s\"]|$)")


def get_cipher() -> WbsCipher:
    """The app's WBS cipher; checks the key against the database fingerprint the first time."""
    cached = current_app.extensions.get("portal_wbs_cipher")
    if cached is not None:
        return cached
    from portal.extensions import db
    from portal.models import Setting

    cipher = load_cipher(current_app.config, db.session)
    if any(isinstance(obj, Setting) for obj in db.session.new):
        db.session.commit()  # the fingerprint of a brand-new key
    current_app.extensions["portal_wbs_cipher"] = cipher
    return cipher


def limiter_key() -> str:
    """Rate-limit key for WBS routes: a daily-keyed HMAC of the address, never the address itself."""
    address = request.remote_addr or "-"
    return get_cipher().limiter_key(address, datetime.now(UTC).date())


def is_wbs_path(path: str) -> bool:
    return path == "/wbs" or path.startswith(("/wbs/", "/wbs?", "/admin/wbs"))


class WerkzeugAddressFilter(logging.Filter):
    """The development server logs `<address> - - [time] "GET /wbs/lacak HTTP/1.1" 200 -`:
    for WBS paths the address is replaced by `-`."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args if isinstance(record.args, tuple) else ()
        line = str(args[0]) if args else ""
        if isinstance(record.msg, str) and WBS_PATH.search(line) and " - - [" in record.msg:
            record.msg = "-" + record.msg[record.msg.index(" - - ["):]
        return True


_SCRUBBED_ATOMS = ("h", "a", "{user-agent}i", "{x-forwarded-for}i", "{x-real-ip}i", "{forwarded}i",
                   "{cf-connecting-ip}i", "{true-client-ip}i")


class GunicornAccessFilter(logging.Filter):
    """gunicorn's access log passes its atoms as a dict: for WBS paths the address (h), user agent (a)
    and forwarding headers are replaced by `-` before the line is formatted."""

    def filter(self, record: logging.LogRecord) -> bool:
        atoms = record.args
        if isinstance(atoms, dict) and is_wbs_path(str(atoms.get("U") or "")):
            for key in _SCRUBBED_ATOMS:
                if key in atoms:
                    atoms[key] = "-"
        return True


def install_log_filters() -> None:
    for name, cls in (("werkzeug", WerkzeugAddressFilter), ("gunicorn.access", GunicornAccessFilter)):
        logger = logging.getLogger(name)
        if not any(isinstance(f, cls) for f in logger.filters):
            logger.addFilter(cls())


@bp.record_once
def _on_register(state) -> None:
    install_log_filters()


def _private_headers(response):
    response.headers["Cache-Control"] = "no-store, max-age=0"
    response.headers["Pragma"] = "no-cache"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


bp.after_request(_private_headers)
admin_bp.after_request(_private_headers)


def _key_error(err: WbsKeyError):
    log.error("WBS key problem: %s", err)
    return render_template("error.html", code=503, message=(
        "Layanan WBS sementara tidak tersedia karena kunci enkripsi bermasalah. "
        "Petugas telah diberi tahu; silakan coba lagi nanti."
    )), 503


bp.register_error_handler(WbsKeyError, _key_error)
admin_bp.register_error_handler(WbsKeyError, _key_error)

from portal.wbs import admin, cli, views  # noqa: F401
