"""Staff side of information requests (blueprint `admin_ppid_requests`, /admin/ppid/permohonan): the inbox,
the case page with its next-step panel (extension, decision with released files, officer, note), the files
of a request, and the written notice printable on A4.

Roles: `ppid` reads and writes; `pimpinan` reads the inbox and the case pages, never the applicant's
identity scan (neither listed nor downloadable: 403). Views parse the request, call portal/ppid/handling.py
or workflow.py through attempt(), redirect (POST-redirect-GET), and e-mail the applicant after the commit.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from wtforms.fields.core import Label

from portal.accounts.decorators import roles_required
from portal.core import attachments, clock, site_settings
from portal.core.downloads import send_user_file
from portal.core.links import external_url
from portal.core.validation import parse_int
from portal.core.views import attempt
from portal.extensions import db
from portal.ppid import REQUEST_READ_ROLES, REQUEST_WRITE_ROLES, handling, mail, queries
from portal.ppid import service as ppid_service
from portal.ppid.models import (
    FILE_IDENTITY,
    FILE_RELEASED,
    InfoRequest,
    InfoRequestFile,
)
from portal.ppid.request_admin_forms import (
    AssignForm,
    DecisionForm,
    ExtendForm,
    InboxFilterForm,
    NoteForm,
)
from portal.ppid.workflow import DECISIONS, GRANTED, STATUSES, WORKFLOW, Deadlines, add_note

bp = Blueprint("admin_ppid_requests", __name__)

# Who may see and download the applicant's identity scan (KTP / akta): the PPID role only.
IDENTITY_ROLES = ("ppid",)
STATUS_BADGES = {
    "diterima": "text-bg-secondary", "diperpanjang": "text-bg-info", "dikabulkan": "text-bg-success",
    "dikabulkan_sebagian": "text-bg-primary", "ditolak": "text-bg-dark", "tidak_dikuasai": "text-bg-warning",
}
SORT_LABELS = {"nomor": _l("Nomor"), "diterima": _l("Diterima"), "status": _l("Status"),
               "tenggat": _l("Tenggat")}
APPLICANT_TYPE_LABELS = {"perorangan": _l("Perorangan"), "badan_hukum": _l("Badan hukum")}
CHANNEL_LABELS = {"website": _l("Situs web"), "surat": _l("Surat"), "email": _l("E-mail"),
                  "datang": _l("Datang langsung")}
DELIVERY_LABELS = {"lihat": _l("Melihat / membaca"), "email": _l("Salinan elektronik melalui e-mail"),
                   "unduh": _l("Salinan elektronik diunduh"), "salinan": _l("Salinan cetak diambil")}
DECISION_LABELS = {"dikabulkan": _l("Kabulkan seluruhnya"), "dikabulkan_sebagian": _l("Kabulkan sebagian"),
                   "ditolak": _l("Tolak (dikecualikan)"), "tidak_dikuasai": _l("Informasi tidak dikuasai")}


@bp.record_once
def _template_globals(state) -> None:
    state.app.jinja_env.globals.update(
        PPID_REQUEST_STATUSES=STATUSES, PPID_REQUEST_BADGES=STATUS_BADGES,
        PPID_APPLICANT_TYPES=APPLICANT_TYPE_LABELS, PPID_CHANNELS=CHANNEL_LABELS,
        PPID_DELIVERY=DELIVERY_LABELS)


def _deadlines() -> Deadlines:
    return Deadlines.from_config(current_app.config)


def _window() -> queries.DueWindow:
    return queries.DueWindow.build(db.session, current_app.config["PPID_NEARLY_DUE_DAYS"])


def _get_request(number: str) -> InfoRequest:
    found = db.session.scalar(select(InfoRequest).where(InfoRequest.number == number.strip().upper()))
    return found if found is not None else abort(404)


def _office_name() -> str:
    return site_settings.get_all(db.session).get("office_name", "")


def _can_see_identity() -> bool:
    return current_user.has_role(*IDENTITY_ROLES)


# ---------------------------------------------------------------- inbox
@bp.route("")
@roles_required(*REQUEST_READ_ROLES)
def inbox():
    filters = queries.InboxFilters.from_args(request.args)
    officers = queries.officers(db.session)
    form = InboxFilterForm(formdata=MultiDict(filters.to_args()))
    form.fill_choices(sorted(set(queries.years(db.session)) | {clock.today().year}, reverse=True), officers)
    window = _window()
    me = current_user.id
    halaman = None if "page" in request.args else parse_int(request.args.get("halaman"), min_value=1)
    page = db.paginate(queries.inbox_query(filters, window, me=me), page=halaman, per_page=queries.PER_PAGE,
                       max_per_page=100)
    return render_template(
        "admin/ppid/requests.html", page=page, form=form, filters=filters, window=window,
        states={r.id: window.state(r) for r in page.items}, filtered=filters.filtered,
        counts=queries.status_counts(db.session, filters, window, me=me), sort_labels=SORT_LABELS,
        inbox_url=_inbox_url, open_states=WORKFLOW.open_states, due_of=queries.CLOCK.due_of)


def _inbox_url(filters: queries.InboxFilters, **extra) -> str:
    return url_for("admin_ppid_requests.inbox", **filters.to_args(), **extra)


# ---------------------------------------------------------------- case page
@bp.route("/<number>")
@roles_required(*REQUEST_READ_ROLES)
def case(number: str):
    return _render_case(_get_request(number))


def _unique_ids(form, prefix: str) -> None:
    """Field ids with the form's name in front (the case page's forms share field names)."""
    for name, field in form._fields.items():
        if name != "csrf_token":
            field.id = f"{prefix}-{name}"
            field.label = Label(field.id, field.label.text)


def _exemptions():
    return ppid_service.exemptions(db.session)


def _render_case(info: InfoRequest, status: int = 200, **bound_forms):
    window = _window()
    on = window.today
    clock_info = {
        "received": clock.local_date(info.received_at),
        "first": info.notice_due,
        "extended": info.extended_due,
        "due": queries.CLOCK.due_of(info),
        "left": queries.CLOCK.days_left(db.session, queries.CLOCK.due_of(info), on)
        if WORKFLOW.is_open(info) else None,
        "state": window.state(info),
    }
    moves = WORKFLOW.allowed(info)
    can_write = current_user.has_role(*REQUEST_WRITE_ROLES)
    forms: dict[str, Any] = {}
    if can_write:
        exemptions = _exemptions()
        if "diperpanjang" in moves:
            forms["extend"] = bound_forms.get("extend") or ExtendForm(formdata=None)
        decisions = {}
        for target in moves:
            if target in DECISIONS:
                form = bound_forms.get("decide_" + target) or DecisionForm(formdata=None, prefix=target)
                form.fill_choices(exemptions)
                decisions[target] = form
        forms["decisions"] = decisions
        if WORKFLOW.is_open(info):
            forms["assign"] = bound_forms.get("assign") or AssignForm(formdata=None,
                                                                      officer_id=info.assigned_to_id)
            forms["assign"].fill_choices(queries.officers(db.session))
        forms["note"] = bound_forms.get("note") or NoteForm(formdata=None)
        for name in ("extend", "assign", "note"):
            if name in forms:
                _unique_ids(forms[name], name)
    return render_template(
        "admin/ppid/request.html", info=info, clock_info=clock_info, forms=forms, can_write=can_write,
        show_identity=_can_see_identity(), decision_labels=DECISION_LABELS, granted=GRANTED,
        open_form=next(iter(bound_forms), None),
        policy=attachments.UploadPolicy.from_config(current_app.config),
        is_open=WORKFLOW.is_open(info),
    ), status


def _failed(info: InfoRequest, message: str | None, **bound_forms):
    db.session.rollback()
    if message:
        flash(message, "danger")
    return _render_case(info, 400, **bound_forms)


def _case_action(info: InfoRequest, name: str, form, unsaved: str, action: Callable[[], Any], *,
                 success: str | Callable[[Any], str], notify: bool = False, anchor: str = ""):
    """One POST on the case page: form checked, action run and committed; on a refusal the page again with
    the form as sent and the reason, nothing written."""
    if not form.validate_on_submit():
        return _failed(info, unsaved, **{name: form})
    outcome = attempt(action, success=success, flash_error=False)
    if not outcome.ok:
        return _failed(info, outcome.message, **{name: form})
    if notify:
        _notify(info, outcome.value)
    return redirect(url_for("admin_ppid_requests.case", number=info.number) + anchor)


@bp.route("/<number>/perpanjang", methods=["POST"])
@roles_required(*REQUEST_WRITE_ROLES)
def extend(number: str):
    info = _get_request(number)
    form = ExtendForm()
    return _case_action(
        info, "extend", form, _("Perpanjangan belum tersimpan. Periksa isian formulir."),
        lambda: handling.extend(db.session, info, current_user, _deadlines(), reason=form.reason.data or "",
                                internal_note=form.internal_note.data or ""),
        success=lambda move: _("Jangka waktu permohonan %(number)s diperpanjang sampai %(day)s.",
                               number=info.number, day=info.extended_due.isoformat()),
        notify=True)


@bp.route("/<number>/keputusan/<to_status>", methods=["POST"])
@roles_required(*REQUEST_WRITE_ROLES)
def decide(number: str, to_status: str):
    info = _get_request(number)
    if to_status not in DECISIONS:
        abort(404)
    form = DecisionForm(prefix=to_status)
    form.fill_choices(_exemptions())
    name = "decide_" + to_status
    unsaved = _("Keputusan belum tersimpan. Periksa isian formulir.")
    if not form.validate_on_submit():
        return _failed(info, unsaved, **{name: form})
    policy = attachments.UploadPolicy.from_config(current_app.config)
    try:
        uploads = attachments.read_uploads(request.files.getlist(form.files.name), policy)
        prepared = attachments.prepare(uploads, policy)
    except attachments.AttachmentError as err:
        form.files.errors = list(err.errors)
        return _failed(info, unsaved, **{name: form})
    values = form.values()
    return _case_action(
        info, name, form, unsaved,
        lambda: handling.decide(db.session, info, to_status, current_user, _deadlines(), files=prepared,
                                **values),
        success=_("Keputusan atas permohonan %(number)s disimpan: %(status)s.", number=info.number,
                  status=STATUSES[to_status]),
        notify=True)


@bp.route("/<number>/petugas", methods=["POST"])
@roles_required(*REQUEST_WRITE_ROLES)
def assign(number: str):
    info = _get_request(number)
    form = AssignForm()
    form.fill_choices(queries.officers(db.session))
    return _case_action(
        info, "assign", form, _("Penugasan belum tersimpan. Periksa isian formulir."),
        lambda: handling.assign(db.session, info, current_user, form.officer_id.data),
        success=_("Petugas penanganan diperbarui."))


@bp.route("/<number>/catatan", methods=["POST"])
@roles_required(*REQUEST_WRITE_ROLES)
def note(number: str):
    info = _get_request(number)
    form = NoteForm()
    return _case_action(
        info, "note", form, _("Catatan belum tersimpan. Periksa isian formulir."),
        lambda: add_note(db.session, info, current_user, public_note=form.public_note.data or "",
                         internal_note=form.internal_note.data or ""),
        success=_("Catatan ditambahkan."), anchor="#riwayat")


@bp.route("/<number>/berkas/<int:file_id>")
@roles_required(*REQUEST_READ_ROLES)
def download(number: str, file_id: int):
    """A file of the request: the identity scan for the PPID role only (403 for pimpinan), a released
    document for both reading roles. Audited."""
    info = _get_request(number)
    item = db.session.get(InfoRequestFile, file_id)
    if item is None or item.request_id != info.id or item.removed_at is not None:
        abort(404)
    if item.kind == FILE_IDENTITY and not _can_see_identity():
        abort(403)
    if item.kind not in (FILE_IDENTITY, FILE_RELEASED):
        abort(404)
    handling.record_download(db.session, current_user, item)
    db.session.commit()
    return send_user_file(item.data, mimetype=item.content_type, download_name=item.original_name)


# ---------------------------------------------------------------- the written notice (A4)
@bp.route("/<number>/pemberitahuan")
@roles_required(*REQUEST_READ_ROLES)
def notice(number: str):
    """The surat pemberitahuan tertulis (UU 14/2008 Pasal 22 ayat 7 a-g), printable on A4 with the office's
    letterhead; there is none before the decision (404)."""
    info = _get_request(number)
    if WORKFLOW.is_open(info):
        abort(404)
    settings = site_settings.get_all(db.session)
    return render_template("admin/ppid/notice_print.html", info=info, settings=settings,
                           profile=ppid_service.profile(settings), grounds=ppid_service.PASAL_17,
                           decided_on=clock.local_date(info.closed_at) if info.closed_at else None,
                           granted=GRANTED)


# ---------------------------------------------------------------- e-mail to the applicant
def _notify(info: InfoRequest, move) -> None:
    """After the commit: tell the applicant (portal/ppid/mail.py; a failure never undoes the change)."""
    if info.email:
        mail.notify_request_moved(current_app.config, info, move.entry,
                                  tracking_url=external_url("ppid_requests.track"),
                                  office_name=_office_name())
