"""Staff objection pages (/admin/ppid/keberatan): the list (status, due soon / overdue, request number,
pages) and one objection: the request it is about, the atasan PPID's answer (role atasan_ppid only), the
dispute at the Komisi Informasi (roles ppid and atasan_ppid). `pimpinan` reads."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.accounts.decorators import roles_required
from portal.core import clock, site_settings
from portal.core.routing import query_int
from portal.core.views import attempt
from portal.extensions import db
from portal.ppid import OBJECTION_ANSWER_ROLES, OBJECTION_READ_ROLES, objections
from portal.ppid.models import Objection
from portal.ppid.objection_forms import AnswerForm, DisputeForm
from portal.ppid.objection_views import tracking_link
from portal.ppid.workflow import STATUSES as REQUEST_STATUSES
from portal.ppid.workflow import Deadlines

bp = Blueprint("admin_ppid_objections", __name__)

# Who records the Komisi Informasi dispute and its result.
DISPUTE_ROLES = ("ppid", "atasan_ppid")
REQUEST_CASE_ENDPOINT = "admin_ppid_requests.case"


@bp.before_request
@roles_required(*OBJECTION_READ_ROLES)
def require_reader():
    return None


def _deadlines() -> Deadlines:
    return Deadlines.from_config(current_app.config)


def _window():
    return objections.CLOCK.window(db.session, _deadlines().nearly_due)


@bp.route("")
def inbox():
    filters = objections.InboxFilters.from_args(request.args)
    window = _window()
    page = db.paginate(objections.inbox_query(filters, window), page=query_int("halaman", min_value=1) or 1,
                       per_page=objections.PER_PAGE, error_out=False)
    rows = [{"objection": o, "due_state": objections.CLOCK.state(window, o),
             "days_left": objections.CLOCK.days_left(db.session, o.answer_due, window.today)
             if o.status == "diajukan" else None} for o in page.items]
    return render_template(
        "admin/ppid/objections.html", page=page, rows=rows, filters=filters, statuses=objections.STATUSES,
        grounds=objections.GROUND_LABELS, outcomes=objections.OUTCOME_LABELS,
        due_counts=objections.due_counts(db.session, window), answer_days=_deadlines().objection_answer)


def _load(objection_id: int) -> Objection:
    objection = db.session.get(Objection, objection_id)
    if objection is None:
        abort(404)
    return objection


def _page(objection: Objection, answer_form: AnswerForm | None = None,
          dispute_form: DisputeForm | None = None, status: int = 200):
    deadlines = _deadlines()
    window = _window()
    today = window.today
    if answer_form is None:
        answer_form = AnswerForm(formdata=None)
    if dispute_form is None:
        dispute_form = DisputeForm(formdata=None)
        dispute_form.filed_on.data = objection.dispute_filed_on
        dispute_form.register.data = objection.dispute_register
        dispute_form.result.data = objection.dispute_result
        dispute_form.decided_on.data = objection.dispute_decided_on
        dispute_form.note.data = objection.dispute_note
    request_url = (url_for(REQUEST_CASE_ENDPOINT, number=objection.request.number)
                   if REQUEST_CASE_ENDPOINT in current_app.view_functions else None)
    return render_template(
        "admin/ppid/objection.html", objection=objection, info_request=objection.request,
        view=objections.public_view(db.session, objection, deadlines), request_statuses=REQUEST_STATUSES,
        request_url=request_url, due_state=objections.CLOCK.state(window, objection),
        days_left=objections.CLOCK.days_left(db.session, objection.answer_due, today)
        if objection.status == "diajukan" else None,
        answer_form=answer_form, dispute_form=dispute_form,
        can_answer=current_user.has_role(*OBJECTION_ANSWER_ROLES) and objection.status == "diajukan",
        can_dispute=current_user.has_role(*DISPUTE_ROLES) and objections.can_record_dispute(objection, today),
        dispute_deadline=objections.dispute_deadline(db.session, objection, deadlines)
        if objections.can_record_dispute(objection, today) else None,
        deadlines=deadlines), status


@bp.route("/<int:objection_id>")
def case(objection_id: int):
    return _page(_load(objection_id))


@bp.route("/<int:objection_id>/jawab", methods=["POST"])
def answer(objection_id: int):
    if not current_user.has_role(*OBJECTION_ANSWER_ROLES):
        abort(403)
    objection = _load(objection_id)
    form = AnswerForm()
    if not form.validate():
        return _page(objection, answer_form=form, status=400)
    outcome = attempt(objections.answer, db.session, objection, current_user, outcome=form.outcome.data or "",
                      text=form.answer.data or "", success=_("Jawaban atas keberatan disimpan."))
    if not outcome.ok:
        return _page(_load(objection_id), answer_form=form, status=400)
    objection = _load(objection_id)
    objections.notify("answered", current_app.config, objection,
                      tracking_url=tracking_link(),
                      office_name=site_settings.get_all(db.session).get("office_name", ""))
    return redirect(url_for(".case", objection_id=objection_id))


@bp.route("/<int:objection_id>/sengketa", methods=["POST"])
def dispute(objection_id: int):
    if not current_user.has_role(*DISPUTE_ROLES):
        abort(403)
    objection = _load(objection_id)
    form = DisputeForm()
    if not form.validate():
        return _page(objection, dispute_form=form, status=400)
    record = objections.DisputeRecord(filed_on=form.filed_on.data, register=form.register.data or "",
                                      result=form.result.data or "", decided_on=form.decided_on.data,
                                      note=form.note.data or "")
    outcome = attempt(objections.record_dispute, db.session, objection, current_user, record, _deadlines(),
                      today=clock.today(), success=_("Sengketa di Komisi Informasi dicatat."))
    if not outcome.ok:
        return _page(_load(objection_id), dispute_form=form, status=400)
    return redirect(url_for(".case", objection_id=objection_id))
