"""Staff side of the ZI monitoring (blueprint `admin_zi`, /admin/zi).

* every logged-in staff account: dashboard, row pages, review queue (read), monev report, evidence files;
* team members: hand in evidence for their team's rows, withdraw their own unreviewed evidence;
* reviewers (`admin` or a listed ZI reviewer): accept or send back evidence (not their own);
* `admin`: team membership and the reviewer list (/admin/zi/tim).
"""
from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.action_plan import service as action_plan
from portal.action_plan.models import ActionPlanItem
from portal.core import attachments, site_settings
from portal.core.attachments import UploadPolicy
from portal.core.downloads import send_export, send_user_file
from portal.core.errors import DomainError
from portal.core.links import external_url
from portal.core.views import ConfirmForm, attempt
from portal.extensions import db
from portal.zi import evidence as zi_evidence
from portal.zi import export as zi_export
from portal.zi import periods as zi_periods
from portal.zi import service as zi
from portal.zi.forms import EvidenceForm, MemberForm, ReviewerForm, ReviewForm
from portal.zi.models import ZiReviewer, ZiTeamMember

bp = Blueprint("admin_zi", __name__, cli_group=None)

PER_PAGE = 25
REVIEW_BADGES = {"accepted": "text-bg-success", "submitted": "text-bg-info", "returned": "text-bg-warning",
                 "none": "text-bg-light border"}
TIMELINESS_BADGES = {"on_time": "text-bg-success", "late": "text-bg-warning", "missing": "text-bg-danger",
                     "open": "text-bg-light border"}
ROW_BADGES = {"selesai": "text-bg-success", "sebagian": "text-bg-info", "belum": "text-bg-light border"}


@bp.record_once
def _template_globals(state) -> None:
    state.app.jinja_env.globals.update(
        ZI_REVIEW_BADGES=REVIEW_BADGES, ZI_TIMELINESS_BADGES=TIMELINESS_BADGES, ZI_ROW_BADGES=ROW_BADGES,
        ZI_EVIDENCE_STATUS=zi.EVIDENCE_STATUS_LABELS, zi_team_label=zi.team_label)


@bp.before_request
@login_required
def require_staff():
    """Every page needs a staff log-in; finer rules (team, reviewer, admin) are checked per action."""


def grace_days() -> int:
    """Calendar days after a period's end in which its evidence still counts as on time (ZI_GRACE_DAYS)."""
    return int(current_app.config["ZI_GRACE_DAYS"])


def _policy() -> UploadPolicy:
    return UploadPolicy.from_config(current_app.config)


def _year() -> int | None:
    try:
        return zi.shown_year(db.session, request.args.get("tahun"))[0]
    except DomainError:
        abort(404)


def _item_or_404(item_id: int) -> ActionPlanItem:
    return db.session.get(ActionPlanItem, item_id) or abort(404)


def _user():
    return current_user._get_current_object()


# ---------------------------------------------------------------------------------------------- dashboard
@bp.route("", strict_slashes=False)
def dashboard():
    year = _year()
    if year is None:
        return render_template("admin/zi/dashboard.html", year=None, board=None, years=[])
    area = request.args.get("area", "").strip() or None
    team = request.args.get("tim", "").strip() or None
    board = zi.dashboard(db.session, year, grace_days=grace_days(), area=area, team=team)
    my_teams = zi.user_team_keys(db.session, _user())
    return render_template(
        "admin/zi/dashboard.html", year=year, board=board, years=action_plan.years(db.session),
        areas=action_plan.areas(db.session, year), teams=action_plan.teams(db.session, year), area=area,
        team=team, my_teams=my_teams, team_key=zi.team_key, grace=grace_days(), days=zi.DUE_SOON_DAYS,
        reviewer=zi.is_reviewer(db.session, _user()), pending=zi.pending_count(db.session, year),
    )


# --------------------------------------------------------------------------------------------- one row
def _evidence_form(item: ActionPlanItem) -> EvidenceForm:
    form = EvidenceForm()
    periods = zi.periods_of(item)
    form.periode.choices = [(p.key, p.label) for p in periods]
    form.berkas.render_kw = {"accept": _policy().accept}
    return form


def _render_row(item: ActionPlanItem, form: EvidenceForm, status: int = 200):
    row = zi.row_statuses(db.session, [item], grace_days=grace_days())[0]
    user = _user()
    if not form.is_submitted():
        # the period asked for, else the earliest one still without evidence, else the next one due
        wanted = request.args.get("periode", "")
        first_open = next((p.key for p in row.periods if not p.live), None)
        upcoming = next((p.key for p in row.periods if p.period.due >= zi.today()), row.periods[-1].key)
        form.periode.data = wanted if wanted in {p.key for p in row.periods} else (first_open or upcoming)
    return render_template(
        "admin/zi/row.html", item=item, row=row, form=form, review_form=ReviewForm(), confirm=ConfirmForm(),
        member=zi.is_member(db.session, user, item), reviewer=zi.is_reviewer(db.session, user),
        providers=zi_evidence.providers_for(item), orphans=zi.evidence_outside_periods(db.session, item),
        policy=_policy(), grace=grace_days(),
    ), status


@bp.route("/kegiatan/<int:item_id>")
def row(item_id: int):
    item = _item_or_404(item_id)
    return _render_row(item, _evidence_form(item))


@bp.route("/kegiatan/<int:item_id>/bukti", methods=["POST"])
def submit(item_id: int):
    item = _item_or_404(item_id)
    user = _user()
    if not zi.is_member(db.session, user, item):
        abort(403)
    form = _evidence_form(item)
    if not form.validate_on_submit():
        return _render_row(item, form, 400)
    folder = current_app.config["UPLOAD_FOLDER"]
    try:
        submission = zi.validate_submission(
            db.session, user, item, form.periode.data, request.files.getlist(form.berkas.name),
            form.tautan.data or "", form.catatan.data or "", _policy())
        with attachments.store_for_transaction(submission.files, folder, zi.UPLOAD_AREA) as stored:
            rows = zi.add_evidence(db.session, user, submission, stored)
            db.session.commit()
    except DomainError as err:
        db.session.rollback()
        flash(err.message, "danger")
        return _render_row(item, form, 400)
    flash(_("%(n)s bukti dikirim untuk %(p)s dan menunggu reviu.", n=len(rows), p=submission.period.label),
          "success")
    return redirect(url_for("admin_zi.row", item_id=item.id, _anchor=f"periode-{submission.period.key}"))


@bp.route("/bukti/<int:evidence_id>/reviu", methods=["POST"])
def review(evidence_id: int):
    evidence = zi.get_evidence(db.session, evidence_id) or abort(404)
    user = _user()
    if not zi.is_reviewer(db.session, user):
        abort(403)
    form = ReviewForm()
    if not form.validate_on_submit():
        flash(_("Komentar terlalu panjang atau formulir kedaluwarsa; muat ulang halaman lalu coba lagi."),
              "danger")
    else:
        decision = "return" if form.kembalikan.data else "accept"
        done = (_("Bukti diterima.") if decision == "accept"
                else _("Bukti dikembalikan ke tim dengan komentar."))
        attempt(zi.review, db.session, user, evidence, decision, form.komentar.data or "", success=done)
    target = request.form.get("next", "")
    if target == "reviu":
        return redirect(url_for("admin_zi.review_queue"))
    return redirect(url_for("admin_zi.row", item_id=evidence.item_id,
                            _anchor=f"periode-{evidence.period_key}"))


@bp.route("/bukti/<int:evidence_id>/tarik", methods=["POST"])
def withdraw(evidence_id: int):
    evidence = zi.get_evidence(db.session, evidence_id) or abort(404)
    item_id, user = evidence.item_id, _user()
    if evidence.uploaded_by_id != user.id:
        abort(403)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    outcome = attempt(zi.withdraw, db.session, user, evidence, success=_("Bukti ditarik."))
    if outcome.ok and outcome.value is not None:  # the file goes only once the withdrawal is committed
        attachments.delete_all([outcome.value], current_app.config["UPLOAD_FOLDER"])
    return redirect(url_for("admin_zi.row", item_id=item_id))


@bp.route("/bukti/<int:evidence_id>/unduh")
def download(evidence_id: int):
    evidence = zi.get_evidence(db.session, evidence_id) or abort(404)
    if not evidence.is_file:
        abort(404)
    try:
        path = attachments.stored_path(current_app.config["UPLOAD_FOLDER"], zi.UPLOAD_AREA,
                                       evidence.stored_name)
    except FileNotFoundError:
        abort(404)
    if not path.is_file():
        abort(404)
    return send_user_file(path, mimetype=evidence.content_type, download_name=evidence.original_name,
                          fallback_name="bukti")


# ------------------------------------------------------------------------------------------ review queue
@bp.route("/reviu")
def review_queue():
    year = _year()
    page = db.paginate(zi.review_queue(db.session, year), per_page=PER_PAGE)
    return render_template("admin/zi/review.html", page=page, year=year, review_form=ReviewForm(),
                           reviewer=zi.is_reviewer(db.session, _user()), periods=zi_periods.parse_key)


# ------------------------------------------------------------------------------------------ monev report
def _semester() -> int:
    raw = request.args.get("semester", "").strip()
    if not raw:
        return 1 if zi.today().month <= 6 else 2
    if raw not in ("1", "2"):
        abort(404)
    return int(raw)


def _monev() -> tuple[int, int, list[zi.MonevArea]]:
    """The report's year and semester (from the query) and its areas; 404 without a plan year."""
    year, semester = _year(), _semester()
    if year is None:
        abort(404)
    return year, semester, zi.monev_report(db.session, year, semester, grace_days=grace_days())


@bp.route("/laporan")
def report():
    year, semester, areas = _monev()
    return render_template("admin/zi/report.html", year=year, semester=semester, areas=areas,
                           total=zi.monev_total(areas), years=action_plan.years(db.session),
                           semester_label=zi.SEMESTERS[semester], today=zi.today(), grace=grace_days())


@bp.route("/laporan.xlsx")
def report_xlsx():
    year, semester, areas = _monev()

    def file_url(evidence) -> str:
        return external_url("admin_zi.download", evidence_id=evidence.id)

    def auto_url(auto) -> str:
        if auto.endpoint not in current_app.view_functions:
            return ""
        return external_url(auto.endpoint, **auto.url_params)

    data = zi_export.monev_xlsx(areas, year=year, semester=semester, today=zi.today(),
                                grace_days=grace_days(),
                                office_name=site_settings.get_all(db.session).get("office_name", ""),
                                file_url=file_url, auto_url=auto_url)
    return send_export(data, f"laporan-monev-zi-{year}-S{semester}.xlsx")


# ----------------------------------------------------------------------------------------------- teams
@bp.route("/tim", methods=["GET", "POST"])
def teams():
    user = _user()
    if not zi.can_manage(user):
        abort(403)
    if zi.ensure_teams(db.session, user):
        db.session.commit()
    team_list = zi.list_teams(db.session)
    member_form = MemberForm()
    member_form.tim.choices = [(t.id, zi.team_label(t.name)) for t in team_list]
    reviewer_form = ReviewerForm(prefix="penilai")
    status = 200
    if request.method == "POST":
        status = 400
        outcome = None
        if member_form.tambah.data and member_form.validate_on_submit():
            outcome = attempt(zi.add_member_by_email, db.session, user, member_form.tim.data,
                              member_form.email.data,
                              success=lambda member: _("%(e)s ditambahkan ke tim.", e=member.user.email))
        elif reviewer_form.tambah.data and reviewer_form.validate_on_submit():
            outcome = attempt(zi.add_reviewer_by_email, db.session, user, reviewer_form.email.data,
                              success=lambda reviewer: _("%(e)s sekarang penilai bukti ZI.",
                                                         e=reviewer.user.email))
        if outcome is not None and outcome.ok:
            return redirect(url_for("admin_zi.teams"))
    return render_template("admin/zi/teams.html", teams=team_list, member_form=member_form,
                           reviewer_form=reviewer_form, reviewers=zi.list_reviewers(db.session),
                           confirm=ConfirmForm()), status


def _remove(model: type, object_id: int, action: Callable, success: str):
    """An admin's confirmed removal of a team member or a reviewer, back to the team page."""
    user = _user()
    if not zi.can_manage(user):
        abort(403)
    target = db.session.get(model, object_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    attempt(action, db.session, user, target, success=success)
    return redirect(url_for("admin_zi.teams"))


@bp.route("/tim/anggota/<int:member_id>/hapus", methods=["POST"])
def remove_member(member_id: int):
    return _remove(ZiTeamMember, member_id, zi.remove_member, _("Anggota dikeluarkan dari tim."))


@bp.route("/penilai/<int:reviewer_id>/hapus", methods=["POST"])
def remove_reviewer(reviewer_id: int):
    return _remove(ZiReviewer, reviewer_id, zi.remove_reviewer, _("Penilai dihapus dari daftar."))


# ------------------------------------------------------------------------------------ admin dashboard panel
def dashboard_context() -> dict:
    """For /admin/: what the signed-in user's ZI teams have due soon, and the review queue for reviewers."""
    user = _user()
    keys = zi.user_team_keys(db.session, user)
    reviewer = zi.is_reviewer(db.session, user)
    if not keys and not reviewer:
        return {"zi_panel": None}
    year = action_plan.default_year(db.session)
    if year is None:
        return {"zi_panel": None}
    this_year = zi.today().year
    if this_year in action_plan.years(db.session):
        year = this_year
    board = zi.dashboard(db.session, year, grace_days=grace_days())
    soon = sum(len(v) for k, v in board.due_soon.items() if zi.team_key(k) in keys)
    overdue = sum(len(v) for k, v in board.overdue.items() if zi.team_key(k) in keys)
    return {"zi_panel": {"year": year, "soon": soon, "overdue": overdue, "member": bool(keys),
                         "pending": zi.pending_count(db.session, year) if reviewer else None,
                         "days": zi.DUE_SOON_DAYS}}
