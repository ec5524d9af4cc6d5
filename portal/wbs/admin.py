"""WBS team side (/admin/wbs): inbox, case page, messages, workflow, Inspektorat recommendations and their
follow-up, quarterly report (printable, XLSX). Only the `wbs` role.

Every read is in the audit log: the service functions that decrypt or list reports for a team member
(`service.read_case`, `read_attachment_for_team`, `read_inbox`, `read_recommendations`, `read_quarter`)
record it, so these views only commit. Query names: `status`, `kategori`, `tenggat` (`terlambat`,
`segera`), `saya`, `baru`; the quarter is `tahun` and `tw`."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.core import Label

from portal.accounts.decorators import roles_required
from portal.accounts.models import User
from portal.core import clock, periods, site_settings
from portal.core.cases import CaseClock
from portal.core.downloads import send_export, send_user_file
from portal.core.errors import DomainError
from portal.core.views import attempt
from portal.extensions import db
from portal.wbs import admin_bp as bp
from portal.wbs import get_cipher, service
from portal.wbs.export import quarterly_xlsx
from portal.wbs.forms import FollowupForm, MessageForm, QuarterForm, RecommendationForm, TransitionForm
from portal.wbs.models import (
    FOLLOWUP_STATUSES,
    WBS_CATEGORIES,
    WBS_STATUSES,
    WbsAttachment,
    WbsRecommendation,
    WbsReport,
)
from portal.wbs.uploads import clean_uploads, policy

PER_PAGE = 25


def _report_or_404(report_id: int) -> WbsReport:
    report = db.session.get(WbsReport, report_id)
    if report is None:
        abort(404)
    return report


def _team_choices():
    users = db.session.scalars(
        select(User).where(User.active.is_(True)).order_by(User.name, User.email)).all()
    team = [(str(u.id), u.name or u.email) for u in users if u.has_role("wbs")]
    return [("", _("— tidak berubah —"))] + team


def _window():
    return service.due_window(db.session, current_app.config["WBS_NEARLY_DUE_DAYS"])


def _paginate(query):
    return db.paginate(query, per_page=PER_PAGE)


@bp.route("")
@roles_required("wbs")
def inbox():
    filters = {"status": request.args.get("status", "terbuka"), "category": request.args.get("kategori", ""),
               "mine": request.args.get("saya") == "1", "unread": request.args.get("baru") == "1",
               "due": request.args.get("tenggat", "")}
    if filters["due"] not in service.DUE_FILTERS:
        filters["due"] = ""
    window = _window()
    page = service.read_inbox(db.session, current_user, _paginate, window=window, **filters)
    states = {r.id: service.due_state(window, r) for r in page.items}
    db.session.commit()
    return render_template("admin/wbs/inbox.html", page=page, statuses=WBS_STATUSES,
                           categories=WBS_CATEGORIES, states=states, **filters)


def _transition_form(report: WbsReport, form: TransitionForm | None = None) -> TransitionForm:
    form = form or TransitionForm(formdata=None)
    form.to_status.choices = [(s, WBS_STATUSES[s]) for s in service.allowed_transitions(report)]
    form.assigned_to.choices = _team_choices()
    return form


# The main move of each state the next-step panel offers open; the other allowed moves each behind a
# <details> (the workflow, service.TRANSITIONS, decides which there are).
MAIN_MOVE = {"diterima": "diverifikasi", "diverifikasi": "diproses", "diproses": "selesai",
             "diteruskan": "selesai"}


def _move_forms(report: WbsReport, bound: TransitionForm | None = None) -> dict[str, TransitionForm]:
    """One form per allowed move (target -> form), all posting to the one status endpoint with the target
    in a hidden `to_status`; field names stay those of TransitionForm, ids get the target in front so the
    forms can share a page. A refused POST (`bound`) comes back in its target's place with its errors."""
    forms = {}
    team = _team_choices()
    for target in service.allowed_transitions(report):
        if bound is not None and bound.to_status.data == target:
            form = bound
        else:
            form = TransitionForm(formdata=None, to_status=target)
        form.to_status.choices = [(target, WBS_STATUSES[target])]
        form.assigned_to.choices = team
        if form.category.data is None:
            form.category.data = report.category
        for name, field in form._fields.items():
            if name != "csrf_token":
                field.id = f"{target}-{name}"
                field.label = Label(field.id, field.label.text)
        forms[target] = form
    return forms


def _case_page(report: WbsReport, *, opened: bool = False, status: int = 200, message_form=None,
               transition_form=None, recommendation_form=None, message_action=None):
    """The case page, read (and audited) through the service, committed, rendered."""
    read = service.read_case(db.session, get_cipher(), report, current_user, opened=opened)
    db.session.commit()
    move_forms = {} if report.purged_on else _move_forms(report, transition_form)
    main = MAIN_MOVE.get(report.status)
    main = main if main in move_forms else None
    # a refused move to a state not offered (any more): its errors above the panel
    stray = transition_form if transition_form is not None and not any(
        form is transition_form for form in move_forms.values()) else None
    recommendation_form = recommendation_form or RecommendationForm(formdata=None, issued_on=clock.today())
    window = _window()
    deadlines = {
        "state": service.due_state(window, report),
        "verify_left": CaseClock.days_left(db.session, report.verify_due, window.today),
        "resolve_left": CaseClock.days_left(db.session, report.resolve_due, window.today),
    }
    return render_template(
        "admin/wbs/case.html", deadlines=deadlines, report=report, text=read.text, entries=read.entries,
        own_files=read.own_files, message_form=message_form or MessageForm(formdata=None),
        message_action=message_action, move_forms=move_forms, main_move=main, stray_form=stray,
        open_move=transition_form.to_status.data if transition_form is not None else None,
        recommendation_form=recommendation_form, followup_form=FollowupForm(formdata=None),
        recommendations=read.recommendations, statuses=WBS_STATUSES, categories=WBS_CATEGORIES,
        followup_statuses=FOLLOWUP_STATUSES, policy=policy(current_app.config),
    ), status


@bp.route("/<int:report_id>")
@roles_required("wbs")
def case(report_id: int):
    return _case_page(_report_or_404(report_id), opened=True)


def _send_team_message(report: WbsReport, form: MessageForm, internal: bool):
    files = clean_uploads(request.files.getlist(form.files.name), current_app.config,
                          accept_pdf_metadata=True)
    return service.team_message(db.session, get_cipher(), report, current_user, form.body.data or "",
                                internal=internal, files=files)


@bp.route("/<int:report_id>/pesan", methods=["POST"])
@roles_required("wbs")
def message(report_id: int):
    """An internal note or a message to the reporter: the button pressed says which, never a default."""
    report = _report_or_404(report_id)
    form = MessageForm()
    action = form.action()
    if action is None:
        flash(_("Tidak ada yang disimpan: pilih salah satu tombol, \"Simpan sebagai catatan internal\" "
                "(hanya tim WBS) atau \"Kirim ke pelapor\" (dibaca pelapor)."), "danger")
    elif form.validate_on_submit():
        internal = action == MessageForm.ACTION_NOTE
        done = _("Catatan internal disimpan (tidak terlihat oleh pelapor).") if internal \
            else _("Pesan terkirim kepada pelapor.")
        if attempt(_send_team_message, report, form, internal, success=done).ok:
            return redirect(url_for("admin_wbs.case", report_id=report.id) + "#percakapan")
    return _case_page(report, status=400, message_form=form, message_action=action)


@bp.route("/<int:report_id>/status", methods=["POST"])
@roles_required("wbs")
def change_status(report_id: int):
    report = _report_or_404(report_id)
    form = _transition_form(report, TransitionForm())
    if form.validate_on_submit():
        assignee = db.session.get(User, int(form.assigned_to.data)) if form.assigned_to.data else None
        outcome = attempt(
            service.transition, db.session, get_cipher(), report, current_user, form.to_status.data,
            public_note=form.public_note.data or "", internal_note=form.internal_note.data or "",
            category=form.category.data or None, assigned_to=assignee,
            forwarded_to=form.forwarded_to.data or "", outcome=form.outcome.data or "",
            resolve_days=current_app.config["WBS_RESOLVE_DAYS"],
            success=lambda entry: _("Status laporan diubah menjadi %(s)s.", s=WBS_STATUSES[report.status]),
        )
        if outcome.ok:
            return redirect(url_for("admin_wbs.case", report_id=report.id))
    return _case_page(report, status=400, transition_form=form)


@bp.route("/<int:report_id>/lampiran/<int:attachment_id>")
@roles_required("wbs")
def attachment(report_id: int, attachment_id: int):
    att = db.session.get(WbsAttachment, attachment_id)
    if att is None or att.report_id != report_id:
        abort(404)
    try:
        data, name = service.read_attachment_for_team(db.session, get_cipher(),
                                                      current_app.config["UPLOAD_FOLDER"], att, current_user)
    except DomainError as err:
        flash(err.message, "danger")
        return redirect(url_for("admin_wbs.case", report_id=report_id))
    db.session.commit()
    return send_user_file(data, mimetype=att.content_type, download_name=name)


# --- recommendations ------------------------------------------------------------------------------------

def _add_recommendation(form: RecommendationForm, report: WbsReport | None = None):
    return service.add_recommendation(
        db.session, get_cipher(), current_user, text=form.text.data, issued_by=form.issued_by.data,
        issued_on=form.issued_on.data, due_on=form.due_on.data, responsible=form.responsible.data or "",
        report=report,
    )


@bp.route("/<int:report_id>/rekomendasi", methods=["POST"])
@roles_required("wbs")
def case_recommendation(report_id: int):
    report = _report_or_404(report_id)
    form = RecommendationForm()
    if form.validate_on_submit() and attempt(_add_recommendation, form, report,
                                             success=_("Rekomendasi dicatat.")).ok:
        return redirect(url_for("admin_wbs.case", report_id=report.id) + "#rekomendasi")
    return _case_page(report, status=400, recommendation_form=form)


@bp.route("/rekomendasi", methods=["GET", "POST"])
@roles_required("wbs")
def recommendations():
    """Every recommendation with its follow-up; new ones from the quarterly evaluation of the WBS itself."""
    posted = request.method == "POST"
    form = RecommendationForm() if posted else RecommendationForm(formdata=None, issued_on=clock.today())
    if posted and form.validate_on_submit() and attempt(_add_recommendation, form,
                                                        success=_("Rekomendasi dicatat.")).ok:
        return redirect(url_for("admin_wbs.recommendations"))
    status = request.args.get("status", "")
    page, rows = service.read_recommendations(db.session, get_cipher(), current_user, _paginate,
                                              status=status)
    db.session.commit()
    return render_template("admin/wbs/recommendations.html", page=page, rows=rows, form=form,
                           followup_form=FollowupForm(formdata=None), followup_statuses=FOLLOWUP_STATUSES,
                           status=status), (400 if posted else 200)


@bp.route("/rekomendasi/<int:rec_id>/tindak-lanjut", methods=["POST"])
@roles_required("wbs")
def followup(rec_id: int):
    rec = db.session.get(WbsRecommendation, rec_id)
    if rec is None:
        abort(404)
    form = FollowupForm()
    back = (url_for("admin_wbs.case", report_id=rec.report_id) + "#rekomendasi" if rec.report_id
            else url_for("admin_wbs.recommendations"))
    if form.validate_on_submit():
        attempt(service.update_followup, db.session, get_cipher(), rec, current_user, status=form.status.data,
                note=form.note.data or "", on=form.on.data, success=_("Tindak lanjut disimpan."))
    else:
        flash(_("Periksa isian tindak lanjut."), "danger")
    return redirect(back)


# --- quarterly report -----------------------------------------------------------------------------------

def _quarter_from_args(source=None) -> tuple[int, int]:
    """Year and quarter from `tahun`/`tw` (the query string, or a form's fields): the current quarter for a
    missing or blank value, 400 for a value that is no year or quarter (parsed by portal.core.periods)."""
    source = request.args if source is None else source
    today = clock.today()
    try:
        year = periods.parse_year(source.get("tahun")) or today.year
        quarter = periods.parse_quarter(source.get("tw")) or (today.month - 1) // 3 + 1
    except DomainError:
        abort(400)
    return year, quarter


def _quarter_report(export: str | None = None) -> service.QuarterReport:
    """The quarter asked for, read (and audited) through the service and committed; 400 when it is none."""
    year, quarter = _quarter_from_args()
    try:
        report = service.read_quarter(db.session, get_cipher(), current_user, year, quarter, export=export)
    except DomainError:
        abort(400)
    db.session.commit()
    return report


@bp.route("/triwulan")
@roles_required("wbs")
def quarterly():
    report = _quarter_report()
    published = service.published_snapshot(db.session, report.key)
    return render_template("admin/wbs/quarterly.html", counts=report.counts, rows=report.rows,
                           year=report.year, quarter=report.quarter, published=published,
                           form=QuarterForm(request.args), categories=WBS_CATEGORIES, statuses=WBS_STATUSES,
                           followup_statuses=FOLLOWUP_STATUSES)


@bp.route("/triwulan.xlsx")
@roles_required("wbs")
def quarterly_export():
    report = _quarter_report(export="xlsx")
    office_name = site_settings.get_all(db.session)["office_name"]
    data = quarterly_xlsx(report.counts, report.rows, office_name=office_name)
    return send_export(data, f"rekap-wbs-{report.year}-TW{report.quarter}.xlsx")


@bp.route("/triwulan/terbitkan", methods=["POST"])
@roles_required("wbs")
def quarterly_publish():
    """Publish the quarter's aggregate counts (no text) on /rekap."""
    year, quarter = _quarter_from_args(request.form)  # CSRF: CSRFProtect covers every POST
    attempt(service.publish_quarter, db.session, current_user, year, quarter,
            success=_("Jumlah laporan WBS triwulan ini diterbitkan di halaman Rekapitulasi."))
    return redirect(url_for("admin_wbs.quarterly", tahun=year, tw=quarter))
