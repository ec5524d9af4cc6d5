"""Service standards admin: services (jenis layanan), revisions of their standards, publishing.

Every route needs the `editor` role (checked once, before each request of this blueprint).
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal.accounts.decorators import roles_required
from portal.core.errors import DomainError
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
    on = standards.today()
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
        try:
            service = standards.create_service(
                db.session, name=form.name.data or "", slug=form.slug.data or None,
                description=form.description.data or "", active=form.active.data, order=form.order.data,
                actor=current_user,
            )
            db.session.commit()
        except DomainError as err:
            db.session.rollback()
            flash(_(err.message), "danger")
        else:
            flash(_("Layanan ditambahkan. Lengkapi standar pelayanannya."), "success")
            return redirect(url_for("admin_standards.revision_new", slug=service.slug))
    status = 400 if request.method == "POST" else 200
    return render_template("admin/standards/service_form.html", form=form, service=None), status


@bp.route("/<slug>/ubah", methods=["GET", "POST"])
def service_edit(slug: str):
    service = _service_or_404(slug)
    form = ServiceForm(obj=None if request.method == "POST" else service)
    if form.validate_on_submit():
        try:
            standards.update_service(
                db.session, service, name=form.name.data or "", description=form.description.data or "",
                active=form.active.data, order=form.order.data, actor=current_user,
            )
            db.session.commit()
        except DomainError as err:
            db.session.rollback()
            flash(_(err.message), "danger")
        else:
            flash(_("Perubahan layanan disimpan."), "success")
            return redirect(url_for("admin_standards.service", slug=service.slug))
    status = 400 if request.method == "POST" else 200
    return render_template("admin/standards/service_form.html", form=form, service=service), status


@bp.route("/<slug>")
def service(slug: str):
    service = _service_or_404(slug)
    on = standards.today()
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
        texts = base.texts
        for component in standards.COMPONENTS:
            form[component.key].data = texts.get(component.key, "")
        form.is_sample.data = base.is_sample
    if form.validate_on_submit():
        try:
            revision = standards.save_revision(
                db.session, service, components=form.component_texts(), effective_date=form.effective_date.data,
                note=form.note.data or "", is_sample=form.is_sample.data, publish=bool(form.publish.data),
                actor=current_user,
            )
            db.session.commit()
        except DomainError as err:
            db.session.rollback()
            flash(_(err.message), "danger")
        else:
            if revision.is_published:
                _flash_published(revision)
            else:
                flash(_("Revisi ke-%(n)s disimpan sebagai draf.", n=revision.number), "success")
            return redirect(url_for("admin_standards.service", slug=service.slug))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "admin/standards/revision_form.html", form=form, service=service, revision=None, base=base,
        groups=standards.grouped_components(),
    ), status


@bp.route("/<slug>/revisi/<int:number>")
def revision(slug: str, number: int):
    service = _service_or_404(slug)
    revision = _revision_or_404(service, number)
    on = standards.today()
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
        texts = revision.texts
        for component in standards.COMPONENTS:
            form[component.key].data = texts.get(component.key, "")
        form.effective_date.data = revision.effective_date
        form.note.data = revision.note
        form.is_sample.data = revision.is_sample
    if form.validate_on_submit():
        try:
            standards.update_draft(
                db.session, revision, components=form.component_texts(), effective_date=form.effective_date.data,
                note=form.note.data or "", is_sample=form.is_sample.data, actor=current_user,
            )
            if form.publish.data:
                standards.publish(db.session, revision, actor=current_user)
            db.session.commit()
        except DomainError as err:
            db.session.rollback()
            flash(_(err.message), "danger")
        else:
            if revision.is_published:
                _flash_published(revision)
            else:
                flash(_("Draf revisi ke-%(n)s disimpan.", n=revision.number), "success")
            return redirect(url_for("admin_standards.service", slug=service.slug))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "admin/standards/revision_form.html", form=form, service=service, revision=revision, base=None,
        groups=standards.grouped_components(),
    ), status


@bp.route("/<slug>/revisi/<int:number>/terbitkan", methods=["POST"])
def revision_publish(slug: str, number: int):
    service = _service_or_404(slug)
    revision = _revision_or_404(service, number)
    from portal.admin.forms import ConfirmForm

    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        standards.publish(db.session, revision, actor=current_user)
        db.session.commit()
    except DomainError as err:
        db.session.rollback()
        flash(_(err.message), "danger")
    else:
        _flash_published(revision)
    return redirect(url_for("admin_standards.service", slug=slug))


@bp.route("/<slug>/revisi/<int:number>/hapus", methods=["POST"])
def revision_delete(slug: str, number: int):
    service = _service_or_404(slug)
    revision = _revision_or_404(service, number)
    from portal.admin.forms import ConfirmForm

    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        standards.delete_draft(db.session, revision, actor=current_user)
        db.session.commit()
    except DomainError as err:
        db.session.rollback()
        flash(_(err.message), "danger")
    else:
        flash(_("Draf revisi ke-%(n)s dihapus.", n=number), "success")
    return redirect(url_for("admin_standards.service", slug=slug))


def _flash_published(revision) -> None:
    flash(_("Revisi ke-%(n)s diterbitkan; berlaku mulai %(date)s.", n=revision.number,
            date=_date(revision.effective_date)), "success")


def _date(value) -> str:
    from portal.core.formatting import tanggal

    return tanggal(value)
