"""/admin/antrean: the background jobs that failed after every retry (portal/core/jobs.py), kept until an
admin runs one again or deletes it; and, on Redis, the queue's counts. Admins only: a kept e-mail job holds
its recipient and text, so the page shows the kind, the times and the error, never the arguments."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select

from portal.accounts.decorators import roles_required
from portal.admin.views import bp
from portal.core import audit, jobs
from portal.core.downloads import send_export
from portal.core.models.job import ExportFile, FailedJob
from portal.core.routing import query_int
from portal.core.views import ConfirmForm
from portal.extensions import db


def failed_count() -> int:
    return db.session.scalar(select(func.count()).select_from(FailedJob)) or 0


@bp.route("/antrean")
@roles_required("admin")
def jobs_index():
    page = db.paginate(select(FailedJob).order_by(FailedJob.failed_at.desc(), FailedJob.id.desc()),
                       page=query_int("page", 1, min_value=1) or 1, per_page=25, error_out=False)
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    return render_template("admin/jobs.html", page=page, labels=jobs.LABELS, mode=jobs.mode(app),
                           stats=jobs.queue_stats(app), confirm_form=ConfirmForm())


def _row(job_id: int) -> FailedJob:
    return db.session.get(FailedJob, job_id) or abort(404)


@bp.route("/antrean/<int:job_id>/ulang", methods=["POST"])
@roles_required("admin")
def jobs_retry(job_id: int):
    row = _row(job_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    audit.record(db.session, current_user, "jobs.retry", row)
    ok = jobs.retry_failed(db.session, row)  # commits the audit row with the row's removal
    if ok:
        flash(_("Pekerjaan dijalankan ulang."), "success")
    else:
        flash(_("Pekerjaan gagal lagi dan tetap disimpan di daftar."), "warning")
    return redirect(url_for("admin.jobs_index"))


@bp.route("/antrean/<int:job_id>/hapus", methods=["GET", "POST"])
@roles_required("admin")
def jobs_delete(job_id: int):
    row = _row(job_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template("admin/jobs_delete.html", row=row, labels=jobs.LABELS, form=form)
    audit.record(db.session, current_user, "jobs.delete", row)
    db.session.delete(row)
    db.session.commit()
    flash(_("Pekerjaan yang gagal dihapus."), "success")
    return redirect(url_for("admin.jobs_index"))


# --- large exports (portal/core/jobs.py start_export) ------------------------------------------------------

@bp.route("/unduhan/<token>")
@login_required
def export_file(token: str):
    """A large export: "being prepared" (reload) until its job is done, then the file. Its requester only."""
    row = db.session.scalar(select(ExportFile).where(ExportFile.token == token[:64]))
    if row is None or row.user_id != current_user.id:
        abort(404)
    if row.finished_at is None or row.body is None:
        return render_template("admin/export_wait.html", row=row)
    return send_export(row.body, row.filename)


@jobs.export_builder("audit")
def _audit_export_body(user_id: int, args: dict, fmt: str) -> bytes | str:
    from portal.accounts.models import User
    from portal.admin import audit_log as audit_log_rules
    from portal.admin.views import _audit_labels

    user = db.session.get(User, user_id)
    filters = audit_log_rules.AuditFilters.parse(args)
    body, _count = audit_log_rules.export(db.session, _audit_labels(), filters, user, fmt)
    return body
