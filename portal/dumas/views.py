"""Public DUMAS pages: the complaint form, the one-time receipt, and tracking with number + access code."""
from __future__ import annotations

import logging
import secrets
from functools import wraps

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from portal.core import attachments, clock, form_tokens, site_settings, web_forms
from portal.core.attachments import StorageError, UploadPolicy
from portal.core.errors import DomainError
from portal.core.links import external_url
from portal.core.routing import query_int
from portal.dumas import publication, tracking_limits
from portal.dumas import service as complaints
from portal.dumas.forms import AddInfoForm, ComplaintForm, TrackForm
from portal.dumas.models import KINDS, STATUSES
from portal.dumas.workflow import Deadlines
from portal.extensions import db, limiter

bp = Blueprint("dumas", __name__)
log = logging.getLogger("portal.dumas")

def _post_limit() -> str:
    return current_app.config["PUBLIC_POST_RATE_LIMIT"]


def _track_limit() -> str:
    return current_app.config["DUMAS_TRACK_RATE_LIMIT"]


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
                message = _("Terlalu banyak permintaan: kode akses yang salah untuk nomor ini dicoba "
                            "berkali-kali. Silakan tunggu sekitar %(seconds)s detik lalu coba lagi.",
                            seconds=wait)
                response = make_response(render_template("error.html", code=429, message=message), 429)
                response.headers["Retry-After"] = str(wait)
                return _no_store(response)
        return view(*args, **kwargs)

    return wrapped


def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return response


def _files(field_name: str) -> list:
    files = request.files.getlist(field_name)
    return [f for f in files if f is not None and (f.filename or f.content_length)]


def _apply_errors(form, errors: dict[str, list]) -> None:
    """The service's messages (lazy, translated as they are read) beside their fields; the others flashed."""
    for name, messages in errors.items():
        field = form._fields.get(name)
        if field is None:
            flash(" ".join(str(m) for m in messages), "danger")
            continue
        field.errors = list(field.errors) + [m for m in messages if m not in field.errors]


def _office_name() -> str:
    return site_settings.get_all(db.session).get("office_name", "")


FORM = "dumas"
INFO_FORM = "dumas_info"


def _render_form(form, policy, token: str, stashed=(), status: int = 200, had_files: bool = False,
                 refused=()):
    """`refused`: names of files sent with this try that were not kept (they failed the file checks or
    were over the count): the page names them and asks for those again; kept ones are listed."""
    return render_template(
        "dumas/form.html", form=form, policy=policy, had_files=had_files, form_token=token,
        refused_files=list(refused),
        stashed=[{"position": s.position, "name": s.item.display_name} for s in stashed],
        stash_minutes=current_app.config["FORM_STASH_SECONDS"] // 60,
        deadlines=Deadlines.from_config(current_app.config), kinds=KINDS,
    ), status


def _shown_name(upload: attachments.Upload) -> str:
    return attachments.clean_name(upload.filename, 80) or _("tanpa nama")


def _stash_passed(token: str, kept: list, new_uploads: list, outcome) -> tuple[list, list[str]]:
    """After a refused submission: keep the files that passed their checks (each on its own, under the
    request's one budget: `outcome`, from the submission itself, so nothing is cleaned twice) for the
    re-submission of this form (used once, short-lived). Without an outcome (the files were refused as a
    whole, e.g. the processing budget was spent) only the files kept before stay. Returns the stash and
    the names of the new files that were not kept (to be chosen again)."""
    config = current_app.config
    if outcome is None:
        passed, refused = [s.item for s in kept], [_shown_name(u) for u in new_uploads]
    else:
        passed, refused = outcome.prepared, outcome.refused
    form_tokens.drop_stash(db.session, token)
    form_tokens.stash_files(db.session, token, passed, clock.today(), config["FORM_STASH_SECONDS"])
    db.session.commit()
    return form_tokens.stashed_files(db.session, token, attachments.PreparedFile), refused


def _stored_result(token: str, form: str, data: dict) -> None:
    """After the filing's commit: seal what the result page shows, with the token as the key."""
    config = current_app.config
    row = form_tokens.find(db.session, token)
    if row is not None:
        form_tokens.set_result(row, token, data, config["DUMAS_RECEIPT_SECONDS"])
    form_tokens.drop_stash(db.session, token)
    form_tokens.purge(db.session, clock.today(), config["FORM_TOKEN_KEEP_DAYS"])
    db.session.commit()
    web_forms.remember(form, token)


@bp.route("", methods=["GET", "POST"])
@limiter.limit(_post_limit, methods=["POST"])
def form():
    form = ComplaintForm()
    form.fill_choices(complaints.active_categories(db.session))
    policy = UploadPolicy.from_config(current_app.config)
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
        return web_forms.already_sent(FORM, token, "dumas.receipt")
    if (form.website.data or "").strip():
        # Honeypot filled: a bot. Pretend success, store nothing but the used token.
        log.info("DUMAS honeypot field filled; submission discarded")
        db.session.commit()
        _stored_result(token, FORM, {
            "number": complaints.numbering.format_number(
                complaints.NUMBER_PREFIX, clock.today().year, 10000 + secrets.randbelow(89999)),
            "code": complaints.new_access_code(),
            "email": bool(form.reporter_email.data and current_app.config["MAIL_SERVER"]),
            **_consent_result(form),
        })
        return redirect(url_for("dumas.receipt"))
    new_uploads = attachments.read_uploads(_files(form.attachments.name), policy)
    uploads = [attachments.Upload(s.item.display_name, s.item.data) for s in kept] + new_uploads
    try:
        complaint, code = complaints.submit_complaint(
            db.session, form.data, uploads, current_app.config,
            tracking_url=external_url("dumas.track"), office_name=_office_name(),
        )
    except complaints.InvalidComplaint as err:
        db.session.rollback()  # the claim goes too: the token stays usable for the corrected form
        _apply_errors(form, err.errors)
        stashed, refused = _stash_passed(token, kept, new_uploads, err.files)
        return _render_form(form, policy, token, stashed, 422, had_files=bool(uploads), refused=refused)
    except IntegrityError:
        db.session.rollback()
        if not web_forms.token_taken(token):  # not a concurrent double submit: a real failure (500)
            raise
        return web_forms.already_sent(FORM, token, "dumas.receipt")
    except StorageError as err:  # disk full / read-only upload folder: nothing kept, say so (503)
        db.session.rollback()
        flash(err.message, "danger")
        return _render_form(form, policy, token, kept, 503, had_files=bool(uploads),
                            refused=[_shown_name(u) for u in new_uploads])
    except DomainError as err:
        db.session.rollback()
        flash(err.message, "danger")
        return _render_form(form, policy, token, kept, 422, had_files=bool(uploads),
                            refused=[_shown_name(u) for u in new_uploads])
    mailed = bool(complaint.reporter_email and current_app.config["MAIL_SERVER"])
    _stored_result(token, FORM, {"number": complaint.number, "code": code, "email": mailed,
                                 **_consent_result(form)})
    return redirect(url_for("dumas.receipt"))


def _consent_result(form: ComplaintForm) -> dict:
    """What the receipt says about the public list: consent given, or refused because confidential."""
    asked, confidential = bool(form.public_consent.data), bool(form.confidential.data)
    return {"public": asked and not confidential, "public_ignored": asked and confidential}


@bp.route("/tanda-terima")
def receipt():
    """The number and the access code, readable in the browser that sent the form for a short time
    (DUMAS_RECEIPT_SECONDS): the copy on the server is sealed with the form token this session holds."""
    result = form_tokens.read_result(db.session, web_forms.remembered(FORM), FORM, wait_seconds=3)
    data = result.data if result.state == "ok" else None
    return _no_store(make_response(render_template(
        "dumas/receipt.html", receipt=data, state=result.state,
        minutes=current_app.config["DUMAS_RECEIPT_SECONDS"] // 60)))


def _status_page(complaint, code: str, add_form: AddInfoForm | None = None, status: int = 200,
                 had_files=False, token: str | None = None):
    if add_form is None:
        add_form = AddInfoForm(formdata=None)
    add_form.number.data = complaint.number
    add_form.code.data = code
    response = make_response(render_template(
        "dumas/status.html", complaint=complaint, timeline=complaints.public_timeline(complaint),
        statuses=STATUSES, add_form=add_form, can_add=complaint.status not in complaints.CLOSED_STATUSES,
        policy=UploadPolicy.from_config(current_app.config), had_files=had_files,
        form_token=token or form_tokens.new_token(),
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
    # The receipt's link fills the number in (?nomor=DUMAS-...); never the access code in a URL.
    number = complaints.normalise_number(request.args.get("nomor", ""))
    if complaints.NUMBER_RE.match(number) and len(number) <= 20:
        form.number.data = number
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
    token = web_forms.posted_token()
    try:
        form_tokens.claim(db.session, token, INFO_FORM, clock.today())
    except form_tokens.AlreadySubmitted:
        return web_forms.already_sent(INFO_FORM, token, "dumas.track_result")
    files = _files(form.attachments.name)
    try:
        complaints.add_reporter_info(db.session, complaint, form.text.data or "", files, current_app.config)
    except complaints.InvalidComplaint as err:
        db.session.rollback()
        _apply_errors(form, err.errors)
        return _status_page(complaint, code, form, 422, had_files=bool(files), token=token)
    except IntegrityError:
        db.session.rollback()
        if not web_forms.token_taken(token):
            raise
        return web_forms.already_sent(INFO_FORM, token, "dumas.track_result")
    except StorageError as err:
        db.session.rollback()
        flash(err.message, "danger")
        return _status_page(complaint, code, form, 503, had_files=bool(files), token=token)
    except DomainError as err:
        db.session.rollback()
        flash(err.message, "danger")
        return _status_page(complaint, code, form, 422, had_files=bool(files), token=token)
    _stored_result(token, INFO_FORM, {"number": complaint.number, "code": code})
    flash(_("Informasi tambahan Anda telah kami terima dan akan dibaca petugas."), "success")
    return redirect(url_for("dumas.track_result"))


@bp.route("/lacak/hasil")
def track_result():
    """The status page after information was added (POST-redirect-GET): readable for a short time in the
    browser that sent it; afterwards the tracking form."""
    result = form_tokens.read_result(db.session, web_forms.remembered(INFO_FORM), INFO_FORM, wait_seconds=3)
    complaint = None
    if result.state == "ok":
        complaint = complaints.track(db.session, result.data.get("number", ""), result.data.get("code", ""),
                                     current_app.config["SECRET_KEY"])
    if complaint is None:
        return redirect(url_for("dumas.track"))
    return _status_page(complaint, result.data["code"])


# ---------------------------------------------------------------- the public complaint list
LIST_PER_PAGE = 20


@bp.route("/daftar")
def public_list():
    """Published complaints (portal/dumas/publication.py: consent, not confidential, published by staff),
    newest first; filters kategori, status (open/closed or a state code), bulan (YYYY-MM); halaman."""
    filters = publication.ListFilters.from_args(request.args)
    page_number = query_int("halaman", min_value=1) or query_int("page", min_value=1) or 1
    page = db.paginate(publication.filtered_query(filters), page=page_number, per_page=LIST_PER_PAGE,
                       error_out=False)
    views = [publication.public_view(complaint) for complaint in page.items]
    return render_template(
        "dumas/public_list.html", page=page, views=views, filters=filters,
        categories=publication.list_categories(db.session), statuses=STATUSES,
        filtered=bool(filters.to_args()))


@bp.route("/daftar/<number>")
def public_detail(number: str):
    complaint = publication.find_published(db.session, number)
    if complaint is None:
        abort(404)
    return render_template("dumas/public_detail.html", view=publication.public_view(complaint),
                           statuses=STATUSES)
