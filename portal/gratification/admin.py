"""Staff side of the gratification register (blueprint `admin_gratification`, /admin/gratifikasi).

- `/` : the UPG inbox for `upg`; a `pegawai` sees their own reports there (`/saya` for anyone who files);
- `/lapor` : file a report (roles pegawai and upg);
- `/<number>` : the report — its reporter and `upg` only (anyone else: 404, as if it did not exist); for
  `upg` the next-step panel (verify, forward with the date and the KPK's receipt number, record the
  decision) and notes;
- `/<number>/berkas/<id>` : an evidence file, for the same two;
- `/rekap` (+ `.xlsx`, `/cetak`) : the quarterly and yearly recap, `upg` and `pimpinan` (numbers only).

A reporter who asked for confidentiality is shown as "identitas dirahasiakan" in the inbox; the case page
shows the identity to `upg`. Views parse the request, call intake.py / workflow.py, commit through
attempt() or explicitly, and redirect (POST-redirect-GET)."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict

from portal.accounts.decorators import roles_required
from portal.core import attachments, audit, clock, form_tokens, site_settings, web_forms
from portal.core import periods as core_periods
from portal.core import tables as open_tables
from portal.core.downloads import send_export, send_user_file
from portal.core.errors import DomainError
from portal.core.links import external_url
from portal.core.validation import parse_int
from portal.core.views import attempt
from portal.extensions import db
from portal.gratification import FILER_ROLES, RECAP_ROLES, UPG_ROLES, intake, mail, queries, recap
from portal.gratification.forms import (
    DECISION_LABELS,
    STEP_FORMS,
    InboxFilterForm,
    NoteForm,
    ReportForm,
)
from portal.gratification.models import GratificationFile, GratificationReport
from portal.gratification.workflow import (
    CLOCK,
    STATUSES,
    WORKFLOW,
    Deadlines,
    StaleStep,
    add_note,
    transition,
)

bp = Blueprint("admin_gratification", __name__)

# One-time form tokens (portal/core/form_tokens.py): a re-sent POST of the filing form or of a note files
# nothing new. The filing's sealed result (the report's number, for the browser that sent it) lets a re-sent
# filing lead back to the report it filed.
FILE_FORM = "gratification_report"
NOTE_FORM = "gratification_note"
RESULT_SECONDS = 24 * 3600
# The hidden field of a step form: the status the report had when the page was shown (a re-sent or stale
# step is refused by workflow.transition, nothing logged twice).
FROM_FIELD = "from_status"

STATUS_BADGES = {
    "diterima": "text-bg-secondary", "diverifikasi": "text-bg-info", "diteruskan_kpk": "text-bg-primary",
    "ditetapkan": "text-bg-success", "ditetapkan_upg": "text-bg-success", "tidak_diproses": "text-bg-dark",
}


@bp.record_once
def _template_globals(state) -> None:
    state.app.jinja_env.globals.update(
        GRT_STATUSES=STATUSES, GRT_BADGES=STATUS_BADGES, GRT_KINDS=recap.KIND_LABELS,
        GRT_HANDLINGS=recap.HANDLING_LABELS, GRT_DECISIONS=DECISION_LABELS)


def _deadlines() -> Deadlines:
    return Deadlines.from_config(current_app.config)


def _window():
    return CLOCK.window(db.session, _deadlines().nearly_due)


def _is_upg() -> bool:
    return current_user.has_role(*UPG_ROLES)


def _get_report(number: str) -> GratificationReport:
    """The report, for its reporter or the UPG; anyone else gets a 404 (its existence is not confirmed)."""
    found = db.session.scalar(select(GratificationReport).where(
        GratificationReport.number == number.strip().upper()))
    if found is None or not (_is_upg() or found.reporter_id == current_user.id):
        abort(404)
    return found


# ---------------------------------------------------------------- lists
@bp.route("")
@roles_required(*FILER_ROLES)
def index():
    if not _is_upg():
        return _own_list()
    filters = queries.InboxFilters.from_args(request.args)
    form = InboxFilterForm(formdata=MultiDict(filters.to_args()))
    form.fill_choices(sorted(set(queries.years(db.session)) | {clock.today().year}, reverse=True))
    window = _window()
    halaman = parse_int(request.args.get("halaman"), min_value=1)
    page = db.paginate(queries.inbox_query(filters, window), page=halaman, per_page=queries.PER_PAGE,
                       max_per_page=100)
    return render_template(
        "admin/gratification/inbox.html", page=page, form=form, filters=filters,
        states={r.id: CLOCK.state(window, r) for r in page.items},
        counts=queries.status_counts(db.session, filters, window), due_of=CLOCK.due_of,
        open_states=WORKFLOW.open_states, inbox_url=_inbox_url)


def _inbox_url(filters: queries.InboxFilters, **extra) -> str:
    return url_for("admin_gratification.index", **filters.to_args(), **extra)


@bp.route("/daftar.xlsx")
@roles_required(*UPG_ROLES)
def inbox_xlsx():
    """The inbox under the same filters as XLSX; a confidential reporter is masked. Audited."""
    filters = queries.InboxFilters.from_args(request.args)
    table = queries.export_table(db.session, filters, _window(), labels={
        "statuses": STATUSES, "kinds": recap.KIND_LABELS, "handlings": recap.HANDLING_LABELS,
        "decisions": DECISION_LABELS})
    audit.record(db.session, current_user, "gratification.export", object_type="gratification_reports",
                 format="xlsx", rows=len(table.rows))
    db.session.commit()
    return send_export(open_tables.to_xlsx([table]), f"laporan-gratifikasi-{clock.today().isoformat()}.xlsx")


@bp.route("/saya")
@roles_required(*FILER_ROLES)
def mine():
    return _own_list()


def _own_list():
    halaman = parse_int(request.args.get("halaman"), min_value=1)
    page = db.paginate(queries.own_query(current_user.id), page=halaman, per_page=queries.PER_PAGE,
                       max_per_page=100)
    return render_template("admin/gratification/mine.html", page=page, open_states=WORKFLOW.open_states)


# ---------------------------------------------------------------- filing
def _render_form(form, token: str, status: int = 200, had_files: bool = False):
    return render_template("admin/gratification/report_form.html", form=form, form_token=token,
                           policy=attachments.UploadPolicy.from_config(current_app.config),
                           deadlines=_deadlines(), had_files=had_files), status


def _already_filed(token: str):
    """A re-sent filing (its token was used): nothing new is filed; back to the report it filed when this
    browser can still read the sealed result, else to the reporter's own list."""
    flash(_("Formulir ini sudah dikirim. Pengiriman ulang tidak dicatat lagi, sehingga tidak ada laporan "
            "ganda."), "info")
    # the number is sealed in the same transaction as the filing: a used token always has it (until purged)
    result = form_tokens.read_result(db.session, token, FILE_FORM)
    number = (result.data or {}).get("number") if result.state == "ok" else None
    if number:
        return redirect(url_for("admin_gratification.case", number=number))
    return redirect(url_for("admin_gratification.mine"))


@bp.route("/lapor", methods=["GET", "POST"])
@roles_required(*FILER_ROLES)
def file_report():
    form = ReportForm()
    if request.method != "POST":
        form.reporter_name.data = current_user.name
        form.reporter_email.data = current_user.email
        return _render_form(form, form_tokens.new_token())
    token = web_forms.posted_token()
    uploads = [f for f in request.files.getlist(form.files.name) if f and f.filename]
    if not form.validate():
        flash(_("Laporan belum terkirim. Periksa isian yang ditandai."), "danger")
        return _render_form(form, token, 422, bool(uploads))
    try:
        form_tokens.claim(db.session, token, FILE_FORM, clock.today())
    except form_tokens.AlreadySubmitted:
        return _already_filed(token)
    try:
        report = intake.file_report(db.session, current_user, form.values(), uploads, current_app.config)
        form_tokens.set_result(form_tokens.find(db.session, token), token, {"number": report.number},
                               RESULT_SECONDS)
        db.session.commit()
    except intake.InvalidReport as err:
        db.session.rollback()  # the claim goes too: the token stays usable for the corrected form
        _apply_errors(form, err.errors)
        return _render_form(form, token, 422, bool(uploads))
    except IntegrityError:
        db.session.rollback()
        if not web_forms.token_taken(token):  # not a concurrent double submit: a real failure (500)
            raise
        return _already_filed(token)
    except DomainError as err:
        db.session.rollback()
        flash(err.message, "danger")
        return _render_form(form, token, 422, bool(uploads))
    form_tokens.purge(db.session, clock.today(), current_app.config["FORM_TOKEN_KEEP_DAYS"])
    db.session.commit()
    _flash_filed(report)
    return redirect(url_for("admin_gratification.case", number=report.number))


def _apply_errors(form, errors: dict) -> None:
    for name, messages in errors.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = [str(m) for m in messages]
    flash(_("Laporan belum terkirim. Periksa isian yang ditandai."), "danger")


def _flash_filed(report: GratificationReport) -> None:
    message = _("Laporan gratifikasi %(number)s terkirim ke UPG.", number=report.number)
    if report.filed_late:
        message += " " + _("Laporan disampaikan melewati batas waktu %(n)s hari kerja sejak penerimaan; "
                           "laporan tetap diproses dan ditandai terlambat.", n=_deadlines().upg)
    flash(message, "success")


# ---------------------------------------------------------------- the report
@bp.route("/<number>")
@roles_required(*FILER_ROLES)
def case(number: str):
    return _render_case(_get_report(number))


def _step_form(target: str, bound=None):
    form = bound or STEP_FORMS[target](formdata=None, prefix=target)
    return form


def _render_case(report: GratificationReport, status: int = 200, bound: dict | None = None,
                 note_token: str | None = None):
    bound = bound or {}
    window = _window()
    upg = _is_upg()
    forms = {}
    if upg:
        forms = {target: _step_form(target, bound.get(target)) for target in WORKFLOW.allowed(report)}
    due = CLOCK.due_of(report)
    clock_info = {"state": CLOCK.state(window, report), "due": due,
                  "left": (CLOCK.days_left(db.session, due, window.today) if WORKFLOW.is_open(report)
                           else None)}
    return render_template(
        "admin/gratification/case.html", report=report, upg=upg, forms=forms,
        note_form=bound.get("note") or (NoteForm(formdata=None, prefix="note") if upg else None),
        note_token=note_token or form_tokens.new_token(), from_field=FROM_FIELD,
        clock_info=clock_info, is_open=WORKFLOW.is_open(report), open_form=next(iter(bound), None),
        deadlines=_deadlines(), band=recap.BAND_LABELS[recap.band_of(report.value)]), status


@bp.route("/<number>/langkah/<to_status>", methods=["POST"])
@roles_required(*UPG_ROLES)
def step(number: str, to_status: str):
    """A step of the UPG. The form carries the status the report had when the page was shown: a re-sent
    or stale step (the report moved on since) is refused with a message and logs nothing; a concurrent one
    finds the status changed under it (workflow.transition). The reporter gets an e-mail after the commit."""
    report = _get_report(number)
    if to_status not in STEP_FORMS:
        abort(404)
    form = STEP_FORMS[to_status](prefix=to_status)
    if not form.validate_on_submit():
        flash(_("Langkah belum tersimpan. Periksa isian formulir."), "danger")
        return _render_case(report, 400, {to_status: form})
    expected = (request.form.get(FROM_FIELD) or "").strip()[:24] or None
    outcome = attempt(lambda: transition(db.session, report, to_status, current_user,
                                         expected_status=expected, **form.values()),
                      success=_("Laporan %(number)s: %(status)s.", number=report.number,
                                status=STATUSES[to_status]),
                      flash_error=False)
    if not outcome.ok:
        if isinstance(outcome.error, StaleStep):  # nothing to correct in the form: show the report as it is
            flash(outcome.message, "warning")
            return redirect(url_for("admin_gratification.case", number=report.number), 303)
        flash(outcome.message, "danger")
        return _render_case(report, 400, {to_status: form})
    mail.notify_status_change(current_app.config, report,
                              case_url=external_url("admin_gratification.case", number=report.number),
                              office_name=site_settings.get_all(db.session).get("office_name", ""))
    return redirect(url_for("admin_gratification.case", number=report.number))


@bp.route("/<number>/catatan", methods=["POST"])
@roles_required(*UPG_ROLES)
def note(number: str):
    report = _get_report(number)
    form = NoteForm(prefix="note")
    token = web_forms.posted_token()
    if not form.validate_on_submit():
        flash(_("Catatan belum tersimpan. Periksa isian formulir."), "danger")
        return _render_case(report, 400, {"note": form}, note_token=token)
    values = form.values()

    def add():
        form_tokens.claim(db.session, token, NOTE_FORM, clock.today())
        return add_note(db.session, report, current_user, public_note=values["public_note"],
                        internal_note=values["internal_note"])

    try:
        outcome = attempt(add, success=_("Catatan ditambahkan."), flash_error=False)
    except form_tokens.AlreadySubmitted:
        db.session.rollback()
        outcome = None
    except IntegrityError:
        db.session.rollback()
        if not web_forms.token_taken(token):
            raise
        outcome = None
    if outcome is None:  # a re-sent note: nothing new is written
        flash(_("Catatan ini sudah tersimpan. Pengiriman ulang tidak dicatat lagi."), "info")
        return redirect(url_for("admin_gratification.case", number=report.number) + "#riwayat", 303)
    if not outcome.ok:
        flash(outcome.message, "danger")
        return _render_case(report, 400, {"note": form}, note_token=token)
    form_tokens.purge(db.session, clock.today(), current_app.config["FORM_TOKEN_KEEP_DAYS"])
    db.session.commit()
    return redirect(url_for("admin_gratification.case", number=report.number) + "#riwayat")


@bp.route("/<number>/berkas/<int:file_id>")
@roles_required(*FILER_ROLES)
def download(number: str, file_id: int):
    report = _get_report(number)
    item = db.session.get(GratificationFile, file_id)
    if item is None or item.report_id != report.id:
        abort(404)
    audit.record(db.session, current_user, "gratification.file_download", item, number=report.number)
    db.session.commit()
    return send_user_file(item.data, mimetype=item.content_type, download_name=item.original_name)


# ---------------------------------------------------------------- recap
def _recap_year() -> int:
    year = parse_int(request.args.get("tahun"), min_value=core_periods.MIN_YEAR,
                     max_value=core_periods.MAX_YEAR)
    return year or clock.today().year


@bp.route("/rekap", endpoint="recap")
@roles_required(*RECAP_ROLES)
def recap_page():
    year = _recap_year()
    recaps = recap.year_recaps(db.session, year)
    return render_template("admin/gratification/recap.html", year=year, recaps=recaps,
                           rows=recap.rows(recaps), sections=recap.SECTION_LABELS,
                           years=recap.years(db.session, clock.today().year))



@bp.route("/rekap.xlsx")
@roles_required(*RECAP_ROLES)
def recap_xlsx():
    year = _recap_year()
    table = recap.open_table(recap.year_recaps(db.session, year), year)
    return send_export(open_tables.to_xlsx([table]), f"rekap-gratifikasi-{year}.xlsx")


@bp.route("/rekap/cetak")
@roles_required(*RECAP_ROLES)
def recap_print():
    year = _recap_year()
    recaps = recap.year_recaps(db.session, year)
    return render_template("admin/gratification/recap_print.html", year=year, recaps=recaps,
                           rows=recap.rows(recaps), sections=recap.SECTION_LABELS,
                           settings=site_settings.get_all(db.session), printed_on=clock.today())
