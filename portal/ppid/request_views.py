"""Public side of information requests: the request form (/ppid/permohonan), the one-time receipt, tracking
with number + access code (/ppid/lacak: status, the written notice, the released documents, the way to an
objection) and the download of a released document (a POST with number, code and the file's id).

The applicant's identity scan is never served here: only files of kind "dokumen" are downloadable."""
from __future__ import annotations

import logging
import secrets
from datetime import date
from functools import wraps

from flask import Blueprint, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.core import attachments, clock, form_tokens, numbering, site_settings, web_forms
from portal.core.attachments import UploadPolicy
from portal.core.downloads import send_user_file
from portal.core.errors import DomainError
from portal.core.links import external_url
from portal.core.validation import parse_int
from portal.core.workdays import due_date
from portal.dumas import tracking_limits
from portal.extensions import db, limiter
from portal.ppid import intake, mail, objections
from portal.ppid.models import FILE_RELEASED, InfoRequestFile
from portal.ppid.request_forms import DELIVERY_LABELS, DownloadForm, RequestForm, TrackForm
from portal.ppid.service import PASAL_17
from portal.ppid.workflow import STATUSES, WORKFLOW, Deadlines

bp = Blueprint("ppid_requests", __name__)
log = logging.getLogger("portal.ppid")

FORM = "ppid_request"
OBJECTION_ENDPOINT = "ppid_objections.form"


def _post_limit() -> str:
    return current_app.config["PUBLIC_POST_RATE_LIMIT"]


def _track_limit() -> str:
    return current_app.config["PPID_TRACK_RATE_LIMIT"]


def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return response


def _posted_number() -> str:
    return intake.normalise_number(request.form.get("number", ""))[:40]


def per_number(view):
    """Wrong codes for one request number, whoever sends them, lock that number for a short window (the
    DUMAS arithmetic and counter store, portal/dumas/tracking_limits.py; PPID numbers are their own keys).
    Counted together on the tracking form and the download; a right code never counts."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        wait = tracking_limits.locked_for(current_app.config, _posted_number())
        if wait:
            message = _("Terlalu banyak permintaan: kode akses yang salah untuk nomor ini dicoba "
                        "berkali-kali. Silakan tunggu sekitar %(seconds)s detik lalu coba lagi.",
                        seconds=wait)
            response = make_response(render_template("error.html", code=429, message=message), 429)
            response.headers["Retry-After"] = str(wait)
            return _no_store(response)
        return view(*args, **kwargs)

    return wrapped


def _office_name() -> str:
    return site_settings.get_all(db.session).get("office_name", "")


def apply_errors(form, errors: dict[str, list]) -> None:
    """The service's messages beside their fields; messages of fields the form lacks are flashed."""
    for name, messages in errors.items():
        field = form._fields.get(name)
        if field is None:
            flash(" ".join(str(m) for m in messages), "danger")
            continue
        field.errors = list(field.errors) + [m for m in messages if m not in field.errors]


def _identity_upload() -> list:
    item = request.files.get(intake.IDENTITY_FIELD)
    return [item] if item is not None and (item.filename or item.content_length) else []


# --- the request form ---------------------------------------------------------------------------------------

def _render_form(form, policy, token: str, stashed=(), status: int = 200, refused=()):
    return render_template(
        "ppid/request_form.html", form=form, policy=policy, form_token=token, refused_files=list(refused),
        stashed=[{"position": s.position, "name": s.item.display_name} for s in stashed],
        stash_minutes=current_app.config["FORM_STASH_SECONDS"] // 60,
        deadlines=Deadlines.from_config(current_app.config),
    ), status


def _stash_passed(token: str, kept: list, new_uploads: list, outcome) -> tuple[list, list[str]]:
    """After a refused submission: keep the identity scan if it passed its checks, for the corrected form."""
    config = current_app.config
    if outcome is None:
        passed = [s.item for s in kept]
        refused = [attachments.clean_name(u.filename, 80) or _("tanpa nama") for u in new_uploads]
    else:
        passed, refused = outcome.prepared, outcome.refused
    form_tokens.drop_stash(db.session, token)
    form_tokens.stash_files(db.session, token, passed, clock.today(), config["FORM_STASH_SECONDS"])
    db.session.commit()
    return form_tokens.stashed_files(db.session, token, attachments.PreparedFile), refused


def store_result(token: str, form: str, data: dict) -> None:
    """After the filing's commit: seal what the receipt shows, with the token as the key."""
    config = current_app.config
    row = form_tokens.find(db.session, token)
    if row is not None:
        form_tokens.set_result(row, token, data, config["DUMAS_RECEIPT_SECONDS"])
    form_tokens.drop_stash(db.session, token)
    form_tokens.purge(db.session, clock.today(), config["FORM_TOKEN_KEEP_DAYS"])
    db.session.commit()
    web_forms.remember(form, token)


def receipt_data(info_request, code: str, mailed: bool) -> dict:
    return {"number": info_request.number, "code": code, "email": mailed,
            "due": info_request.notice_due.isoformat() if info_request.notice_due else None}


def send_received_mail(info_request, code: str) -> bool:
    """The receipt e-mail, after the commit; a failed send is logged by the mailer, the request stays."""
    return mail.send_received_mail(current_app.config, info_request, code,
                                   tracking_url=external_url("ppid_requests.track"),
                                   office_name=_office_name())


def _honeypot(token: str):
    """A bot filled the hidden field: pretend success, store nothing but the used token."""
    log.info("PPID request honeypot field filled; submission discarded")
    db.session.commit()
    today = clock.today()
    due = due_date(db.session, today, Deadlines.from_config(current_app.config).notice)
    store_result(token, FORM, {
        "number": numbering.format_number(intake.NUMBER_PREFIX, today.year, 10000 + secrets.randbelow(89999)),
        "code": intake.new_access_code(), "email": False, "due": due.isoformat()})
    return redirect(url_for("ppid_requests.receipt"))


@bp.route("/permohonan", methods=["GET", "POST"])
@limiter.limit(_post_limit, methods=["POST"])
def form():
    form = RequestForm()
    policy = UploadPolicy.from_config(current_app.config, max_files=1)
    if request.method != "POST":
        return _render_form(form, policy, form_tokens.new_token())
    token = web_forms.posted_token()
    form.validate()  # CSRF was checked before the view; this fills the field error lists
    dropped = web_forms.dropped_positions()
    kept = [s for s in form_tokens.stashed_files(db.session, token, attachments.PreparedFile)
            if s.position not in dropped]
    try:
        form_tokens.claim(db.session, token, FORM, clock.today())
    except form_tokens.AlreadySubmitted:
        return web_forms.already_sent(FORM, token, "ppid_requests.receipt")
    if (form.website.data or "").strip():
        return _honeypot(token)
    new_uploads = attachments.read_uploads(_identity_upload(), policy)
    # a newly chosen scan replaces the one kept from the earlier try
    uploads = new_uploads or [attachments.Upload(s.item.display_name, s.item.data) for s in kept]
    try:
        info_request, code = intake.submit_request(db.session, form.data, uploads, current_app.config)
        db.session.commit()
    except intake.InvalidRequest as err:
        db.session.rollback()  # the claim goes too: the token stays usable for the corrected form
        apply_errors(form, err.errors)
        stashed, refused = _stash_passed(token, kept, new_uploads, err.files)
        return _render_form(form, policy, token, stashed, 422, refused=refused)
    except IntegrityError:
        db.session.rollback()
        if not web_forms.token_taken(token):
            raise
        return web_forms.already_sent(FORM, token, "ppid_requests.receipt")
    except DomainError as err:
        db.session.rollback()
        flash(err.message, "danger")
        return _render_form(form, policy, token, kept, 422)
    mailed = send_received_mail(info_request, code)
    store_result(token, FORM, receipt_data(info_request, code, mailed))
    return redirect(url_for("ppid_requests.receipt"))


@bp.route("/permohonan/tanda-terima")
def receipt():
    """The number, the access code and the answer's due date, readable in the browser that sent the form
    for a short time (sealed with the form token this session holds)."""
    result = form_tokens.read_result(db.session, web_forms.remembered(FORM), FORM, wait_seconds=3)
    data = dict(result.data) if result.state == "ok" else None
    if data and data.get("due"):
        data["due"] = date.fromisoformat(data["due"])
    return _no_store(make_response(render_template(
        "ppid/request_receipt.html", receipt=data, state=result.state,
        minutes=current_app.config["DUMAS_RECEIPT_SECONDS"] // 60, staff=False)))


# --- tracking -----------------------------------------------------------------------------------------------

def public_trail(info_request) -> list[dict]:
    """Status changes and public notes; never internal notes, never who the officer is."""
    entries = []
    for event in info_request.events:
        changed = event.from_status != event.to_status
        note = (event.public_note or "").strip()
        if not changed and not note:
            continue
        entries.append({"at": event.at, "changed": changed, "status": STATUSES.get(event.to_status, ""),
                        "note": note})
    return entries


def _status_page(info_request, code: str, status: int = 200):
    config = current_app.config
    objection_ok = OBJECTION_ENDPOINT in current_app.view_functions
    return _no_store(make_response(render_template(
        "ppid/track.html", form=None, info_request=info_request, code=code, statuses=STATUSES,
        closed=info_request.status not in WORKFLOW.open_states, trail=public_trail(info_request),
        delivery_labels=DELIVERY_LABELS, grounds=PASAL_17, released=info_request.released_files,
        objection_url=url_for(OBJECTION_ENDPOINT) if objection_ok else None,
        deadlines=Deadlines.from_config(config),
        objection_views=objections.public_views(db.session, info_request, Deadlines.from_config(config)),
    ), status))


def _track_failed(number: str):
    tracking_limits.record_failure(current_app.config, number[:40])
    form = TrackForm(formdata=None)
    form.number.data = number
    return _no_store(make_response(render_template("ppid/track.html", form=form, failed=True), 200))


@bp.route("/lacak", methods=["GET", "POST"])
@limiter.limit(_track_limit, methods=["POST"])
@per_number
def track():
    form = TrackForm()
    if request.method == "POST":
        form.validate()
        number, code = (form.number.data or "")[:40], (form.code.data or "")[:40]
        info_request = intake.track(db.session, number, code, intake.secret_key(current_app.config))
        if info_request is None:
            return _track_failed(intake.normalise_number(number))
        return _status_page(info_request, code)
    # The receipt's link fills the number in (?nomor=PPID-...); never the access code in a URL.
    number = intake.normalise_number(request.args.get("nomor", ""))
    if intake.NUMBER_RE.match(number) and len(number) <= 20:
        form.number.data = number
    return _no_store(make_response(render_template("ppid/track.html", form=form, failed=False)))


@bp.route("/lacak/unduh", methods=["POST"])
@limiter.limit(_track_limit, methods=["POST"])
@per_number
def download():
    """A released document: number + code + the file's id in a POST. Only files of kind "dokumen" of that
    request, not removed; the identity scan never."""
    form = DownloadForm()
    number, code = (form.number.data or "")[:40], (form.code.data or "")[:40]
    info_request = intake.track(db.session, number, code, intake.secret_key(current_app.config))
    if info_request is None:
        return _track_failed(intake.normalise_number(number))
    file_id = parse_int(form.file_id.data, min_value=1, max_value=2**31 - 1)
    item = None
    if file_id is not None:
        item = db.session.scalar(select(InfoRequestFile).where(
            InfoRequestFile.id == file_id, InfoRequestFile.request_id == info_request.id,
            InfoRequestFile.kind == FILE_RELEASED, InfoRequestFile.removed_at.is_(None)))
    if item is None:
        flash(_("Dokumen tidak ditemukan."), "danger")
        return _status_page(info_request, code, 404)
    return send_user_file(item.data, mimetype=item.content_type, download_name=item.original_name,
                          fallback_name="dokumen")
