"""Staff publication of a complaint on the public list (blueprint `admin_dumas_publication`,
/admin/pengaduan/<number>/publikasi): the original text for reference, the public summary, a preview of
exactly what the public will see, publish / update / withdraw. Role `dumas` writes, `pimpinan` reads.
The rules and the audit are portal/dumas/publication.py's."""
from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal.accounts.decorators import roles_required
from portal.core.views import ConfirmForm, attempt
from portal.dumas import publication
from portal.dumas.forms import PublicationForm
from portal.dumas.models import STATUSES, Complaint
from portal.extensions import db

bp = Blueprint("admin_dumas_publication", __name__)

READ_ROLES = ("dumas", "pimpinan")
WRITE_ROLES = ("dumas",)


def _case(number: str) -> Complaint:
    complaint = db.session.scalar(select(Complaint).where(Complaint.number == number.upper()[:20]))
    if complaint is None:
        abort(404)
    return complaint


def _page(complaint: Complaint, form: PublicationForm | None = None, status: int = 200):
    if form is None:
        form = PublicationForm(formdata=None)
        form.summary.data = complaint.public_summary
    draft = form.summary.data if form.summary.data is not None else complaint.public_summary
    preview = publication.public_view(complaint, preview=True)
    preview.summary = (draft or "").strip()
    return render_template(
        "admin/dumas/publication.html", complaint=complaint, form=form, confirm=ConfirmForm(),
        preview=preview, statuses=STATUSES, published=complaint.published_at is not None,
        can_publish=publication.can_publish(complaint), can_write=current_user.has_role("dumas"),
        summary_max=publication.SUMMARY_MAX,
    ), status


@bp.route("/<number>/publikasi")
@roles_required(*READ_ROLES)
def page(number: str):
    return _page(_case(number))


@bp.route("/<number>/publikasi", methods=["POST"])
@roles_required(*WRITE_ROLES)
def save(number: str):
    """Publish (not yet published) or update the summary (published)."""
    complaint = _case(number)
    form = PublicationForm()
    if not form.validate_on_submit():
        return _page(complaint, form, 400)
    summary = form.summary.data or ""
    if complaint.published_at is None:
        outcome = attempt(publication.publish, db.session, complaint, summary, current_user,
                          success=_("Aduan %(number)s ditampilkan di daftar aduan publik.",
                                    number=complaint.number))
    else:
        outcome = attempt(publication.update_summary, db.session, complaint, summary, current_user,
                          success=_("Ringkasan publik aduan %(number)s diperbarui.", number=complaint.number))
    if not outcome.ok:
        return _page(complaint, form, 400)
    return redirect(url_for("admin_dumas_publication.page", number=complaint.number))


@bp.route("/<number>/publikasi/tarik", methods=["POST"])
@roles_required(*WRITE_ROLES)
def withdraw(number: str):
    complaint = _case(number)
    if ConfirmForm().validate_on_submit():
        attempt(publication.unpublish, db.session, complaint, current_user,
                success=_("Aduan %(number)s ditarik dari daftar aduan publik.", number=complaint.number))
    return redirect(url_for("admin_dumas_publication.page", number=complaint.number))

