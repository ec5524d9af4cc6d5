"""Staff side of DUMAS (blueprint `admin_dumas`, /admin/pengaduan): inbox, register, case page, holidays.

Roles: `dumas` reads and writes; `pimpinan` reads the inbox and case pages (no forms, no identity of a
rahasia reporter); every other role gets 403. The holidays page is for `admin` and `dumas`.
Views parse the request, call a service, commit, then (after the commit) send e-mail.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from wtforms.fields.core import Label

from portal.accounts.decorators import roles_required
from portal.core import attachments, audit, clock, holidays, periods, site_settings
from portal.core.downloads import send_export, send_user_file
from portal.core.errors import DomainError
from portal.core.links import external_url
from portal.core.validation import parse_day, parse_int
from portal.core.views import ConfirmForm, attempt
from portal.dumas import inbox_export
from portal.dumas import queries as complaint_queries
from portal.dumas import service as complaints
from portal.dumas import staff as complaint_admin
from portal.dumas.admin_forms import (
    AssignForm,
    BulkForm,
    CategoryForm,
    HolidayForm,
    InboxFilterForm,
    NoteForm,
    RegisterForm,
    StatusForm,
    VerifyForm,
)
from portal.dumas.models import (
    CHANNELS,
    KINDS,
    STATUSES,
    Category,
    Complaint,
    ComplaintAttachment,
)
from portal.dumas.workflow import Deadlines, add_note, allowed_transitions, transition
from portal.extensions import db

bp = Blueprint("admin_dumas", __name__)

READ_ROLES = ("dumas", "pimpinan")
WRITE_ROLES = ("dumas",)
HOLIDAY_ROLES = ("admin", "dumas")
PER_PAGE = 25
CLOSING = ("selesai", "ditolak", "diteruskan")
STATUS_BADGES = {
    "diterima": "text-bg-secondary", "diverifikasi": "text-bg-info", "diproses": "text-bg-primary",
    "selesai": "text-bg-success", "ditolak": "text-bg-dark", "diteruskan": "text-bg-warning",
}


@bp.record_once
def _template_globals(state) -> None:
    """Labels for templates and imported macros (macros imported without context still see globals)."""
    state.app.jinja_env.globals.update(DUMAS_STATUSES=STATUSES, DUMAS_CHANNELS=CHANNELS, DUMAS_KINDS=KINDS,
                                       DUMAS_STATUS_BADGES=STATUS_BADGES)


def _deadlines() -> Deadlines:
    return Deadlines.from_config(current_app.config)


def _window() -> complaint_queries.DueWindow:
    return complaint_queries.DueWindow.build(db.session, current_app.config["DUMAS_NEARLY_DUE_DAYS"])


def _categories(include_inactive: bool = False) -> list[Category]:
    query = select(Category).order_by(Category.order, Category.name)
    if not include_inactive:
        query = query.where(Category.active.is_(True))
    return list(db.session.scalars(query))


def _reveal_identity(complaint: Complaint | None = None) -> bool:
    """DUMAS officers see every reporter; pimpinan only reporters who did not ask for confidentiality."""
    if current_user.has_role("dumas"):
        return True
    return complaint is not None and not complaint.confidential


def _get_case(number: str) -> Complaint:
    complaint = db.session.scalar(select(Complaint).where(Complaint.number == number.upper()))
    if complaint is None:
        abort(404)
    return complaint


# ---------------------------------------------------------------- inbox
# The inbox's sortable columns: urut key -> the column header's label
SORT_LABELS = {"nomor": _l("Nomor"), "diterima": _l("Diterima"), "status": _l("Status"),
               "tenggat": _l("Tenggat")}


@bp.route("")
@roles_required(*READ_ROLES)
def inbox():
    # Indonesian names (kategori, petugas, tenggat=terlambat...) or the English ones of older links
    filters = complaint_queries.InboxFilters.from_args(request.args)
    categories, officers = _categories(include_inactive=True), complaint_queries.officers(db.session)
    form = InboxFilterForm(formdata=MultiDict(filters.to_args()))
    form.fill_choices(categories, officers)
    window = _window()
    reveal, me = _reveal_identity(), current_user.id
    query = complaint_queries.inbox_query(filters, window, reveal_identity=reveal, me=me)
    # `page` (paginate reads it itself) is what the shared pagination links write; `halaman` is its
    # Indonesian name
    halaman = None if "page" in request.args else _int(request.args.get("halaman"))
    page = db.paginate(query, page=halaman, per_page=PER_PAGE, max_per_page=100)
    states = {c.id: window.state(c) for c in page.items}
    counts = complaint_queries.status_counts(db.session, filters, window, reveal_identity=reveal, me=me)
    bulk = None
    if current_user.has_role(*WRITE_ROLES):
        bulk = BulkForm(formdata=None, kembali=urlencode({**filters.to_args(), "halaman": page.page}))
        bulk.fill_choices(_categories(), officers)
    return render_template("admin/dumas/inbox.html", page=page, form=form, filters=filters,
                           states=states, window=window, filtered=filters.filtered, counts=counts,
                           bulk=bulk, sort_labels=SORT_LABELS, inbox_url=_inbox_url)


def _inbox_url(filters: complaint_queries.InboxFilters, endpoint: str = "admin_dumas.inbox",
               **extra) -> str:
    """A link to the inbox (or its export) with these filters; the page starts again at the first."""
    return url_for(endpoint, **filters.to_args(), **extra)


def _back_to_list(kembali: str | None) -> str:
    """The filtered list a bulk action came from, rebuilt from its query string through the filters (so
    the redirect can only go to the inbox)."""
    args = MultiDict(parse_qsl(kembali or "", keep_blank_values=False))
    filters = complaint_queries.InboxFilters.from_args(args)
    halaman = _int(args.get("halaman"))
    return _inbox_url(filters, **({"halaman": halaman} if halaman and halaman > 1 else {}))


@bp.route("/massal", methods=["POST"])
@roles_required(*WRITE_ROLES)
def bulk():
    """The inbox's bulk action bar: assign the ticked cases to one officer, or put them in one category.
    One transaction; each case goes through the single-case function and its audit entry."""
    form = BulkForm()
    form.fill_choices(_categories(), complaint_queries.officers(db.session))
    back = _back_to_list(form.kembali.data)
    action = request.form.get("aksi", "")
    ids = [n for n in (_int(value) for value in request.form.getlist("kasus")) if n is not None]
    if not form.validate_on_submit() or action not in ("tugaskan", "kategorikan"):
        flash(_("Tindakan massal belum tersimpan. Periksa isian formulir."), "danger")
        return redirect(back)
    if not ids:
        flash(_("Centang sedikitnya satu aduan."), "danger")
        return redirect(back)
    if action == "tugaskan" and form.officer_id.data is None:
        flash(_("Pilih petugas yang menangani."), "danger")
        return redirect(back)
    if action == "kategorikan" and form.category_id.data is None:
        flash(_("Pilih kategori aduan."), "danger")
        return redirect(back)
    if action == "tugaskan":
        outcome = attempt(complaint_admin.bulk_assign, db.session, ids, current_user, form.officer_id.data)
    else:
        outcome = attempt(complaint_admin.bulk_recategorise, db.session, ids, current_user, _deadlines(),
                          form.category_id.data)
    if outcome.ok:
        _flash_bulk(action, outcome.value)
    return redirect(back)


def _flash_bulk(action: str, result: complaint_admin.BulkResult) -> None:
    """How many changed (or that none did), and each case left as it was with the reason."""
    n = len(result.changed)
    if not n:
        flash(_("Tidak ada aduan yang diubah."), "danger")
    elif action == "tugaskan":
        flash(ngettext("%(num)s aduan ditugaskan.", "%(num)s aduan ditugaskan.", n), "success")
    else:
        flash(ngettext("%(num)s aduan dikategorikan ulang.", "%(num)s aduan dikategorikan ulang.", n),
              "success")
    if result.refused:
        flash(_("Tidak diubah: %(reasons)s", reasons="; ".join(
            f"{number} ({why})" for number, why in result.refused)), "warning")


def _int(value: str | None) -> int | None:
    """An id from the query string: a database integer (portal/core/validation.py), else None."""
    return parse_int(value, min_value=1)


@bp.route("/ekspor.xlsx")
@roles_required(*READ_ROLES)
def export():
    """The inbox's list with the same filters and order, every page of it, as XLSX (portal/dumas/
    inbox_export.py: no identity of a confidential reporter). Audited: the file holds personal data."""
    filters = complaint_queries.InboxFilters.from_args(request.args)
    query = complaint_queries.inbox_query(filters, _window(), reveal_identity=_reveal_identity(),
                                          me=current_user.id)
    today = clock.today()
    body, rows = inbox_export.workbook(
        db.session.scalars(query.limit(inbox_export.MAX_ROWS + 1)),
        title=_("Daftar pengaduan – %(office)s", office=_office_name()), made_on=today)
    audit.record(db.session, current_user, "complaint.export", None, object_type="complaints",
                 format="xlsx", rows=rows, status=filters.status)
    db.session.commit()
    return send_export(body, f"pengaduan-{today:%Y%m%d}.xlsx")


@bp.route("/laporan")
@roles_required(*READ_ROLES)
def report():
    """A printable report of the complaints received in a period, each with its follow-ups: public notes
    and status changes only (the seed's "lampiran tindak lanjut Aduan" goes to other offices); no reporter
    identity, no internal note. ?periode=2026-12 | 2026-T4 | 2026-S2 | 2026, or ?dari=&sampai= (dates)."""
    today = clock.today()
    status = 200
    try:
        period = _report_period(request.args, today)
    except DomainError as err:
        flash(err.message, "danger")
        period, status = periods.containing(today, periods.MONTH), 400
    found = complaint_queries.period_report(db.session, period.start_utc, period.end_utc)
    this_month = periods.containing(today, periods.MONTH)
    shortcuts = [this_month, periods.containing(this_month.start - timedelta(days=1), periods.MONTH),
                 periods.containing(today, periods.QUARTER), periods.containing(today, periods.YEAR)]
    return render_template("admin/dumas/report.html", period=period, report=found, shortcuts=shortcuts,
                           today=today, office_name=_office_name()), status


def _report_period(args, today: date) -> periods.Period:
    if args.get("periode"):
        return periods.parse_period(args["periode"], (periods.MONTH, periods.QUARTER, periods.SEMESTER,
                                                      periods.YEAR, periods.RANGE))
    if args.get("dari") or args.get("sampai"):
        return periods.range_period(parse_day(args.get("dari")), parse_day(args.get("sampai")))
    return periods.containing(today, periods.MONTH)


# ---------------------------------------------------------------- register (other channels)
@bp.route("/catat", methods=["GET", "POST"])
@roles_required(*WRITE_ROLES)
def register():
    form = RegisterForm()
    form.fill_choices(_categories())
    if request.method == "GET":
        form.received_date.data = clock.today().isoformat()
        return render_template("admin/dumas/register.html", form=form)
    if form.validate_on_submit():
        # Validates every field and file, numbers, stores, commits and e-mails the receipt itself.
        outcome = attempt(
            complaints.register_by_staff, db.session, form.service_data(),
            request.files.getlist(form.attachments.name), current_app.config, actor=current_user,
            tracking_url=_tracking_url(), office_name=_office_name(), flash_error=False,
            success=lambda result: _(
                "Aduan %(number)s dicatat. Kode akses untuk pelapor: %(code)s. Sampaikan kepada pelapor "
                "bersama nomor aduan; kode ini tidak dapat ditampilkan lagi.", number=result[0].number,
                code=result[1]))
        if outcome.ok:
            return redirect(url_for("admin_dumas.case", number=outcome.value[0].number))
        if isinstance(outcome.error, complaints.InvalidComplaint):
            for message in form.add_service_errors(outcome.error.errors):
                flash(str(message), "danger")
        else:
            flash(outcome.message, "danger")
    return render_template("admin/dumas/register.html", form=form), 400


def _tracking_url() -> str:
    return external_url("dumas.track")


def _office_name() -> str:
    return site_settings.get_all(db.session).get("office_name", "")


# ---------------------------------------------------------------- case page
@bp.route("/<number>")
@roles_required(*READ_ROLES)
def case(number: str):
    return _render_case(_get_case(number))


# The main move of each open state (the next-step panel shows it open; the other allowed moves and the
# other actions each behind a <details>).
MAIN_MOVE = {"diterima": "diverifikasi", "diverifikasi": "diproses", "diproses": "selesai"}


def _render_case(complaint: Complaint, status: int = 200, **bound_forms):
    reveal = _reveal_identity(complaint)
    window = _window()
    on = window.today
    due_now = complaint.verify_due if complaint.status == "diterima" else complaint.resolve_due
    deadlines = {
        "verify_left": complaint_queries.working_days_left(db.session, complaint.verify_due, on),
        "resolve_left": complaint_queries.working_days_left(db.session, complaint.resolve_due, on),
        "current": due_now,
        "state": window.state(complaint),
    }
    forms = {}
    moves = allowed_transitions(complaint)
    if current_user.has_role(*WRITE_ROLES):
        categories, officers = _categories(), complaint_queries.officers(db.session)
        forms["verify"] = bound_forms.get("verify") or VerifyForm(
            formdata=None, category_id=complaint.category_id, kind="", officer_id=complaint.assigned_to_id)
        forms["verify"].fill_choices(categories, officers)
        forms["note"] = bound_forms.get("note") or NoteForm(formdata=None)
        forms["assign"] = bound_forms.get("assign") or AssignForm(formdata=None,
                                                                  officer_id=complaint.assigned_to_id)
        forms["assign"].fill_choices(officers)
        forms["category"] = bound_forms.get("category") or CategoryForm(
            formdata=None, category_id=complaint.category_id, kind=complaint.kind)
        forms["category"].fill_choices(categories)
        forms["status"] = {
            target: bound_forms.get("status_" + target) or StatusForm(formdata=None, prefix=target)
            for target in moves if target != "diverifikasi"
        }
    for name, form in forms.items():
        if name != "status":
            _unique_ids(form, name)
    main = MAIN_MOVE.get(complaint.status)
    return render_template(
        "admin/dumas/case.html", complaint=complaint, reveal=reveal, deadlines=deadlines, forms=forms,
        can_write=current_user.has_role(*WRITE_ROLES), closing=CLOSING,
        can_download=reveal, main_move=main if main in moves else None,
        other_moves=[target for target in moves if target != main],
        open_form=next(iter(bound_forms), None),
        files_by_step=_files_by_step(complaint),
    ), status


def _unique_ids(form, prefix: str) -> None:
    """Field ids (and their labels) with the form's name in front, so the case page's forms, which share
    field names such as public_note, never repeat an id; the names posted stay the same."""
    for name, field in form._fields.items():
        if name != "csrf_token":
            field.id = f"{prefix}-{name}"
            field.label = Label(field.id, field.label.text)


def _files_by_step(complaint: Complaint) -> dict[int | None, list[ComplaintAttachment]]:
    """The case's files under the follow-up they came with (None: with the complaint itself)."""
    steps: dict[int | None, list[ComplaintAttachment]] = {}
    for item in complaint.attachments:
        steps.setdefault(item.followup_id, []).append(item)
    return steps


def _failed(complaint: Complaint, message: str | None = None, **bound_forms):
    db.session.rollback()
    if message:
        flash(message, "danger")
    return _render_case(complaint, 400, **bound_forms)


def _case_action(complaint: Complaint, name: str, form, unsaved: str, action: Callable[[], Any], *,
                 success: str | Callable[[Any], str], anchor: str = "", notify: bool = False):
    """One POST on the case page: the form checked, then `action` run and committed (`attempt`); on a
    refusal the case page again with the form as it was sent (`name` is its key on the page) and the
    reason. `notify`: the action's follow-up is e-mailed to the reporter after the commit."""
    if not form.validate_on_submit():
        return _failed(complaint, unsaved, **{name: form})
    outcome = attempt(action, success=success, flash_error=False)
    if not outcome.ok:
        return _failed(complaint, outcome.message, **{name: form})
    if notify:
        _notify_status_change(complaint, outcome.value)
    return redirect(url_for("admin_dumas.case", number=complaint.number) + anchor)


@bp.route("/<number>/verifikasi", methods=["POST"])
@roles_required(*WRITE_ROLES)
def verify(number: str):
    complaint = _get_case(number)
    form = VerifyForm()
    form.fill_choices(_categories(), complaint_queries.officers(db.session))
    return _case_action(
        complaint, "verify", form, _("Verifikasi belum tersimpan. Periksa isian formulir."),
        lambda: complaint_admin.verify(
            db.session, complaint, current_user, _deadlines(), category_id=form.category_id.data,
            kind=form.kind.data or None, officer_id=form.officer_id.data,
            public_note=form.public_note.data or "", internal_note=form.internal_note.data or ""),
        success=_("Aduan %(number)s diverifikasi.", number=complaint.number), notify=True)


@bp.route("/<number>/status/<to_status>", methods=["POST"])
@roles_required(*WRITE_ROLES)
def change_status(number: str, to_status: str):
    complaint = _get_case(number)
    if to_status not in STATUSES:
        abort(404)
    form = StatusForm(prefix=to_status)
    return _case_action(
        complaint, "status_" + to_status, form,
        _("Perubahan status belum tersimpan. Periksa isian formulir."),
        lambda: transition(
            db.session, complaint, to_status, current_user, _deadlines(),
            public_note=form.public_note.data or "", internal_note=form.internal_note.data or "",
            final_answer=form.final_answer.data or "", forwarded_to=form.forwarded_to.data or "",
            reason=form.reason.data or ""),
        success=_("Status aduan %(number)s menjadi %(status)s.", number=complaint.number,
                  status=STATUSES[to_status]), notify=True)


@bp.route("/<number>/catatan", methods=["POST"])
@roles_required(*WRITE_ROLES)
def note(number: str):
    complaint = _get_case(number)
    form = NoteForm()
    return _case_action(
        complaint, "note", form, _("Catatan belum tersimpan. Periksa isian formulir."),
        lambda: add_note(db.session, complaint, current_user, public_note=form.public_note.data or "",
                         internal_note=form.internal_note.data or ""),
        success=_("Catatan ditambahkan."), anchor="#riwayat")


@bp.route("/<number>/petugas", methods=["POST"])
@roles_required(*WRITE_ROLES)
def assign(number: str):
    complaint = _get_case(number)
    form = AssignForm()
    form.fill_choices(complaint_queries.officers(db.session))
    return _case_action(
        complaint, "assign", form, _("Penugasan belum tersimpan. Periksa isian formulir."),
        lambda: complaint_admin.assign(db.session, complaint, current_user, form.officer_id.data),
        success=_("Petugas penanganan diperbarui."))


@bp.route("/<number>/kategori", methods=["POST"])
@roles_required(*WRITE_ROLES)
def recategorise(number: str):
    complaint = _get_case(number)
    form = CategoryForm()
    form.fill_choices(_categories())
    return _case_action(
        complaint, "category", form, _("Kategori belum tersimpan. Periksa isian formulir."),
        lambda: complaint_admin.recategorise(db.session, complaint, current_user, _deadlines(),
                                             category_id=form.category_id.data, kind=form.kind.data or None),
        success=_("Kategori aduan diperbarui."))


@bp.route("/<number>/lampiran/<int:attachment_id>")
@roles_required(*READ_ROLES)
def attachment(number: str, attachment_id: int):
    complaint = _get_case(number)
    item = db.session.get(ComplaintAttachment, attachment_id)
    if item is None or item.complaint_id != complaint.id:
        abort(404)
    if not _reveal_identity(complaint):
        abort(403)  # a rahasia reporter's files may identify them: DUMAS officers only
    path = _stored_file(item.stored_name)
    complaint_admin.record_download(db.session, current_user, item)
    db.session.commit()
    return send_user_file(path, mimetype=item.content_type, download_name=item.original_name)


def _stored_file(stored_name: str) -> Path:
    """The file of an attachment in the upload folder; 404 when the name is unsafe or the file is gone."""
    try:
        path = attachments.stored_path(current_app.config["UPLOAD_FOLDER"], complaints.AREA, stored_name)
    except FileNotFoundError:
        abort(404)
    return path if path.is_file() else abort(404)


# ---------------------------------------------------------------- e-mail to the reporter
def _notify_status_change(complaint: Complaint, followup) -> None:
    """After commit: tell the reporter by e-mail (only when an address is known). A failure never undoes
    the change; the mailer logs it."""
    if complaint.reporter_email:
        complaints.notify_status_change(current_app.config, complaint, followup, tracking_url=_tracking_url(),
                                        office_name=_office_name())


# ---------------------------------------------------------------- holidays
def _on_calendar_change():
    """A holiday added or removed: the open DUMAS deadlines it moves are recomputed, and those of open PPID
    information requests (portal/ppid/workflow.py) and gratification reports (portal/gratification/
    workflow.py)."""
    from portal.gratification import workflow as gratification_workflow
    from portal.ppid import workflow as ppid_workflow

    deadlines = _deadlines()
    ppid_change = ppid_workflow.on_calendar_change(ppid_workflow.Deadlines.from_config(current_app.config))
    gratification_change = gratification_workflow.on_calendar_change(
        gratification_workflow.Deadlines.from_config(current_app.config))
    return lambda session, day: (complaint_admin.recompute_open_deadlines(session, day, deadlines)
                                 + ppid_change(session, day) + gratification_change(session, day))


@bp.route("/libur", methods=["GET", "POST"])
@roles_required(*HOLIDAY_ROLES)
def holidays_page():
    form = HolidayForm()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            outcome = attempt(
                holidays.add, db.session, current_user, form.day.data, form.name.data, _on_calendar_change(),
                cuti_bersama=bool(form.cuti_bersama.data),
                success=lambda holiday: _("Hari libur %(name)s ditambahkan.", name=holiday.name))
            if outcome.ok:
                return redirect(url_for("admin_dumas.holidays_page", tahun=outcome.value.day.year))
        status = 400
    known_years = holidays.years(db.session)
    this_year = clock.today().year
    try:
        year = periods.parse_year(request.args.get("tahun"))
    except DomainError:
        year = None  # an impossible year in a link: the default year, not an error page
    year = year or (form.day.data.year if form.day.data else this_year)
    year = min(max(year, periods.MIN_YEAR), periods.MAX_YEAR)
    year_options = sorted(set(known_years) | {this_year, this_year + 1, year}, reverse=True)
    return render_template("admin/dumas/holidays.html", form=form, year=year, years=year_options,
                           holidays=holidays.list_year(db.session, year), is_cuti=holidays.is_cuti_bersama,
                           confirm_form=ConfirmForm(), source_2026=holidays.HOLIDAYS_SOURCE_2026), status


@bp.route("/libur/<day>/hapus", methods=["POST"])
@roles_required(*HOLIDAY_ROLES)
def holiday_delete(day: str):
    try:
        parsed = date.fromisoformat(day)
    except ValueError:
        abort(404)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    attempt(holidays.delete, db.session, current_user, parsed, _on_calendar_change(),
            success=lambda holiday: _("Hari libur %(name)s dihapus.", name=holiday.name))
    return redirect(url_for("admin_dumas.holidays_page", tahun=parsed.year))

