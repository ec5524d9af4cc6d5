"""Admin area core: dashboard, users, audit log, office settings."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from portal.admin.forms import UserForm
from portal.auth.decorators import roles_required
from portal.extensions import db
from portal.models import AuditLog, User
from portal.services import DomainError, accounts, site_settings

bp = Blueprint("admin", __name__)


@bp.route("/")
@login_required
def dashboard():
    return render_template("admin/dashboard.html")


@bp.route("/pengguna")
@roles_required("admin")
def users():
    page = db.paginate(select(User).order_by(User.email), per_page=25)
    return render_template("admin/users.html", page=page)


@bp.route("/pengguna/baru", methods=["GET", "POST"])
@roles_required("admin")
def user_new():
    form = UserForm()
    if form.validate_on_submit():
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
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/pengguna/<int:user_id>", methods=["GET", "POST"])
@roles_required("admin")
def user_edit(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    form = UserForm(obj=None if request.method == "POST" else user)
    if request.method == "GET":
        form.roles.data = sorted(user.role_set)
    if form.validate_on_submit():
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
            flash(_("Perubahan disimpan."), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user)


@bp.route("/audit")
@roles_required("admin", "pimpinan")
def audit_log():
    query = select(AuditLog).order_by(AuditLog.id.desc())
    action = request.args.get("action", "").strip()
    if action:
        query = query.where(AuditLog.action.startswith(action))
    page = db.paginate(query, per_page=50)
    return render_template("admin/audit.html", page=page, action=action)


@bp.route("/pengaturan", methods=["GET", "POST"])
@roles_required("admin")
def settings():
    from flask_wtf import FlaskForm

    form = FlaskForm()
    values = site_settings.get_all(db.session)
    if form.validate_on_submit():
        new_values = {key: request.form.get(key, "").strip()[:500] for key in site_settings.DEFAULTS}
        if not new_values["office_name"]:
            flash(_("Nama satuan kerja wajib diisi."), "danger")
            return render_template("admin/settings.html", form=form, values=new_values, fields=site_settings.DEFAULTS), 400
        site_settings.save(db.session, new_values, actor=current_user)
        db.session.commit()
        flash(_("Pengaturan disimpan."), "success")
        return redirect(url_for("admin.settings"))
    return render_template("admin/settings.html", form=form, values=values, fields=site_settings.DEFAULTS)
