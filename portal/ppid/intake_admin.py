"""Staff registration of information requests that came by letter, e-mail or in person
(/admin/ppid/permohonan/baru, role `ppid`): the same rules as the public form (portal.ppid.intake), the day
of receipt may be earlier than today, the identity scan is optional. The number and the access code are
shown once, to hand to the applicant; the applicant gets the receipt e-mail when an address was given."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from werkzeug.routing import BuildError

from portal.accounts.decorators import roles_required
from portal.core import clock, form_tokens, web_forms
from portal.core.attachments import UploadPolicy
from portal.core.errors import DomainError
from portal.extensions import db
from portal.ppid import REQUEST_WRITE_ROLES, intake
from portal.ppid.request_forms import RegisterRequestForm
from portal.ppid.request_views import apply_errors, receipt_data, send_received_mail, store_result

bp = Blueprint("admin_ppid_intake", __name__)

FORM = "ppid_register"
INBOX = "admin_ppid_requests.inbox"


def _render(form, token: str, status: int = 200):
    inbox = url_for(INBOX) if INBOX in current_app.view_functions else None
    return render_template("admin/ppid/request_register.html", form=form, form_token=token, receipt=None,
                           policy=UploadPolicy.from_config(current_app.config, max_files=1),
                           inbox_url=inbox), status


def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/baru", methods=["GET", "POST"])
@roles_required(*REQUEST_WRITE_ROLES)
def register():
    form = RegisterRequestForm()
    if request.method != "POST":
        form.received_date.data = clock.today().isoformat()
        return _render(form, form_tokens.new_token())
    token = web_forms.posted_token()
    form.validate()
    try:
        form_tokens.claim(db.session, token, FORM, clock.today())
    except form_tokens.AlreadySubmitted:
        return web_forms.already_sent(FORM, token, "admin_ppid_intake.receipt")
    item = request.files.get(intake.IDENTITY_FIELD)
    uploads = [item] if item is not None and item.filename else []
    try:
        info_request, code = intake.submit_request(db.session, form.data, uploads, current_app.config,
                                                   channel=form.channel.data or "", actor=current_user)
        db.session.commit()
    except intake.InvalidRequest as err:
        db.session.rollback()
        apply_errors(form, err.errors)
        return _render(form, token, 422)
    except IntegrityError:
        db.session.rollback()
        if not web_forms.token_taken(token):
            raise
        return web_forms.already_sent(FORM, token, "admin_ppid_intake.receipt")
    except DomainError as err:
        db.session.rollback()
        flash(err.message, "danger")
        return _render(form, token, 422)
    mailed = send_received_mail(info_request, code)
    store_result(token, FORM, receipt_data(info_request, code, mailed))
    return redirect(url_for("admin_ppid_intake.receipt"))


@bp.route("/baru/tanda-terima")
@roles_required(*REQUEST_WRITE_ROLES)
def receipt():
    """The number and the code, shown once to the officer who registered the request: read, then erased."""
    token = web_forms.remembered(FORM)
    result = form_tokens.read_result(db.session, token, FORM, wait_seconds=3)
    data = dict(result.data) if result.state == "ok" else None
    if data is not None:
        row = form_tokens.find(db.session, token)
        if row is not None:
            row.result = None
            db.session.commit()
        web_forms.forget(FORM)
        if data.get("due"):
            data["due"] = date.fromisoformat(data["due"])
    case_url = None
    if data and "admin_ppid_requests.case" in current_app.view_functions:
        try:
            case_url = url_for("admin_ppid_requests.case", number=data["number"])
        except BuildError:
            case_url = None
    return _no_store(make_response(render_template(
        "admin/ppid/request_register.html", form=None, receipt=data, state=result.state, staff=True,
        minutes=0, case_url=case_url)))
