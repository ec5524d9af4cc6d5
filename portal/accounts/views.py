"""Staff log-in and log-out."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from portal.accounts import service as accounts
from portal.accounts.forms import LoginForm
from portal.core import audit
from portal.extensions import db, limiter

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only a path on this site: no scheme, no host, no `//` or `/\\` (browsers read both as another host),
    no control characters (browsers drop tab/newline, turning `/\\t/evil` into `//evil`)."""
    default = url_for("admin.dashboard")
    if not target or not target.startswith("/") or len(target) > 2000:
        return default
    if "\\" in target or any(ord(ch) < 0x21 or ord(ch) == 0x7F for ch in target):
        return default
    if target.startswith("//"):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next")))
    form = LoginForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            return render_template("auth/login.html", form=form), 400
        result = accounts.authenticate(
            db.session, form.email.data, form.password.data,
            max_failures=current_app.config["LOGIN_MAX_FAILURES"],
            lockout_minutes=current_app.config["LOGIN_LOCKOUT_MINUTES"],
            secret_key=current_app.config["SECRET_KEY"],
        )
        db.session.commit()
        if result.user is None:
            flash(result.error, "danger")
            return render_template("auth/login.html", form=form), 401
        # TOTP: logged in only after the code (portal/accounts/two_factor_views.py)
        if _second_step.needed(result.user):
            return _second_step.start(result.user, request.args.get("next"))
        session.clear()  # nothing from the anonymous session carries over into the staff session
        login_user(result.user)
        flash(_("Selamat datang, %(name)s.", name=result.user.name or result.user.email), "success")
        return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    user = current_user._get_current_object()
    user.session_version += 1  # every copy of the old session cookie stops working
    audit.record(db.session, user, "auth.logout", user)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("Anda telah keluar."), "info")
    return redirect(url_for("auth.login"))


from portal.accounts import two_factor_views as _second_step
