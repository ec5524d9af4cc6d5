"""Admin area core: dashboard, users, audit log, office settings."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user
from sqlalchemy import select

from portal.accounts import role_grants
from portal.accounts import service as accounts
from portal.accounts.decorators import roles_required
from portal.accounts.models import ROLES, RoleGrant, User
from portal.admin.forms import ConfirmForm, PasswordChangeForm, UserForm
from portal.core import registry, site_settings
from portal.core.errors import DomainError
from portal.core.models.audit import AuditLog
from portal.extensions import db

bp = Blueprint("admin", __name__)


@bp.route("/")
@login_required
def dashboard():
    # "Akun Anda": the log-in before this one (from the audit log), so a stranger's use stands out.
    logins = db.session.scalars(
        select(AuditLog.at).where(AuditLog.user_id == current_user.id, AuditLog.action == "auth.login")
        .order_by(AuditLog.id.desc()).limit(2)
    ).all()
    account = {
        "roles": [(role, ROLES[role]) for role in ROLES if current_user.has_role(role)],
        "this_login": current_user.last_login_at,
        "previous_login": logins[1] if len(logins) > 1 else None,
    }
    panels, panel_context = _dashboard_panels()
    return render_template("admin/dashboard.html", account=account, dashboard_panels=panels, **panel_context)


def _dashboard_panels() -> tuple[list[str], dict]:
    """The dashboard panels the features declare (portal/core/registry.py) that this user may see."""
    templates, context = [], {}
    for panel in registry.current().panels():
        if not panel.roles or current_user.has_role(*panel.roles):
            templates.append(panel.template)
            context.update(registry.resolve(panel.context)())
    return templates, context


@bp.route("/akun/sandi", methods=["GET", "POST"])
@login_required
def password():
    """Every staff member changes their own password here (other sessions of the account end)."""
    form = PasswordChangeForm()
    if request.method == "POST":
        if form.validate_on_submit():
            user = current_user._get_current_object()
            try:
                accounts.change_own_password(db.session, user, current=form.current.data, new=form.new.data)
                db.session.commit()
            except DomainError as err:
                db.session.rollback()
                flash(_(err.message), "danger")
            else:
                login_user(user)  # this session continues with the new session version
                flash(_("Kata sandi diganti. Sesi lain akun ini telah diakhiri."), "success")
                return redirect(url_for("admin.dashboard"))
        return render_template("admin/password.html", form=form), 400
    return render_template("admin/password.html", form=form)


@bp.route("/pengguna")
@roles_required("admin")
def users():
    page = db.paginate(select(User).order_by(User.email), per_page=25)
    return render_template("admin/users.html", page=page, confirm_form=ConfirmForm(),
                           pending_grants=role_grants.pending(db.session))


def _flash_requested(requested: list[str]) -> None:
    if requested:
        flash(_("Peran %(roles)s belum berlaku: menunggu persetujuan admin lain (daftar di halaman Pengguna).",
                roles=", ".join(requested)), "warning")


@bp.route("/pengguna/baru", methods=["GET", "POST"])
@roles_required("admin")
def user_new():
    form = UserForm()
    if request.method == "POST":
        if form.validate_on_submit():
            requested = role_grants.privileged_additions(None, form.roles.data)
            try:
                accounts.create_user(
                    db.session, form.email.data, form.password.data or "", form.roles.data,
                    name=form.name.data or "", actor=current_user,
                )
                db.session.commit()
            except DomainError as err:
                db.session.rollback()
                flash(_(err.message), "danger")
            else:
                flash(_("Pengguna dibuat."), "success")
                _flash_requested(requested)
                return redirect(url_for("admin.users"))
        return render_template("admin/user_form.html", form=form, user=None), 400
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/pengguna/<int:user_id>", methods=["GET", "POST"])
@roles_required("admin")
def user_edit(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    form = UserForm(obj=None if request.method == "POST" else user)
    del form.email  # the e-mail is the log-in name; it is not changed here
    if request.method == "GET":
        form.roles.data = sorted(user.role_set)
        return render_template("admin/user_form.html", form=form, user=user)
    if form.validate_on_submit():
        myself = user.id == current_user.id
        requested = role_grants.privileged_additions(user, form.roles.data)
        try:
            accounts.update_user(
                db.session, user, actor=current_user, name=form.name.data or "", roles=form.roles.data,
                active=form.active.data, password=form.password.data or None,
            )
            db.session.commit()
        except DomainError as err:
            db.session.rollback()
            flash(_(err.message), "danger")
        else:
            if myself:
                login_user(user)  # a new password ended the old sessions; keep this one
            flash(_("Perubahan disimpan."), "success")
            _flash_requested(requested)
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user), 400


@bp.route("/pengguna/<int:user_id>/buka-kunci", methods=["POST"])
@roles_required("admin")
def user_unlock(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    if ConfirmForm().validate_on_submit():
        accounts.unlock_user(db.session, user, actor=current_user)
        db.session.commit()
        flash(_("Kunci akun %(email)s dibuka.", email=user.email), "success")
    return redirect(url_for("admin.users"))


@bp.route("/pengguna/izin-peran/<int:grant_id>/setujui", methods=["POST"])
@roles_required("admin")
def role_grant_approve(grant_id: int):
    """A second admin approves a pending `wbs`/`admin` grant; the WBS team is told by e-mail."""
    grant = db.session.get(RoleGrant, grant_id) or abort(404)
    if ConfirmForm().validate_on_submit():
        try:
            announcement = role_grants.approve(db.session, grant, actor=current_user)
            db.session.commit()
        except DomainError as err:
            db.session.rollback()
            flash(_(err.message), "danger")
            return redirect(url_for("admin.users"))
        announcement.send(current_app.config)  # after the commit; a mail failure never undoes the grant
        flash(_("Peran %(role)s untuk %(email)s berlaku. Tim WBS telah diberi tahu.", role=grant.role,
                email=grant.user.email), "success")
    return redirect(url_for("admin.users"))


@bp.route("/pengguna/izin-peran/<int:grant_id>/tolak", methods=["POST"])
@roles_required("admin")
def role_grant_reject(grant_id: int):
    grant = db.session.get(RoleGrant, grant_id) or abort(404)
    if ConfirmForm().validate_on_submit():
        try:
            role_grants.reject(db.session, grant, actor=current_user)
            db.session.commit()
        except DomainError as err:
            db.session.rollback()
            flash(_(err.message), "danger")
        else:
            flash(_("Permintaan peran ditolak."), "info")
    return redirect(url_for("admin.users"))


@bp.route("/audit")
@roles_required("admin", "pimpinan")
def audit_log():
    query = select(AuditLog).order_by(AuditLog.id.desc())
    action = request.args.get("action", "").strip()[:64]
    if action:
        query = query.where(AuditLog.action.startswith(action, autoescape=True))
    page = db.paginate(query, per_page=50)
    return render_template("admin/audit.html", page=page, action=action)


@bp.route("/pengaturan", methods=["GET", "POST"])
@roles_required("admin")
def settings():
    from flask_wtf import FlaskForm

    form = FlaskForm()
    values = site_settings.get_all(db.session)
    if form.validate_on_submit():
        # A field missing from the POST keeps its value (a partial form must not blank the rest).
        new_values = {key: request.form.get(key, values[key]).strip()[:500] for key in site_settings.DEFAULTS}
        errors = []
        if not new_values["office_name"]:
            errors.append(_("Nama satuan kerja wajib diisi."))
        logo = new_values["logo_path"] or site_settings.DEFAULTS["logo_path"][1]
        logo_error = site_settings.logo_path_error(logo, current_app.static_folder or "")
        if logo_error:
            errors.append(logo_error)
        new_values["logo_path"] = logo
        if errors:
            for message in errors:
                flash(message, "danger")
            return render_template("admin/settings.html", form=form, values=new_values, fields=site_settings.DEFAULTS), 400
        site_settings.save(db.session, new_values, actor=current_user)
        db.session.commit()
        flash(_("Pengaturan disimpan."), "success")
        return redirect(url_for("admin.settings"))
    return render_template("admin/settings.html", form=form, values=values, fields=site_settings.DEFAULTS)
