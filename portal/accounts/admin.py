"""Staff user management (role `admin`) and every staff member's own password, on the `admin` blueprint.

The routes attach to `portal.admin.views.bp` (imported at the end of that module), so their endpoint names
stay `admin.users`, `admin.user_new`, `admin.user_edit`, `admin.user_unlock`, `admin.role_grant_approve`,
`admin.role_grant_reject` and `admin.password`, and their URLs stay under /admin. The rules are in
portal/accounts/service.py and portal/accounts/role_grants.py; these views only parse, call and tell.
"""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user
from sqlalchemy import select

from portal.accounts import role_grants
from portal.accounts import service as accounts
from portal.accounts.decorators import roles_required
from portal.accounts.forms import PasswordChangeForm, UserForm
from portal.accounts.models import RoleGrant, StaffProfile, User
from portal.admin.views import bp
from portal.core.views import ConfirmForm, attempt
from portal.extensions import db


@bp.route("/akun/sandi", methods=["GET", "POST"])
@login_required
def password():
    """Every staff member changes their own password here (other sessions of the account end)."""
    form = PasswordChangeForm()
    if request.method == "GET":
        return render_template("admin/password.html", form=form)
    if form.validate_on_submit():
        user = current_user._get_current_object()
        outcome = attempt(accounts.change_own_password, db.session, user, current=form.current.data,
                          new=form.new.data,
                          success=_("Kata sandi diganti. Sesi lain akun ini telah diakhiri."))
        if outcome.ok:
            login_user(user)  # this session continues with the new session version
            return redirect(url_for("admin.dashboard"))
    return render_template("admin/password.html", form=form), 400


@bp.route("/pengguna")
@roles_required("admin")
def users():
    page = db.paginate(select(User).order_by(User.email), per_page=25)
    return render_template("admin/users.html", page=page, confirm_form=ConfirmForm(),
                           pending_grants=role_grants.pending(db.session))


def _flash_requested(requested: list[str]) -> None:
    if requested:
        flash(_("Peran %(roles)s belum berlaku: menunggu persetujuan admin lain "
                "(daftar di halaman Pengguna).", roles=", ".join(requested)), "warning")


@bp.route("/pengguna/baru", methods=["GET", "POST"])
@roles_required("admin")
def user_new():
    form = UserForm()
    if request.method == "GET":
        return render_template("admin/user_form.html", form=form, user=None)
    if form.validate_on_submit():
        requested = role_grants.privileged_additions(None, form.roles.data)
        outcome = attempt(accounts.create_user, db.session, form.email.data, form.password.data or "",
                          form.roles.data, name=form.name.data or "", actor=current_user,
                          success=_("Pengguna dibuat."))
        if outcome.ok:
            _flash_requested(requested)
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=None), 400


@bp.route("/pengguna/<int:user_id>", methods=["GET", "POST"])
@roles_required("admin")
def user_edit(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    form = UserForm(obj=None if request.method == "POST" else user)
    del form.email  # the e-mail is the log-in name; it is not changed here
    if request.method == "GET":
        form.roles.data = sorted(user.role_set)
        return render_template("admin/user_form.html", form=form, user=user,
                               user_profile=db.session.get(StaffProfile, user.id))
    if form.validate_on_submit():
        myself = user.id == current_user.id
        requested = role_grants.privileged_additions(user, form.roles.data)
        outcome = attempt(accounts.update_user, db.session, user, actor=current_user,
                          name=form.name.data or "", roles=form.roles.data, active=form.active.data,
                          password=form.password.data or None, success=_("Perubahan disimpan."))
        if outcome.ok:
            if myself:
                login_user(user)  # a new password ended the old sessions; keep this one
            _flash_requested(requested)
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user,
                           user_profile=db.session.get(StaffProfile, user.id)), 400


def _confirmed(model, ident: int):
    """The row a POST-only button acts on (404 when unknown), or None when the CSRF token is missing."""
    row = db.session.get(model, ident) or abort(404)
    return row if ConfirmForm().validate_on_submit() else None


@bp.route("/pengguna/<int:user_id>/buka-kunci", methods=["POST"])
@roles_required("admin")
def user_unlock(user_id: int):
    user = _confirmed(User, user_id)
    if user is not None:
        attempt(accounts.unlock_user, db.session, user, actor=current_user,
                success=_("Kunci akun %(email)s dibuka.", email=user.email))
    return redirect(url_for("admin.users"))


@bp.route("/pengguna/izin-peran/<int:grant_id>/setujui", methods=["POST"])
@roles_required("admin")
def role_grant_approve(grant_id: int):
    """A second admin approves a pending `wbs`/`admin` grant; the WBS team is told by e-mail."""
    def approved(grant: RoleGrant, announcement: role_grants.Announcement) -> None:
        announcement.send(current_app.config)  # after the commit; a mail failure never undoes the grant
        flash(_("Peran %(role)s untuk %(email)s berlaku. Tim WBS telah diberi tahu.", role=grant.role,
                email=grant.user.email), "success")

    return _decide(grant_id, role_grants.approve, approved)


@bp.route("/pengguna/izin-peran/<int:grant_id>/tolak", methods=["POST"])
@roles_required("admin")
def role_grant_reject(grant_id: int):
    def rejected(grant: RoleGrant, _nothing: None) -> None:
        flash(_("Permintaan peran ditolak."), "info")

    return _decide(grant_id, role_grants.reject, rejected)


def _decide(grant_id: int, decision, then):
    """Approve or reject a pending grant (`decision(session, grant, actor=...)`); `then(grant, result)`
    runs after the commit."""
    grant = _confirmed(RoleGrant, grant_id)
    if grant is not None:
        outcome = attempt(decision, db.session, grant, actor=current_user)
        if outcome.ok:
            then(grant, outcome.value)
    return redirect(url_for("admin.users"))
