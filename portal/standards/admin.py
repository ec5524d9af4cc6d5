"""Service standards admin: services (jenis layanan), revisions of their standards, publishing.

Every route needs the `editor` role (checked once, before each request of this blueprint).
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal.accounts.decorators import roles_required
from portal.core.clock import today
from portal.core.formatting import tanggal
from portal.core.views import ConfirmForm, attempt
from portal.extensions import db
from portal.standards import service as standards
from portal.standards.forms import RevisionForm, ServiceForm
from portal.standards.models import Service

bp = Blueprint("admin_standards", __name__)


@bp.before_request
@roles_required("editor")
def require_editor():
    return None


def _service_or_404(slug: str) -> Service:
    return standards.get_service(db.session, slug) or abort(404)


def _revision_or_404(service: Service, number: int):
    return standards.get_revision(db.session, service, number) or abort(404)


@bp.route("/")
def index():
    page = db.paginate(select(Service).order_by(Service.order, Service.name), per_page=50)
    on = today()
    rows = []
    for service in page.items:
        entries = standards.history(db.session, service, include_drafts=True, on=on)
        rows.append({
            "service": service,
            "current": standards.current_revision(db.session, service, on),
            "upcoming": standards.upcoming_revision(db.session, service, on),
            "drafts": sum(1 for e in entries if e.state == standards.STATE_DRAFT),
            "latest": entries[0].revision if entries else None,
        })
    return render_template("admin/standards/index.html", page=page, rows=rows)


@bp.route("/layanan/baru", methods=["GET", "POST"])
def service_new():
    form = ServiceForm()
    if form.validate_on_submit():
        outcome = attempt(
            standards.create_service, db.session, name=form.name.data or "", slug=form.slug.data or None,
            description=form.description.data or "", active=form.active.data, order=form.order.data,
            actor=current_user, success=_("Layanan ditambahkan. Lengkapi standar pelayanannya."),
        )
        if outcome.ok:
            return redirect(url_for("admin_standards.revision_new", slug=outcome.value.slug))
    return render_template("admin/standards/service_form.html", form=form, service=None), _status()


@bp.route("/<slug>/ubah", methods=["GET", "POST"])
def service_edit(slug: str):
    service = _service_or_404(slug)
    form = ServiceForm(obj=None if request.method == "POST" else service)
    if form.validate_on_submit():
        outcome = attempt(
            standards.update_service, db.session, service, name=form.name.data or "",
            description=form.description.data or "", active=form.active.data, order=form.order.data,
            actor=current_user, success=_("Perubahan layanan disimpan."),
        )
        if outcome.ok:
            return redirect(url_for("admin_standards.service", slug=service.slug))
    return render_template("admin/standards/service_form.html", form=form, service=service), _status()


@bp.route("/<slug>")
def service(slug: str):
    service = _service_or_404(slug)
    on = today()
    return render_template(
        "admin/standards/service.html", service=service,
        history=standards.history(db.session, service, include_drafts=True, on=on),
        current=standards.current_revision(db.session, service, on),
    )


@bp.route("/<slug>/revisi/baru", methods=["GET", "POST"])
def revision_new(slug: str):
    service = _service_or_404(slug)
    form = RevisionForm()
    base = standards.latest_revision(db.session, service)
    if request.method == "GET" and base is not None:
        _fill(form, base)
    return _revision_page(form, service, standards.save_revision, service, _created_message, base=base)


@bp.route("/<slug>/revisi/<int:number>")
def revision(slug: str, number: int):
    service = _service_or_404(slug)
    revision = _revision_or_404(service, number)
    on = today()
    current = standards.current_revision(db.session, service, on)
    return render_template(
        "admin/standards/revision.html", service=service, revision=revision,
        state=standards.revision_state(revision, current, on), state_labels=standards.STATE_LABELS,
        groups=standards.grouped_components(), rendered=standards.rendered_components(revision),
    )


@bp.route("/<slug>/revisi/<int:number>/ubah", methods=["GET", "POST"])
def revision_edit(slug: str, number: int):
    service = _service_or_404(slug)
    revision = _revision_or_404(service, number)
    if revision.is_published:
        flash(_("Revisi yang sudah terbit tidak dapat diubah. Buat revisi baru."), "warning")
        return redirect(url_for("admin_standards.revision", slug=slug, number=number))
    form = RevisionForm()
    if request.method == "GET":
        _fill(form, revision)
        form.effective_date.data = revision.effective_date
        form.note.data = revision.note
    return _revision_page(form, service, standards.update_draft, revision, _updated_message,
                          revision=revision)


@bp.route("/<slug>/revisi/<int:number>/terbitkan", methods=["POST"])
def revision_publish(slug: str, number: int):
    revision = _confirmed_revision(slug, number)
    attempt(standards.publish, db.session, revision, actor=current_user, success=_published_message)
    return redirect(url_for("admin_standards.service", slug=slug))


@bp.route("/<slug>/revisi/<int:number>/hapus", methods=["POST"])
def revision_delete(slug: str, number: int):
    revision = _confirmed_revision(slug, number)
    attempt(standards.delete_draft, db.session, revision, actor=current_user,
            success=_("Draf revisi ke-%(n)s dihapus.", n=number))
    return redirect(url_for("admin_standards.service", slug=slug))


# --- helpers of the revision pages -------------------------------------------------------------------

def _status() -> int:
    """A form page shown again after a POST is a 400 (the submission was not accepted)."""
    return 400 if request.method == "POST" else 200


def _fill(form: RevisionForm, revision) -> None:
    """Start the form from a revision's component texts and its sample flag."""
    texts = revision.texts
    for component in standards.COMPONENTS:
        form[component.key].data = texts.get(component.key, "")
    form.is_sample.data = revision.is_sample


def _revision_fields(form: RevisionForm) -> dict:
    return {
        "components": form.component_texts(), "effective_date": form.effective_date.data,
        "note": form.note.data or "", "is_sample": form.is_sample.data, "publish": bool(form.publish.data),
        "actor": current_user,
    }


def _revision_page(form: RevisionForm, service: Service, save, subject, success, *, revision=None, base=None):
    """A submitted revision form saved with `save(session, subject, ...)` (then back to the service), or
    the form (again)."""
    if form.validate_on_submit():
        outcome = attempt(save, db.session, subject, **_revision_fields(form), success=success)
        if outcome.ok:
            return redirect(url_for("admin_standards.service", slug=service.slug))
    return render_template(
        "admin/standards/revision_form.html", form=form, service=service, revision=revision, base=base,
        groups=standards.grouped_components(),
    ), _status()


def _confirmed_revision(slug: str, number: int):
    service = _service_or_404(slug)
    revision = _revision_or_404(service, number)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return revision


def _created_message(revision) -> str:
    if revision.is_published:
        return _published_message(revision)
    return _("Revisi ke-%(n)s disimpan sebagai draf.", n=revision.number)


def _updated_message(revision) -> str:
    if revision.is_published:
        return _published_message(revision)
    return _("Draf revisi ke-%(n)s disimpan.", n=revision.number)


def _published_message(revision) -> str:
    return _("Revisi ke-%(n)s diterbitkan; berlaku mulai %(date)s.", n=revision.number,
             date=tanggal(revision.effective_date))
