"""Public objection pages (/ppid/keberatan): reached from the tracking page with the request's number and
access code (a POST; a GET asks for both first), the objection form (Pasal 35 ayat 1 ground, the day it
arose, kasus posisi), one-time form token + POST-redirect-GET, and the result page."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, flash, make_response, redirect, render_template, request, url_for
from sqlalchemy.exc import IntegrityError

from portal.core import clock, form_tokens, site_settings, web_forms
from portal.core.errors import DomainError
from portal.core.links import external_url
from portal.extensions import db, limiter
from portal.ppid import intake, objections
from portal.ppid.objection_forms import ObjectionAccessForm, ObjectionForm
from portal.ppid.workflow import STATUSES as REQUEST_STATUSES
from portal.ppid.workflow import Deadlines

bp = Blueprint("ppid_objections", __name__)

FORM = "ppid_objection"
STEP_FILE = "ajukan"
TRACK_ENDPOINT = "ppid_requests.track"


def _track_limit() -> str:
    return current_app.config["PPID_TRACK_RATE_LIMIT"]


def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return response


def _deadlines() -> Deadlines:
    return Deadlines.from_config(current_app.config)


def _receipt_seconds() -> int:
    config = current_app.config
    return int(config.get("PPID_RECEIPT_SECONDS") or config["DUMAS_RECEIPT_SECONDS"])


def track_url(number: str = "") -> str:
    """The tracking page (h1's /ppid/lacak) when installed, else this form."""
    if TRACK_ENDPOINT in current_app.view_functions:
        return url_for(TRACK_ENDPOINT, **({"nomor": number} if number else {}))
    return url_for("ppid_objections.form", **({"nomor": number} if number else {}))


def _access_page(form: ObjectionAccessForm, failed: bool = False, status: int = 200):
    return _no_store(make_response(render_template(
        "ppid/objection_form.html", step="access", access_form=form, failed=failed,
        deadlines=_deadlines(), track_url=track_url()), status))


def _objection_page(info_request, code: str, form: ObjectionForm | None = None, token: str | None = None,
                    status: int = 200):
    today = clock.today()
    if form is None:
        form = ObjectionForm(formdata=None)
    form.number.data = info_request.number
    form.code.data = code
    deadlines = _deadlines()
    defaults = objections.default_days(db.session, info_request, today)
    last_days = {ground: objections.filing_deadline(db.session, day, deadlines)
                 for ground, day in defaults.items()}
    return _no_store(make_response(render_template(
        "ppid/objection_form.html", step="objection", form=form, info_request=info_request,
        request_statuses=REQUEST_STATUSES, defaults=defaults, last_days=last_days, today=today,
        open_objection=objections.open_objection(info_request), deadlines=deadlines,
        form_token=token or form_tokens.new_token(), track_url=track_url(info_request.number)), status))


def _failed(number: str):
    form = ObjectionAccessForm(formdata=None)
    form.number.data = number
    return _access_page(form, failed=True)


def tracking_link() -> str:
    """The absolute tracking link for mails."""
    return external_url(TRACK_ENDPOINT) or external_url("ppid_objections.form")


def _office_name() -> str:
    return site_settings.get_all(db.session).get("office_name", "")


@bp.route("", methods=["GET", "POST"])
@limiter.limit(_track_limit, methods=["POST"])
def form():
    if request.method != "POST":
        access = ObjectionAccessForm(formdata=None)
        number = intake.normalise_number(request.args.get("nomor", ""))
        if intake.NUMBER_RE.match(number) and len(number) <= 20:
            access.number.data = number
        return _access_page(access)
    number = intake.normalise_number(request.form.get("number", ""))[:40]
    code = (request.form.get("code", "") or "")[:40]
    info_request = intake.track(db.session, number, code, intake.secret_key(current_app.config))
    if info_request is None:
        return _failed(number)
    if request.form.get("langkah") != STEP_FILE:
        return _objection_page(info_request, code)
    return _file(info_request, code)


def _file(info_request, code: str):
    form = ObjectionForm()
    token = web_forms.posted_token()
    if not form.validate():
        return _objection_page(info_request, code, form, token, 422)
    try:
        form_tokens.claim(db.session, token, FORM, clock.today())
    except form_tokens.AlreadySubmitted:
        return web_forms.already_sent(FORM, token, "ppid_objections.receipt")
    filing = objections.Filing(ground=form.ground.data or "", reasons=form.reasons.data or "",
                               arose_on=form.arose_on.data)
    try:
        objection = objections.file_objection(db.session, info_request, filing, _deadlines())
        db.session.commit()
    except DomainError as err:
        db.session.rollback()  # the claim goes too: the token stays usable for the corrected form
        flash(err.message, "danger")
        return _objection_page(info_request, code, form, token, 422)
    except IntegrityError:
        db.session.rollback()
        if not web_forms.token_taken(token):
            raise
        return web_forms.already_sent(FORM, token, "ppid_objections.receipt")
    mailed = objections.notify("filed", current_app.config, objection, tracking_url=tracking_link(),
                               office_name=_office_name())
    _store_result(token, {
        "number": info_request.number, "ground": objection.ground,
        "filed_on": clock.local_date(objection.filed_at).isoformat(),
        "arose_on": objection.ground_arose_on.isoformat(),
        "answer_due": objection.answer_due.isoformat() if objection.answer_due else "",
        "email": bool(mailed and info_request.email),
    })
    return redirect(url_for("ppid_objections.receipt"))


def _store_result(token: str, data: dict) -> None:
    config = current_app.config
    row = form_tokens.find(db.session, token)
    if row is not None:
        form_tokens.set_result(row, token, data, _receipt_seconds())
    form_tokens.purge(db.session, clock.today(), config["FORM_TOKEN_KEEP_DAYS"])
    db.session.commit()
    web_forms.remember(FORM, token)


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@bp.route("/tanda-terima")
def receipt():
    """The objection's receipt, readable in the browser that filed it for a short time."""
    result = form_tokens.read_result(db.session, web_forms.remembered(FORM), FORM, wait_seconds=3)
    data = result.data if result.state == "ok" else None
    if data is not None:
        data = {**data, "filed_on": _day(data.get("filed_on", "")),
                "arose_on": _day(data.get("arose_on", "")), "answer_due": _day(data.get("answer_due", "")),
                "ground_label": objections.GROUND_LABELS.get(data.get("ground", ""), "")}
    return _no_store(make_response(render_template(
        "ppid/objection_receipt.html", receipt=data, state=result.state,
        track_url=track_url(data["number"] if data else ""))))
