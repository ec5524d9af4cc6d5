"""WBS team side (/admin/wbs): inbox, case page, messages, workflow, Inspektorat recommendations and their
follow-up, quarterly report (printable, XLSX). Only the `wbs` role; every read is in the audit log."""
from __future__ import annotations

import io

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal.accounts.decorators import roles_required
from portal.accounts.models import User
from portal.core import audit, periods, site_settings
from portal.core.downloads import send_user_file
from portal.core.errors import DomainError
from portal.core.workdays import working_days_left
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


def _report_or_404(report_id: int) -> WbsReport:
    report = db.session.get(WbsReport, report_id)
    if report is None:
        abort(404)
    return report


def _team_choices():
    users = db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.name, User.email)).all()
    return [("", _("— tidak berubah —"))] + [(str(u.id), u.name or u.email) for u in users if u.has_role("wbs")]


def _window():
    return service.due_window(db.session, current_app.config["WBS_NEARLY_DUE_DAYS"])


@bp.route("")
@roles_required("wbs")
def inbox():
    status = request.args.get("status", "terbuka")
    category = request.args.get("kategori", "")
    mine = request.args.get("saya") == "1"
    unread = request.args.get("baru") == "1"
    due = request.args.get("tenggat", "")
    due = due if due in service.DUE_FILTERS else ""
    window = _window()
    query = service.inbox_query(status=status, category=category, mine=current_user if mine else None,
                                unread=unread, due=due, window=window)
    page = db.paginate(query, per_page=25)
    states = {r.id: service.due_state(window, r) for r in page.items}
    audit.record(db.session, current_user, "wbs.inbox", object_type="wbs_reports", status=status,
                 category=category or None, due=due or None, page=page.page)
    db.session.commit()
    return render_template("admin/wbs/inbox.html", page=page, statuses=WBS_STATUSES, categories=WBS_CATEGORIES,
                           status=status, category=category, mine=mine, unread=unread, due=due, states=states)


def _case_context(report: WbsReport, *, message_form=None, transition_form=None, recommendation_form=None,
                  message_action=None):
    cipher = get_cipher()
    transition_form = transition_form or TransitionForm(formdata=None)
    transition_form.to_status.choices = [(s, WBS_STATUSES[s]) for s in service.allowed_transitions(report)]
    transition_form.assigned_to.choices = _team_choices()
    if transition_form.category.data is None:
        transition_form.category.data = report.category
    recommendation_form = recommendation_form or RecommendationForm(formdata=None, issued_on=service.local_today())
    recs = [(rec, *service.recommendation_text(cipher, rec)) for rec in report.recommendations]
    window = _window()
    deadlines = {
        "state": service.due_state(window, report),
        "verify_left": working_days_left(db.session, report.verify_due, window.today),
        "resolve_left": working_days_left(db.session, report.resolve_due, window.today),
    }
    return {
        "deadlines": deadlines,
        "report": report, "text": service.report_text(cipher, report),
        "entries": service.thread(cipher, report, for_reporter=False),
        "own_files": [(a, service.attachment_name(cipher, a)) for a in report.attachments if a.message_id is None],
        "message_form": message_form or MessageForm(formdata=None), "message_action": message_action,
        "transition_form": transition_form,
        "recommendation_form": recommendation_form, "followup_form": FollowupForm(formdata=None),
        "recommendations": recs, "statuses": WBS_STATUSES, "categories": WBS_CATEGORIES,
        "followup_statuses": FOLLOWUP_STATUSES, "policy": policy(current_app.config),
    }


@bp.route("/<int:report_id>")
@roles_required("wbs")
def case(report_id: int):
    report = _report_or_404(report_id)
    service.open_case(db.session, report, current_user)
    db.session.commit()
    return render_template("admin/wbs/case.html", **_case_context(report))


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
        try:
            files = clean_uploads(request.files.getlist(form.files.name), current_app.config,
                                  accept_pdf_metadata=True)
            service.team_message(db.session, get_cipher(), report, current_user,
                                 form.body.data or "", internal=internal, files=files)
            db.session.commit()
        except DomainError as err:
            db.session.rollback()
            flash(err.message, "danger")
        else:
            flash(_("Catatan internal disimpan (tidak terlihat oleh pelapor).") if internal
                  else _("Pesan terkirim kepada pelapor."), "success")
            return redirect(url_for("admin_wbs.case", report_id=report.id) + "#percakapan")
    audit.record(db.session, current_user, "wbs.view", report, number=report.number)
    db.session.commit()
    return render_template("admin/wbs/case.html", **_case_context(report, message_form=form,
                                                                  message_action=action)), 400


@bp.route("/<int:report_id>/status", methods=["POST"])
@roles_required("wbs")
def change_status(report_id: int):
    report = _report_or_404(report_id)
    form = TransitionForm()
    form.to_status.choices = [(s, WBS_STATUSES[s]) for s in service.allowed_transitions(report)]
    form.assigned_to.choices = _team_choices()
    if form.validate_on_submit():
        assignee = None
        if form.assigned_to.data:
            assignee = db.session.get(User, int(form.assigned_to.data))
        try:
            service.transition(
                db.session, get_cipher(), report, current_user, form.to_status.data,
                public_note=form.public_note.data or "", internal_note=form.internal_note.data or "",
                category=form.category.data or None, assigned_to=assignee,
                forwarded_to=form.forwarded_to.data or "", outcome=form.outcome.data or "",
                resolve_days=current_app.config["WBS_RESOLVE_DAYS"],
            )
            db.session.commit()
        except DomainError as err:
            db.session.rollback()
            flash(err.message, "danger")
        else:
            flash(_("Status laporan diubah menjadi %(s)s.", s=WBS_STATUSES[report.status]), "success")
            return redirect(url_for("admin_wbs.case", report_id=report.id))
    audit.record(db.session, current_user, "wbs.view", report, number=report.number)
    db.session.commit()
    return render_template("admin/wbs/case.html", **_case_context(report, transition_form=form)), 400


@bp.route("/<int:report_id>/lampiran/<int:attachment_id>")
@roles_required("wbs")
def attachment(report_id: int, attachment_id: int):
    att = db.session.get(WbsAttachment, attachment_id)
    if att is None or att.report_id != report_id:
        abort(404)
    cipher = get_cipher()
    try:
        data = service.read_attachment(cipher, current_app.config["UPLOAD_FOLDER"], att)
    except DomainError as err:
        flash(err.message, "danger")
        return redirect(url_for("admin_wbs.case", report_id=report_id))
    audit.record(db.session, current_user, "wbs.download", att, report=att.report.number)
    db.session.commit()
    return send_user_file(data, mimetype=att.content_type, download_name=service.attachment_name(cipher, att))


# --- recommendations ------------------------------------------------------------------------------------

@bp.route("/<int:report_id>/rekomendasi", methods=["POST"])
@roles_required("wbs")
def case_recommendation(report_id: int):
    report = _report_or_404(report_id)
    form = RecommendationForm()
    if form.validate_on_submit():
        try:
            service.add_recommendation(
                db.session, get_cipher(), current_user, text=form.text.data, issued_by=form.issued_by.data,
                issued_on=form.issued_on.data, due_on=form.due_on.data, responsible=form.responsible.data or "",
                report=report,
            )
            db.session.commit()
        except DomainError as err:
            db.session.rollback()
            flash(err.message, "danger")
        else:
            flash(_("Rekomendasi dicatat."), "success")
            return redirect(url_for("admin_wbs.case", report_id=report.id) + "#rekomendasi")
    audit.record(db.session, current_user, "wbs.view", report, number=report.number)
    db.session.commit()
    return render_template("admin/wbs/case.html", **_case_context(report, recommendation_form=form)), 400


@bp.route("/rekomendasi", methods=["GET", "POST"])
@roles_required("wbs")
def recommendations():
    """Every recommendation with its follow-up; new ones from the quarterly evaluation of the WBS itself."""
    form = RecommendationForm() if request.method == "POST" else RecommendationForm(
        formdata=None, issued_on=service.local_today())
    cipher = get_cipher()
    if request.method == "POST" and form.validate_on_submit():
        try:
            service.add_recommendation(
                db.session, cipher, current_user, text=form.text.data, issued_by=form.issued_by.data,
                issued_on=form.issued_on.data, due_on=form.due_on.data,
                responsible=form.responsible.data or "",
            )
            db.session.commit()
        except DomainError as err:
            db.session.rollback()
            flash(err.message, "danger")
        else:
            flash(_("Rekomendasi dicatat."), "success")
            return redirect(url_for("admin_wbs.recommendations"))
    status = request.args.get("status", "")
    query = select(WbsRecommendation).order_by(WbsRecommendation.issued_on.desc(), WbsRecommendation.id.desc())
    if status in FOLLOWUP_STATUSES:
        query = query.where(WbsRecommendation.followup_status == status)
    page = db.paginate(query, per_page=25)
    rows = [(rec, *service.recommendation_text(cipher, rec)) for rec in page.items]
    audit.record(db.session, current_user, "wbs.recommendations_view", object_type="wbs_recommendations",
                 page=page.page)
    db.session.commit()
    return render_template("admin/wbs/recommendations.html", page=page, rows=rows, form=form,
                           followup_form=FollowupForm(formdata=None), followup_statuses=FOLLOWUP_STATUSES,
                           status=status), (400 if request.method == "POST" else 200)


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
        try:
            service.update_followup(db.session, get_cipher(), rec, current_user, status=form.status.data,
                                    note=form.note.data or "", on=form.on.data)
            db.session.commit()
        except DomainError as err:
            db.session.rollback()
            flash(err.message, "danger")
        else:
            flash(_("Tindak lanjut disimpan."), "success")
    else:
        flash(_("Periksa isian tindak lanjut."), "danger")
    return redirect(back)


# --- quarterly report -----------------------------------------------------------------------------------

def _quarter_from_args(source=None) -> tuple[int, int]:
    """Year and quarter from `tahun`/`tw` (the query string, or a form's fields): the current quarter for a
    missing or blank value, 400 for a value that is no year or quarter (parsed by portal.core.periods)."""
    source = request.args if source is None else source
    today = service.local_today()
    try:
        year = periods.parse_year(source.get("tahun")) or today.year
        quarter = periods.parse_quarter(source.get("tw")) or (today.month - 1) // 3 + 1
    except DomainError:
        abort(400)
    return year, quarter


def _quarter_report() -> tuple[int, int, str, dict, list]:
    """The quarter asked for (400 when it does not exist): year, number, period key, counts, follow-up rows."""
    year, quarter = _quarter_from_args()
    try:
        key = service.wbs_quarter(year, quarter).key
        counts = service.wbs_quarterly_counts(db.session, year, quarter)
    except DomainError:
        abort(400)
    return year, quarter, key, counts, service.followup_recap(db.session, get_cipher(), year, quarter)


@bp.route("/triwulan")
@roles_required("wbs")
def quarterly():
    year, quarter, key, counts, rows = _quarter_report()
    audit.record(db.session, current_user, "wbs.quarterly_view", object_type="wbs_reports", object_id=key)
    db.session.commit()
    from portal.recap.models import RecapSnapshot

    published = db.session.scalar(select(RecapSnapshot).where(
        RecapSnapshot.kind == service.RECAP_KIND, RecapSnapshot.period_key == key))
    return render_template("admin/wbs/quarterly.html", counts=counts, rows=rows, year=year, quarter=quarter,
                           published=published,
                           form=QuarterForm(request.args), categories=WBS_CATEGORIES, statuses=WBS_STATUSES,
                           followup_statuses=FOLLOWUP_STATUSES)


@bp.route("/triwulan.xlsx")
@roles_required("wbs")
def quarterly_export():
    year, quarter, key, counts, rows = _quarter_report()
    data = quarterly_xlsx(counts, rows, office_name=site_settings.get_all(db.session)["office_name"])
    audit.record(db.session, current_user, "wbs.export", object_type="wbs_reports", object_id=key,
                 format="xlsx", rows=len(rows))
    db.session.commit()
    return send_file(io.BytesIO(data), as_attachment=True, download_name=f"rekap-wbs-{year}-TW{quarter}.xlsx",
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@bp.route("/triwulan/terbitkan", methods=["POST"])
@roles_required("wbs")
def quarterly_publish():
    """Publish the quarter's aggregate counts (no text) on /rekap."""
    year, quarter = _quarter_from_args(request.form)  # CSRF: CSRFProtect covers every POST
    service.publish_quarter(db.session, current_user, year, quarter)
    db.session.commit()
    flash(_("Jumlah laporan WBS triwulan ini diterbitkan di halaman Rekapitulasi."), "success")
    return redirect(url_for("admin_wbs.quarterly", tahun=year, tw=quarter))
