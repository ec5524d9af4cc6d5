"""WBS (Whistle Blowing System): the public reporter side (`wbs`, /wbs) and the team side (`admin_wbs`,
/admin/wbs).

Shared helpers here: the cipher (loaded once per app from the key outside the database), the rate-limit
key that never holds a client address, the log filters that drop client addresses on WBS paths, and the
response headers that keep WBS pages out of caches and referrers.
"""
from __future__ import annotations

import logging
from datetime import UTC, datetime

from flask import Blueprint, current_app, render_template, request
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from portal.core.privacy_logs import GunicornAccessFilter, WerkzeugAddressFilter, is_wbs_path  # noqa: F401
from portal.core.registry import Feature, Loader, MenuEntry, Mount, Panel
from portal.wbs.crypto import LimiterKeys, WbsCipher, WbsKeyError, load_cipher

bp = Blueprint("wbs", __name__, cli_group=None)
admin_bp = Blueprint("admin_wbs", __name__)

FEATURE = Feature(
    "wbs",
    blueprints=(Mount("portal.wbs.views:bp", "/wbs"), Mount("portal.wbs.admin:bp", "/admin/wbs")),
    menu=(MenuEntry("wbs.guide", _l("WBS"), 50),),
    staff_menu=(MenuEntry("admin_wbs.inbox", _l("WBS"), 20, ("wbs",)),),
    panels=(Panel("admin/wbs/_dashboard_panel.html", "portal.wbs.dashboard:dashboard_context", ("wbs",),
                  order=20),),
    loaders=(Loader("wbs_key", "portal.wbs.cli:ensure_key"),),
    samplers=("portal.wbs.demo:demo_sample",),
    commands=(
        "portal.wbs.cli:key_export",
        "portal.wbs.cli:key_check",
        "portal.wbs.cli:purge",
        "portal.wbs.cli:files_to_db",
    ),
)

log = logging.getLogger("portal.wbs")


def get_cipher() -> WbsCipher:
    """The app's WBS cipher; checks the key against the database fingerprint the first time."""
    cached = current_app.extensions.get("portal_wbs_cipher")
    if cached is not None:
        return cached
    from sqlalchemy.exc import IntegrityError

    from portal.core.models.setting import Setting
    from portal.extensions import db

    cipher = load_cipher(current_app.config, db.session)
    if any(isinstance(obj, Setting) for obj in db.session.new):
        try:
            db.session.commit()  # the fingerprint of a brand-new key
        except IntegrityError:  # another worker recorded it at the same moment: check against theirs
            db.session.rollback()
            cipher = load_cipher(current_app.config, db.session, create=False)
    current_app.extensions["portal_wbs_cipher"] = cipher
    return cipher


def limiter_key() -> str:
    """Rate-limit key for WBS routes: an HMAC of (day, address) under a random secret that is never written
    to disk (portal/wbs/crypto.py, LimiterKeys), never the address itself."""
    keys = current_app.extensions.get("portal_wbs_limiter_keys")
    if keys is None:
        keys = current_app.extensions["portal_wbs_limiter_keys"] = LimiterKeys.for_config(current_app.config)
    return keys.key(request.remote_addr or "-", datetime.now(UTC).date())


def install_log_filters() -> None:
    from portal.core import privacy_logs

    privacy_logs.install()


@bp.record_once
def _on_register(state) -> None:
    install_log_filters()


def _private_headers(response):
    response.headers["Cache-Control"] = "no-store, max-age=0"
    response.headers["Pragma"] = "no-cache"
    if request.endpoint not in PUBLICLY_FINDABLE:  # the guide is how a whistle-blower finds the WBS
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


PUBLICLY_FINDABLE = ("wbs.guide", "wbs.recap")


bp.after_request(_private_headers)
admin_bp.after_request(_private_headers)


def _key_error(err: WbsKeyError):
    log.error("WBS key problem: %s", err)
    return render_template("error.html", code=503, message=gettext(
        "Layanan WBS sementara tidak tersedia karena kunci enkripsi bermasalah. "
        "Petugas telah diberi tahu; silakan coba lagi nanti."
    )), 503


bp.register_error_handler(WbsKeyError, _key_error)
admin_bp.register_error_handler(WbsKeyError, _key_error)
