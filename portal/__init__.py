"""Portal Zona Integritas: the app factory."""
from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask, current_app, g, has_request_context, jsonify, render_template, request
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from portal.config import TESTING_DEFAULTS, settings_from_env

PACKAGE = Path(__file__).resolve().parent

# Content-Security-Policy: nothing inline, nothing from another origin.
CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_relative_config=True,
        instance_path=_default_instance_path(),
        template_folder="templates",
        static_folder="static",
    )
    app.jinja_env.add_extension("jinja2.ext.do")
    _feature_templates(app)
    instance_path = Path(app.instance_path)
    if test_config and test_config.get("INSTANCE_PATH"):
        instance_path = Path(test_config["INSTANCE_PATH"])
        app.instance_path = str(instance_path)
    instance_path.mkdir(parents=True, exist_ok=True)
    app.config.update(settings_from_env(instance_path))
    if test_config:
        if test_config.get("TESTING"):
            app.config.update(TESTING_DEFAULTS)
        app.config.update(test_config)
    _external_url_settings(app)
    Path(app.config["UPLOAD_FOLDER"]).mkdir(parents=True, exist_ok=True)

    if app.config["PROXY_FIX"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]

    _init_extensions(app)
    from portal.core import routing  # the bounded <int:> converter (before any route) and url_with_args
    routing.install(app)
    from portal.core import registry

    registry.install(app)  # every feature of portal/features.py: blueprints, CLI commands, menus, panels
    _register_error_handlers(app)
    from portal.core import security

    # request hygiene: NUL dropped, JSON bodies to forms refused (portal/core/security.py)
    security.install(app)
    _register_template_helpers(app)
    app.after_request(_remember_locale)
    from portal.core import open_data  # CORS, ETag, Last-Modified of @open_data views (the API, downloads)

    open_data.install(app)
    from portal.core import perf  # faster template gettext, settings cache, public page micro-cache

    perf.install(app)
    from portal.core import assets  # fingerprinted static files (WhiteNoise, outermost), compressed HTML

    assets.install(app)

    from portal import cli

    cli.register(app)
    logging.getLogger("portal").setLevel(logging.INFO)
    return app


def _init_extensions(app: Flask) -> None:
    from flask_babel import lazy_gettext

    from portal.features import import_models

    import_models()  # register every table
    from portal.extensions import babel, csrf, db, limiter, login_manager, migrate, talisman

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PACKAGE / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=_select_locale,
                   default_translation_directories=str(PACKAGE / "translations"))
    from portal.core import security

    security.install_final_headers(app)  # before talisman: its headers (WBS no-referrer, downloads) win
    talisman.init_app(
        app,
        force_https=app.config["FORCE_HTTPS"],
        strict_transport_security=app.config["FORCE_HTTPS"],
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        content_security_policy=CSP,
        frame_options="DENY",
        referrer_policy="same-origin",
        permissions_policy={"geolocation": "()", "camera": "()", "microphone": "()"},
    )
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = lazy_gettext("Silakan masuk untuk membuka halaman ini.")
    login_manager.login_message_category = "warning"
    login_manager.localize_callback = str  # the lazy message above, in the visitor's language, at flash time
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id: str):
        from portal.accounts.models import User

        try:
            uid, version = (int(part) for part in user_id.split(":", 1))
        except ValueError:
            return None
        user = db.session.get(User, uid)
        if user is None or user.session_version != version or not user.active:
            return None
        return user


def _feature_templates(app: Flask) -> None:
    """Templates: the shared ones (portal/templates), then each feature's own (portal/<feature>/templates)."""
    from jinja2 import ChoiceLoader, FileSystemLoader

    from portal.features import FEATURES

    folders = [PACKAGE / name / "templates" for name in FEATURES]
    loaders = [FileSystemLoader(str(f)) for f in [PACKAGE / "templates", *folders] if f.is_dir()]
    app.jinja_loader = ChoiceLoader(loaders)  # type: ignore[assignment]


def _default_instance_path() -> str:
    """`PORTAL_INSTANCE_PATH`, else `instance/` in the working directory (a checkout: the repository's)."""
    from portal.config import instance_path_from_env

    return str(instance_path_from_env())


def _external_url_settings(app: Flask) -> None:
    """PORTAL_BASE_URL checked; Flask's TRUSTED_HOSTS from its host plus PORTAL_TRUSTED_HOSTS
    (portal/core/links.py)."""
    from portal.config import normalise_base_url, trusted_hosts

    app.config["BASE_URL"] = normalise_base_url(app.config["BASE_URL"])
    if app.config["TRUSTED_HOSTS"] is None:
        app.config["TRUSTED_HOSTS"] = trusted_hosts(app.config["BASE_URL"], app.config["EXTRA_TRUSTED_HOSTS"])
    if app.config["PORTAL_ENV"] == "production" and not app.config["BASE_URL"]:
        logging.getLogger("portal").warning(
            "PORTAL_BASE_URL is not set: e-mails and exports carry no links to the portal (docs/deploy.md)")


def _select_locale() -> str:
    if not has_request_context():  # CLI, e-mails sent from a command: the default language
        return "id"
    from portal.core.perf import cookie_language

    lang = request.args.get("lang")
    if lang in ("id", "en"):
        return lang
    return cookie_language(request.headers.get("Cookie", "")) or "id"


def _remember_locale(response):
    """`?lang=en` (or `id`) sticks: it is kept in a `lang` cookie for the next pages."""
    from portal.core.perf import cookie_language

    lang = request.args.get("lang")
    if lang in ("id", "en") and cookie_language(request.headers.get("Cookie", "")) != lang:
        response.set_cookie(
            "lang", lang, max_age=365 * 24 * 3600, httponly=True, samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    return response


def _register_error_handlers(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l
    from flask_wtf.csrf import CSRFError

    # Lazy: each response is in the visitor's language (str() at use).
    messages = {
        400: _l("Permintaan tidak dapat diproses."),
        403: _l("Anda tidak memiliki akses ke halaman ini."),
        404: _l("Halaman tidak ditemukan."),
        405: _l("Metode tidak diizinkan."),
        413: _l("Berkas atau isian terlalu besar. Batas ukuran total unggahan terlampaui."),
        415: _l("Format kiriman tidak didukung. Kirim formulir melalui halaman portal."),
        429: _l("Terlalu banyak permintaan. Silakan tunggu sebentar lalu coba lagi."),
        500: _l("Terjadi kesalahan pada server. Data Anda tidak tersimpan sebagian; silakan coba lagi."),
    }

    @app.errorhandler(CSRFError)
    def csrf_error(err):
        message = _l("Sesi formulir kedaluwarsa atau tidak sah. Muat ulang halaman lalu kirim kembali.")
        return render_template("error.html", code=400, message=str(message)), 400

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException):
        code = err.code or 500
        message = str(messages.get(code, err.description))
        if request.path.startswith("/api/") or request.path == "/healthz":
            return jsonify(error=message, status=code), code
        if request.path.startswith("/open311/"):  # the spec's error array, also before a route matched
            from portal.open311.views import error_response

            return error_response(code, message)
        return render_template("error.html", code=code, message=message), code

    @app.errorhandler(Exception)
    def unexpected(err: Exception):
        if isinstance(err, HTTPException):
            return http_error(err)
        from portal.extensions import db

        db.session.rollback()
        app.logger.exception("Unhandled error on %s", request.path)
        if request.path.startswith("/api/"):
            return jsonify(error=str(messages[500]), status=500), 500
        if request.path.startswith("/open311/"):
            from portal.open311.views import error_response

            return error_response(500, str(messages[500]))
        return render_template("error.html", code=500, message=str(messages[500])), 500


def _register_template_helpers(app: Flask) -> None:
    from portal.core import site_settings
    from portal.extensions import db

    @app.before_request
    def load_office():
        g.office = None

    @app.context_processor
    def inject_office():
        if g.get("office") is None:
            try:
                g.office = site_settings.get_cached(db.session)
            except SQLAlchemyError:  # database not initialised yet: fall back to defaults
                db.session.rollback()
                g.office = {k: v for k, (_l, v) in site_settings.DEFAULTS.items()}
        return {"office": g.office}

    from portal.core.formatting import register_filters

    register_filters(app)

    from flask_babel import get_locale

    app.jinja_env.globals["get_locale"] = get_locale

    from portal.core import registry

    @app.template_global()
    def nav_items() -> list[tuple[str, str]]:
        """Main menu entries (declared by the features) whose blueprint is installed."""
        return [(entry.endpoint, str(entry.label)) for entry in registry.current().menu()
                if entry.endpoint in app.view_functions]

    @app.template_global()
    def admin_menu() -> list[tuple[str, str, tuple[str, ...]]]:
        """Admin side menu: (endpoint, label, roles allowed), as the features declare it; entries of
        uninstalled features are hidden."""
        return [(entry.endpoint, str(entry.label), entry.roles) for entry in registry.current().staff_menu()
                if entry.endpoint in app.view_functions]

    @app.template_global()
    def endpoint_exists(endpoint: str) -> bool:
        return endpoint in app.view_functions
