"""Second log-in step (TOTP) on the `auth` blueprint: /admin/verifikasi (code) and /admin/verifikasi/daftar
(enrolment by QR code). After a correct password a user who needs TOTP is *not* logged in yet: the session
holds only a short-lived pending marker until the code is right. A logged-in session of such a user that
lacks the second-factor mark (older session, role just granted) is ended on its next request.
"""
from __future__ import annotations

import time

import click
from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length

from portal.accounts import service as accounts
from portal.accounts import two_factor as totp
from portal.accounts.models import User
from portal.accounts.views import _safe_next, bp
from portal.core import audit, site_settings
from portal.extensions import db, limiter

PENDING_KEY = "tfa_pending"
SECRET_KEY = "tfa_new_secret"
DONE_KEY = "tfa_ok"
PENDING_SECONDS = 600


class CodeForm(FlaskForm):
    code = StringField(_l("Kode verifikasi (6 angka)"), validators=[
        DataRequired(_l("Masukkan kode dari aplikasi autentikator.")), Length(max=12)])
    submit = SubmitField(_l("Verifikasi"))


def needed(user: User) -> bool:
    return totp.required_for(user)


def start(user: User, next_target: str | None):
    """Called by the log-in view after a correct password: remember who is half-way, go to the code step."""
    session.clear()
    session[PENDING_KEY] = {"uid": user.get_id(), "next": _safe_next(next_target), "at": int(time.time())}
    if user.totp_secret:
        return redirect(url_for("auth.two_factor"))
    return redirect(url_for("auth.two_factor_enrol"))


def _pending_user() -> User | None:
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict) or int(time.time()) - int(pending.get("at", 0)) > PENDING_SECONDS:
        return None
    try:
        uid, version = (int(part) for part in str(pending.get("uid", "")).split(":", 1))
    except ValueError:
        return None
    user = db.session.get(User, uid)
    if user is None or not user.active or user.session_version != version:
        return None
    return user


def _expired():
    session.pop(PENDING_KEY, None)
    session.pop(SECRET_KEY, None)
    flash(_("Sesi masuk kedaluwarsa. Silakan masuk kembali."), "warning")
    return redirect(url_for("auth.login"))


def _finish(user: User):
    target = session.get(PENDING_KEY, {}).get("next") or url_for("admin.dashboard")
    session.clear()
    login_user(user)
    session[DONE_KEY] = user.id
    flash(_("Selamat datang, %(name)s.", name=user.name or user.email), "success")
    return redirect(_safe_next(target))


def _limits() -> dict:
    config = current_app.config
    return {"max_failures": config["LOGIN_TOTP_MAX_FAILURES"] or config["LOGIN_MAX_FAILURES"],
            "lockout_minutes": config["LOGIN_LOCKOUT_MINUTES"]}


def _on_step(enrolled: bool) -> tuple[User | None, object]:
    """The half-logged-in user if they belong on this step (code: `enrolled`, enrolment: not), else the
    response that sends them where they belong (log-in again, or the other step)."""
    user = _pending_user()
    if user is None:
        return None, _expired()
    if bool(user.totp_secret) != enrolled:
        return None, redirect(url_for("auth.two_factor" if user.totp_secret else "auth.two_factor_enrol"))
    return user, None


def _refused(result: totp.CheckResult):
    """A wrong code: after the last allowed one the log-in starts again (None: show the step again)."""
    if result.locked:
        session.clear()  # before the flash: the message is for the log-in page
    flash(result.error, "danger")
    return redirect(url_for("auth.login")) if result.locked else None


@bp.route("/verifikasi", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def two_factor():
    user, elsewhere = _on_step(enrolled=True)
    if user is None:
        return elsewhere
    form = CodeForm()
    if request.method == "GET":
        return render_template("auth/two_factor.html", form=form)
    if not form.validate_on_submit():
        return render_template("auth/two_factor.html", form=form), 400
    result = totp.check(db.session, user, form.code.data, **_limits())
    if result.ok:
        audit.record(db.session, user, "auth.totp_ok", user)
    db.session.commit()
    if result.ok:
        return _finish(user)
    return _refused(result) or (render_template("auth/two_factor.html", form=form), 401)


@bp.route("/verifikasi/daftar", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def two_factor_enrol():
    user, elsewhere = _on_step(enrolled=False)
    if user is None:
        return elsewhere
    secret = session.get(SECRET_KEY)
    if not secret:
        secret = session[SECRET_KEY] = totp.new_secret()
    form = CodeForm()
    status = 200
    if request.method == "POST":
        status = 400
        if form.validate_on_submit():
            result = totp.enrol(db.session, user, secret, form.code.data, **_limits())
            db.session.commit()
            if result.ok:
                flash(_("Verifikasi dua langkah aktif. Simpan aplikasi autentikator Anda dengan baik."),
                      "success")
                return _finish(user)
            status = 401
            elsewhere = _refused(result)
            if elsewhere is not None:
                return elsewhere
    issuer = "Portal ZI " + site_settings.get_all(db.session)["office_name"]
    uri = totp.provisioning_uri(secret, user.email, issuer)
    return render_template("auth/two_factor_enrol.html", form=form, qr=totp.qr_data_uri(uri),
                           secret=totp.group_secret(secret), user=user,
                           required=user.has_role(*totp.REQUIRED_ROLES)), status


@bp.before_app_request
def _require_second_factor():
    if request.endpoint in (None, "static") or request.blueprint == "auth" and request.endpoint in (
            "auth.login", "auth.two_factor", "auth.two_factor_enrol"):
        return None
    if not current_user.is_authenticated or not totp.required_for(current_user):
        return None
    if session.get(DONE_KEY) == current_user.id:
        return None
    logout_user()
    session.clear()
    flash(_("Akun Anda memerlukan verifikasi dua langkah. Silakan masuk kembali."), "warning")
    return redirect(url_for("auth.login", next=request.path if request.method == "GET" else None))


@click.command("reset-totp")
@click.argument("email")
@with_appcontext
def reset_totp_command(email: str) -> None:
    """Remove a user's TOTP (lost phone): they enrol a new one at the next log-in."""
    user = accounts.find_by_email(db.session, email)
    if user is None:
        raise click.ClickException("Pengguna tidak ditemukan.")
    totp.reset(db.session, user, None)
    db.session.commit()
    click.echo(f"TOTP {user.email} dihapus; pengguna mendaftar ulang saat masuk berikutnya.")
