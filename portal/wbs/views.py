"""Reporter side: /wbs (guide), /wbs/lapor (form), /wbs/lacak (status and messages with the receipt).

Nothing here reads or stores the client's address or user agent; rate limits use `limiter_key`, a daily
HMAC of the address. The receipt is never put in the session, a flash message, a URL or a redirect:
the receipt page and the case page are the direct answers to POST requests, and carry no-store headers.
"""
from __future__ import annotations

from flask import abort, current_app, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError

from portal.downloads import send_user_file
from portal.extensions import db, limiter
from portal.models.wbs import WBS_CATEGORIES, WBS_STATUSES, WbsAttachment
from portal.services import DomainError
from portal.services import wbs as service
from portal.services.attachments import StorageError
from portal.services.wbs_crypto import format_receipt, normalise_receipt
from portal.wbs import bp, get_cipher, limiter_key
from portal.wbs.forms import ReplyForm, ReporterDownloadForm, ReportForm, TrackForm
from portal.wbs.uploads import PdfMetadataWarning, clean_uploads, policy


def _receipt_failed(response) -> bool:
    return response.status_code in (400, 403)


receipt_limit = limiter.shared_limit(
    lambda: current_app.config["WBS_RECEIPT_RATE_LIMIT"], scope="wbs-receipt", key_func=limiter_key,
    deduct_when=_receipt_failed, methods=["POST"],
)
post_limit = limiter.shared_limit(
    lambda: current_app.config["WBS_POST_RATE_LIMIT"], scope="wbs-post", key_func=limiter_key, methods=["POST"],
)


@bp.route("")
def guide():
    return render_template("wbs/guide.html", categories=WBS_CATEGORIES)


@bp.route("/lapor", methods=["GET", "POST"])
@post_limit
def report():
    form = ReportForm()
    pol = policy(current_app.config)
    if request.method == "POST":
        if not form.validate_on_submit():
            return render_template("wbs/report.html", form=form, policy=pol), 400
        cipher = get_cipher()
        upload_folder = current_app.config["UPLOAD_FOLDER"]
        try:
            files = clean_uploads(request.files.getlist(form.files.name), current_app.config,
                                  accept_pdf_metadata=form.accept_pdf_metadata.data)
            new_report, receipt = service.submit_report(
                db.session, cipher, upload_folder, category=form.category.data, what=form.what.data,
                who=form.who.data, where=form.where.data, when=form.when.data, how=form.how.data,
                contact=form.contact.data, files=files, verify_days=current_app.config["WBS_VERIFY_DAYS"],
            )
            db.session.commit()
        except PdfMetadataWarning as err:
            db.session.rollback()
            return render_template("wbs/report.html", form=form, policy=pol, error=err.message,
                                   pdf_warning=True), 400
        except StorageError as err:  # disk full / read-only: files already removed, nothing committed
            db.session.rollback()
            return render_template("wbs/report.html", form=form, policy=pol, error=err.message), 503
        except DomainError as err:
            db.session.rollback()
            return render_template("wbs/report.html", form=form, policy=pol, error=err.message), 400
        except SQLAlchemyError:
            db.session.rollback()
            service.discard_files(upload_folder, locals().get("new_report"))
            raise
        return render_template("wbs/receipt.html", receipt=format_receipt(receipt), report=new_report,
                               files=len(files))
    return render_template("wbs/report.html", form=form, policy=pol)


def _case_page(report, reply_form=None, *, notice: str = "", error: str = "", status: int = 200,
               receipt: str = ""):
    cipher = get_cipher()
    reply_form = reply_form or ReplyForm(formdata=None)
    reply_form.receipt.data = receipt
    download = ReporterDownloadForm(formdata=None)
    download.receipt.data = receipt
    return render_template(
        "wbs/case.html", report=report, text=service.report_text(cipher, report),
        entries=service.thread(cipher, report, for_reporter=True), reply_form=reply_form,
        download_form=download, statuses=WBS_STATUSES, categories=WBS_CATEGORIES, notice=notice, error=error,
        policy=policy(current_app.config), own_files=[
            (a, service.attachment_name(cipher, a)) for a in report.attachments if a.message_id is None
        ],
    ), status


def _wrong_receipt(form):
    return render_template("wbs/track.html", form=form, error=_(
        "Kode laporan tidak dikenali. Periksa kembali 16 angka kode Anda. Setelah beberapa kali salah, "
        "formulir ini dikunci sementara."
    )), 403


@bp.route("/lacak", methods=["GET", "POST"])
@receipt_limit
def track():
    form = TrackForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            return render_template("wbs/track.html", form=form), 400
        report = service.find_by_receipt(db.session, get_cipher(), form.receipt.data)
        if report is None:
            return _wrong_receipt(form)
        return _case_page(report, receipt=normalise_receipt(form.receipt.data))
    return render_template("wbs/track.html", form=form)


@bp.route("/lacak/balas", methods=["POST"])
@receipt_limit
@post_limit
def reply():
    form = ReplyForm()
    if not form.validate_on_submit():
        return render_template("wbs/track.html", form=TrackForm(formdata=None)), 400
    cipher = get_cipher()
    report = service.find_by_receipt(db.session, cipher, form.receipt.data)
    if report is None:
        return _wrong_receipt(TrackForm(formdata=None))
    receipt = normalise_receipt(form.receipt.data)
    upload_folder = current_app.config["UPLOAD_FOLDER"]
    message = None
    try:
        files = clean_uploads(request.files.getlist(form.files.name), current_app.config,
                              accept_pdf_metadata=form.accept_pdf_metadata.data)
        message = service.reporter_reply(db.session, cipher, upload_folder, report, form.body.data or "", files)
        db.session.commit()
    except DomainError as err:
        db.session.rollback()
        status = 503 if isinstance(err, StorageError) else 422
        return _case_page(report, form, error=err.message, status=status, receipt=receipt)
    except SQLAlchemyError:
        db.session.rollback()
        service.discard_files(upload_folder, message)
        raise
    fresh = ReplyForm(formdata=None)
    return _case_page(report, fresh, notice=_("Pesan Anda terkirim kepada Tim WBS."), receipt=receipt)


@bp.route("/lacak/berkas", methods=["POST"])
@receipt_limit
def download():
    """A file the team sent (or the reporter's own), with the receipt re-checked on every download."""
    form = ReporterDownloadForm()
    if not form.validate_on_submit():
        abort(400)
    cipher = get_cipher()
    report = service.find_by_receipt(db.session, cipher, form.receipt.data)
    if report is None:
        return _wrong_receipt(TrackForm(formdata=None))
    try:
        attachment_id = int(form.attachment_id.data)
    except (TypeError, ValueError):
        abort(404)
    if not 0 < attachment_id <= 2**31 - 1:  # beyond a database integer: no such file (not a 500)
        abort(404)
    attachment = db.session.get(WbsAttachment, attachment_id)
    if attachment is None or attachment.report_id != report.id:
        abort(404)
    if attachment.message_id is not None and not attachment.message.visible_to_reporter:
        abort(404)
    try:
        data = service.read_attachment(cipher, current_app.config["UPLOAD_FOLDER"], attachment)
    except DomainError:
        abort(404)
    return send_user_file(data, mimetype=attachment.content_type,
                          download_name=service.attachment_name(cipher, attachment))


@bp.route("/rekap")
def recap():
    """Published quarterly counts (numbers only) — the WBS part of the public recaps."""
    return render_template("wbs/recap.html", published=service.published_quarters(db.session),
                           categories=WBS_CATEGORIES, statuses=WBS_STATUSES)


@bp.app_context_processor
def _wbs_labels():
    return {"WBS_CATEGORY_LABELS": WBS_CATEGORIES, "WBS_STATUS_LABELS": WBS_STATUSES}


@bp.app_template_global()
def wbs_published_recaps(limit: int = 1):
    """For the /rekap page: the latest published WBS quarter(s), numbers only."""
    try:
        return service.published_quarters(db.session, limit=limit)
    except SQLAlchemyError:  # before the WBS tables exist
        db.session.rollback()
        return []
