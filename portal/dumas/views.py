"""Public DUMAS pages: the complaint form, the one-time receipt, and tracking with number + access code."""
from __future__ import annotations

import logging
import secrets
from functools import wraps

from flask import (
    Blueprint,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _

from portal.dumas import tracking_limits
from portal.dumas.forms import AddInfoForm, ComplaintForm, TrackForm
from portal.extensions import db, limiter
from portal.links import external_url
from portal.models import STATUSES
from portal.services import DomainError, complaints, site_settings
from portal.services.attachments import StorageError, UploadPolicy

bp = Blueprint("dumas", __name__)
log = logging.getLogger("portal.dumas")

RECEIPT_KEY = "dumas_receipt"


def _post_limit() -> str:
    return current_app.config["PUBLIC_POST_RATE_LIMIT"]


def _track_limit() -> str:
    return current_app.config.get("DUMAS_TRACK_RATE_LIMIT", "5 per minute;30 per hour")


def _posted_number() -> str:
    return complaints.normalise_number(request.form.get("number", ""))[:40]


def per_number(view):
    """Wrong codes for one tracking number, whoever sends them, lock that number for a short window only
    (portal/dumas/tracking_limits.py: the arithmetic). Counted together on the tracking form and the
    add-information form; a right code never counts."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if request.method == "POST":
            wait = tracking_limits.locked_for(current_app.config, _posted_number())
            if wait:
                response = make_response(render_template("error.html", code=429, message=_(
                    "Terlalu banyak permintaan: kode akses yang salah untuk nomor ini dicoba berkali-kali. Silakan "
                    "tunggu sekitar %(seconds)s detik lalu coba lagi.", seconds=wait)), 429)
                response.headers["Retry-After"] = str(wait)
                return _no_store(response)
        return view(*args, **kwargs)

    return wrapped


def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return response


def _files(field_name: str) -> list:
    return [f for f in request.files.getlist(field_name) if f is not None and (f.filename or f.content_length)]


def _apply_errors(form, errors: dict[str, list[str]]) -> None:
    for name, messages in errors.items():
        field = form._fields.get(name)
        if field is None:
            flash(" ".join(messages), "danger")
            continue
        field.errors = list(field.errors) + [m for m in messages if m not in field.errors]


def _office_name() -> str:
    return site_settings.get_all(db.session).get("office_name", "")


@bp.route("", methods=["GET", "POST"])
@limiter.limit(_post_limit, methods=["POST"])
def form():
    form = ComplaintForm()
    form.fill_choices(complaints.active_categories(db.session))
    policy = UploadPolicy.from_config(current_app.config)
    if request.method == "POST":
        form.validate()  # CSRF was checked before the view; this fills the field error lists
        if (form.website.data or "").strip():
            # Honeypot filled: a bot. Pretend success, store nothing.
            log.info("DUMAS honeypot field filled; submission discarded")
            session[RECEIPT_KEY] = {
                "number": complaints.numbering.format_number(
                    complaints.NUMBER_PREFIX, complaints.today().year, 10000 + secrets.randbelow(89999)),
                "code": complaints.new_access_code(),
                "email": bool(form.reporter_email.data and current_app.config.get("MAIL_SERVER")),
            }
            return redirect(url_for("dumas.receipt"))
        files = _files(form.attachments.name)
        try:
            complaint, code = complaints.submit_complaint(
                db.session, form.data, files, current_app.config,
                tracking_url=external_url("dumas.track"), office_name=_office_name(),
            )
        except complaints.InvalidComplaint as err:
            _apply_errors(form, err.errors)
            return render_template("dumas/form.html", form=form, policy=policy, had_files=bool(files)), 422
        except StorageError as err:  # disk full / read-only upload folder: nothing kept, say so (503)
            flash(err.message, "danger")
            return render_template("dumas/form.html", form=form, policy=policy, had_files=bool(files)), 503
        except DomainError as err:
            flash(_(err.message), "danger")
            return render_template("dumas/form.html", form=form, policy=policy, had_files=bool(files)), 422
        mailed = bool(complaint.reporter_email and current_app.config.get("MAIL_SERVER"))
        session[RECEIPT_KEY] = {"number": complaint.number, "code": code, "email": mailed}
        return redirect(url_for("dumas.receipt"))
    return render_template("dumas/form.html", form=form, policy=policy, had_files=False)


@bp.route("/tanda-terima")
def receipt():
    """Shows the number and the access code once: the session copy is removed as it is read."""
    data = session.pop(RECEIPT_KEY, None)
    return _no_store(make_response(render_template("dumas/receipt.html", receipt=data)))


def _status_page(complaint, code: str, add_form: AddInfoForm | None = None, status: int = 200, had_files=False):
    if add_form is None:
        add_form = AddInfoForm(formdata=None)
    add_form.number.data = complaint.number
    add_form.code.data = code
    response = make_response(render_template(
        "dumas/status.html", complaint=complaint, timeline=complaints.public_timeline(complaint),
        statuses=STATUSES, add_form=add_form, can_add=complaint.status not in complaints.CLOSED_STATUSES,
        policy=UploadPolicy.from_config(current_app.config), had_files=had_files,
    ), status)
    return _no_store(response)


def _track_failed(number: str):
    tracking_limits.record_failure(current_app.config, number[:40])
    form = TrackForm(formdata=None)
    form.number.data = number
    return _no_store(make_response(render_template("dumas/track.html", form=form, failed=True), 200))


@bp.route("/lacak", methods=["GET", "POST"])
@limiter.limit(_track_limit, methods=["POST"])
@per_number
def track():
    form = TrackForm()
    if request.method == "POST":
        form.validate()
        number, code = (form.number.data or "")[:40], (form.code.data or "")[:40]
        complaint = complaints.track(db.session, number, code, current_app.config["SECRET_KEY"])
        if complaint is None:
            return _track_failed(complaints.normalise_number(number))
        return _status_page(complaint, code)
    return _no_store(make_response(render_template("dumas/track.html", form=form, failed=False)))


@bp.route("/lacak/tambah", methods=["POST"])
@limiter.limit(_post_limit, methods=["POST"])
@per_number
def add_info():
    form = AddInfoForm()
    form.validate()
    number, code = (form.number.data or "")[:40], (form.code.data or "")[:40]
    complaint = complaints.track(db.session, number, code, current_app.config["SECRET_KEY"])
    if complaint is None:
        return _track_failed(complaints.normalise_number(number))
    files = _files(form.attachments.name)
    try:
        complaints.add_reporter_info(db.session, complaint, form.text.data or "", files, current_app.config)
    except complaints.InvalidComplaint as err:
        _apply_errors(form, err.errors)
        return _status_page(complaint, code, form, 422, had_files=bool(files))
    except StorageError as err:
        flash(err.message, "danger")
        return _status_page(complaint, code, form, 503, had_files=bool(files))
    except DomainError as err:
        flash(_(err.message), "danger")
        return _status_page(complaint, code, form, 422, had_files=bool(files))
    flash(_("Informasi tambahan Anda telah kami terima dan akan dibaca petugas."), "success")
    return _status_page(complaint, code)
