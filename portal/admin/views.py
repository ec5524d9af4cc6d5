"""Admin area core: dashboard, audit log, office settings.

Staff user management and one's own password are the accounts feature's (portal/accounts/admin.py),
attached to this blueprint at the end of this module."""
from __future__ import annotations

import inspect
from datetime import datetime, time

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select

from portal.accounts.decorators import roles_required
from portal.accounts.models import ROLES
from portal.admin import audit_log as audit_log_rules
from portal.admin import settings as settings_rules
from portal.core import audit, clock, registry, site_settings
from portal.core.downloads import send_export
from portal.core.models.audit import AuditLog
from portal.core.routing import query_int, url_with_args
from portal.core.views import ConfirmForm
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
    # "New" on the panels: since the log-in before this one, or since the start of the office's today.
    since = account["previous_login"] or clock.local_moment(clock.today(), time(0, 0))
    panels, panel_context = _dashboard_panels(since)
    return render_template("admin/dashboard.html", account=account, dashboard_panels=panels, since=since,
                           **panel_context)


def _dashboard_panels(since: datetime | None = None) -> tuple[list[str], dict]:
    """The dashboard panels the features declare (portal/core/registry.py) that this user may see, in their
    declared order; a context function that takes `since` is told what counts as new."""
    templates, context = [], {}
    for panel in registry.current().panels():
        if not panel.roles or current_user.has_role(*panel.roles):
            templates.append(panel.template)
            function = registry.resolve(panel.context)
            wants_since = "since" in inspect.signature(function).parameters
            context.update(function(since=since) if wants_since else function())
    return templates, context


def _audit_labels() -> audit.Labels:
    return audit.collect_labels(feature.name for feature in registry.current().features)


@bp.route("/audit")
@roles_required("admin", "pimpinan")
def audit_log():
    labels = _audit_labels()
    filters = audit_log_rules.AuditFilters.parse(request.args)
    number = query_int("halaman", None, min_value=1) or query_int("page", None, min_value=1)
    if number is None and request.args.get("page") and not request.args.get("halaman"):
        abort(404)  # ?page=x (older links): no such page
    page = db.paginate(filters.query(), page=number or 1, per_page=50, error_out=False)
    return render_template(
        "admin/audit.html", page=page, filters=filters, action=filters.action,
        rows=audit_log_rules.rows(db.session, labels, page.items), labels=labels,
        action_groups=audit_log_rules.action_choices(labels), users=audit_log_rules.users(db.session),
        object_types=sorted(labels.objects.items(), key=lambda item: str(item[1].label)),
        value_text=audit_log_rules.value_text,
    ), (400 if filters.errors else 200)


@bp.route("/audit.xlsx")
@roles_required("admin", "pimpinan")
def audit_xlsx():
    return _audit_export("xlsx")


@bp.route("/audit.csv")
@roles_required("admin", "pimpinan")
def audit_csv():
    return _audit_export("csv")


def _audit_export(fmt: str):
    """The filtered log as a file (the export itself audited); bad filters: back to the page that says so."""
    filters = audit_log_rules.AuditFilters.parse(request.args)
    if filters.errors:
        return redirect(url_with_args("admin.audit_log", {}))  # the query, without url_for's own names
    total = db.session.scalar(select(func.count()).select_from(filters.query().subquery())) or 0
    if total > current_app.config["EXPORT_INLINE_ROWS"]:  # large: built by a job, the user waits on a page
        from portal.core import jobs

        token = jobs.start_export(db.session, current_user.id, f"log-audit-{clock.today().isoformat()}.{fmt}",
                                  "audit", filters.args(), fmt)
        return redirect(url_for("admin.export_file", token=token))
    body, _count = audit_log_rules.export(db.session, _audit_labels(), filters, current_user, fmt)
    db.session.commit()
    return send_export(body, f"log-audit-{clock.today().isoformat()}.{fmt}")


@bp.route("/pengaturan", methods=["GET", "POST"])
@roles_required("admin")
def settings():
    """The office settings form; its rules are portal/admin/settings.py."""
    form = ConfirmForm()  # the CSRF token only: the fields are site_settings.DEFAULTS
    values = site_settings.get_all(db.session)

    def page(shown: dict[str, str]) -> str:
        return render_template("admin/settings.html", form=form, values=shown, fields=site_settings.DEFAULTS,
                               sections=site_settings.SECTIONS, limits=site_settings.MAX_LENGTHS,
                               default_limit=settings_rules.MAX_VALUE_LENGTH,
                               text_areas=site_settings.TEXT_AREAS)

    if not form.validate_on_submit():
        return page(values)
    result = settings_rules.check(request.form, values, current_app.static_folder or "")
    if not result.ok:
        for message in result.errors:
            flash(message, "danger")
        return page(result.values), 400
    site_settings.save(db.session, result.values, actor=current_user)
    db.session.commit()
    flash(_("Pengaturan disimpan."), "success")
    return redirect(url_for("admin.settings"))


from portal.accounts import admin as accounts_admin  # noqa: F401  (users, role grants, own password)
from portal.admin import jobs_views  # noqa: F401  (failed background jobs, /admin/antrean)
