"""PPID staff area (/admin/ppid): the DIP and the exemption list, each entry with its revision history.

`ppid`, `editor` and `pimpinan` read; only `ppid` and `editor` write (create, edit, withdraw)."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.accounts.decorators import roles_required
from portal.core import attachments
from portal.core.clock import today
from portal.core.routing import query_int
from portal.core.views import ConfirmForm, attempt
from portal.extensions import db
from portal.ppid import EDIT_ROLES, READ_ROLES
from portal.ppid import service as ppid
from portal.ppid.forms import DipForm, ExemptionForm
from portal.ppid.models import DipDocument, DipEntry, Exemption

bp = Blueprint("admin_ppid", __name__)


@bp.before_request
@roles_required(*READ_ROLES)
def require_reader():
    return None


def _require_editor() -> None:
    if not current_user.has_role(*EDIT_ROLES):
        abort(403)


def _status() -> int:
    return 400 if request.method == "POST" else 200


def _policy() -> attachments.UploadPolicy:
    return attachments.UploadPolicy.from_config(current_app.config)


def _save_with_documents(form: DipForm, action, *args, success):
    """Check and clean the chosen files (by content, core/attachments.py), then run `action` with them
    through attempt(); a refused file is an error beside the field and nothing is written."""
    policy = _policy()
    try:
        prepared = attachments.prepare(attachments.read_uploads(
            request.files.getlist(form.documents.name), policy), policy)
    except attachments.AttachmentError as err:
        form.documents.errors = list(err.errors)
        return None
    return attempt(action, db.session, *args, form.values(), current_user, documents=prepared,
                   success=success)


def _context():
    return {"labels": ppid.CATEGORY_LABELS, "status_labels": ppid.STATUS_LABELS, "grounds": ppid.PASAL_17,
            "can_edit": current_user.has_role(*EDIT_ROLES), "today": today()}


@bp.route("/")
def index():
    on = today()
    filters, errors = ppid.parse_filters(request.args, staff=True)
    page = db.paginate(ppid.dip_query(filters, on), page=query_int("halaman", min_value=1) or 1,
                       per_page=ppid.PER_PAGE, error_out=False)
    return render_template(
        "admin/ppid/index.html", page=page, filters=filters, errors=errors, years=ppid.dip_years(db.session),
        out_of_date={e.id for e in page.items if ppid.is_out_of_date(e, on)},
        out_of_date_count=ppid.count_out_of_date(db.session, on), **_context(),
    )


@bp.route("/dip/baru", methods=["GET", "POST"])
def dip_new():
    _require_editor()
    form = DipForm()
    if request.method == "GET":
        form.year.data = today().year
        form.updated_on.data = today()
    if form.validate_on_submit():
        outcome = _save_with_documents(form, ppid.create_dip,
                                       success=_("Informasi ditambahkan ke Daftar Informasi Publik."))
        if outcome is not None and outcome.ok:
            return redirect(url_for("admin_ppid.dip_entry", entry_id=outcome.value.id))
    return render_template("admin/ppid/dip_form.html", form=form, entry=None, policy=_policy(),
                           **_context()), _status()


@bp.route("/dip/<int:entry_id>")
def dip_entry(entry_id: int):
    entry = db.session.get(DipEntry, entry_id) or abort(404)
    return render_template("admin/ppid/dip_entry.html", entry=entry, confirm=ConfirmForm(),
                           stale=ppid.is_out_of_date(entry, today()), **_context())


@bp.route("/dip/<int:entry_id>/ubah", methods=["GET", "POST"])
def dip_edit(entry_id: int):
    _require_editor()
    entry = db.session.get(DipEntry, entry_id) or abort(404)
    form = DipForm(obj=None if request.method == "POST" else entry)
    if form.validate_on_submit():
        outcome = _save_with_documents(form, ppid.update_dip, entry,
                                       success=lambda e: _("Perubahan disimpan (versi %(n)s).", n=e.version))
        if outcome is not None and outcome.ok:
            return redirect(url_for("admin_ppid.dip_entry", entry_id=entry.id))
    return render_template("admin/ppid/dip_form.html", form=form, entry=entry, policy=_policy(),
                           **_context()), _status()


@bp.route("/dip/<int:entry_id>/tarik", methods=["POST"])
def dip_withdraw(entry_id: int):
    _require_editor()
    entry = db.session.get(DipEntry, entry_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    attempt(ppid.withdraw_dip, db.session, entry, current_user,
            success=_("Informasi ditarik dari Daftar Informasi Publik."))
    return redirect(url_for("admin_ppid.dip_entry", entry_id=entry.id))


@bp.route("/dip/<int:entry_id>/dokumen/<int:document_id>/hapus", methods=["POST"])
def document_remove(entry_id: int, document_id: int):
    _require_editor()
    document = db.session.get(DipDocument, document_id)
    if document is None or document.entry_id != entry_id:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    attempt(ppid.remove_document, db.session, document, current_user,
            success=_("Dokumen dihapus dari halaman publik."))
    return redirect(url_for("admin_ppid.dip_entry", entry_id=entry_id))


@bp.route("/dikecualikan")
def exemptions():
    return render_template("admin/ppid/exemptions.html",
                           items=ppid.exemptions(db.session, include_withdrawn=True), **_context())


@bp.route("/dikecualikan/baru", methods=["GET", "POST"])
def exemption_new():
    _require_editor()
    form = ExemptionForm()
    if request.method == "GET":
        form.decided_on.data = today()
    if form.validate_on_submit():
        outcome = attempt(ppid.create_exemption, db.session, form.values(), current_user,
                          success=_("Informasi yang dikecualikan ditambahkan."))
        if outcome.ok:
            return redirect(url_for("admin_ppid.exemption", item_id=outcome.value.id))
    return render_template("admin/ppid/exemption_form.html", form=form, item=None, **_context()), _status()


@bp.route("/dikecualikan/<int:item_id>")
def exemption(item_id: int):
    item = db.session.get(Exemption, item_id) or abort(404)
    return render_template("admin/ppid/exemption.html", item=item, confirm=ConfirmForm(), **_context())


@bp.route("/dikecualikan/<int:item_id>/ubah", methods=["GET", "POST"])
def exemption_edit(item_id: int):
    _require_editor()
    item = db.session.get(Exemption, item_id) or abort(404)
    form = ExemptionForm(obj=None if request.method == "POST" else item)
    if form.validate_on_submit():
        outcome = attempt(ppid.update_exemption, db.session, item, form.values(), current_user,
                          success=lambda e: _("Perubahan disimpan (versi %(n)s).", n=e.version))
        if outcome.ok:
            return redirect(url_for("admin_ppid.exemption", item_id=item.id))
    return render_template("admin/ppid/exemption_form.html", form=form, item=item, **_context()), _status()


@bp.route("/dikecualikan/<int:item_id>/tarik", methods=["POST"])
def exemption_withdraw(item_id: int):
    _require_editor()
    item = db.session.get(Exemption, item_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    attempt(ppid.withdraw_exemption, db.session, item, current_user,
            success=_("Informasi yang dikecualikan ditarik dari daftar."))
    return redirect(url_for("admin_ppid.exemption", item_id=item.id))
