"""Reporter side: /wbs (guide), /wbs/lapor (form), /wbs/lacak (status and messages with the receipt).

Nothing here reads or stores the client's address or user agent; rate limits use `limiter_key`, a daily
HMAC of the address. The receipt is never put in the session, a flash message, a URL or a redirect: after
the POST-redirect-GET the receipt page reads a copy sealed with the one-time form token (the session holds
that token, the database only its hash), for WBS_RECEIPT_SECONDS; then the copy is erased. Pages carry
no-store headers.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from flask import abort, current_app, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from portal.core import clock, form_tokens, periods, web_forms
from portal.core import tables as open_tables
from portal.core.downloads import send_user_file
from portal.core.errors import DomainError
from portal.core.links import external_url
from portal.core.open_data import open_data
from portal.extensions import db, limiter
from portal.public import bp as public_bp
from portal.wbs import bp, get_cipher, limiter_key, service
from portal.wbs import export as wbs_export
from portal.wbs.crypto import format_receipt, normalise_receipt
from portal.wbs.forms import ReplyForm, ReporterDownloadForm, ReportForm, TrackForm
from portal.wbs.models import WBS_CATEGORIES, WBS_STATUSES, WbsAttachment
from portal.wbs.service import CleanFile, attachment_label
from portal.wbs.uploads import clean_each, clean_uploads, policy


def _receipt_failed(response) -> bool:
    return response.status_code in (400, 403)


receipt_limit = limiter.shared_limit(
    lambda: current_app.config["WBS_RECEIPT_RATE_LIMIT"], scope="wbs-receipt", key_func=limiter_key,
    deduct_when=_receipt_failed, methods=["POST"],
)
post_limit = limiter.shared_limit(
    lambda: current_app.config["WBS_POST_RATE_LIMIT"], scope="wbs-post", key_func=limiter_key,
    methods=["POST"],
)


@bp.route("")
def guide():
    return render_template("wbs/guide.html", categories=WBS_CATEGORIES)


FORM = "wbs"
REPLY_FORM = "wbs_reply"


def _seal(cipher):
    return lambda payload, digest: cipher.encrypt_bytes(payload, "stash:" + digest)


def _unseal(cipher):
    return lambda payload, digest: cipher.decrypt_bytes(payload, "stash:" + digest)


def _render_report(form, pol, token, stashed=(), status=200, **extra):
    return render_template(
        "wbs/report.html", form=form, policy=pol, form_token=token,
        # listed as lampiran-N.<ext>: the page never repeats the reporter's own file names
        stashed=[{"position": s.position, "name": attachment_label(s.item.content_type, n)}
                 for n, s in enumerate(stashed, start=1)],
        stash_minutes=current_app.config["FORM_STASH_SECONDS"] // 60, **extra), status


def _chosen_files(field_name: str) -> list:
    return [f for f in request.files.getlist(field_name) if f is not None and f.filename]


def _submit_once(name: str, token: str, done_endpoint: str, work: Callable[[], None],
                 refused: Callable[[DomainError], Any]):
    """Run `work` (it claims the one-time form token and writes) and commit, then POST-redirect-GET to
    `done_endpoint`. A re-sent or concurrent second POST of the same form lands where the first one did;
    a broken rule rolls back and `refused` shows it; any other database failure is a 500."""
    try:
        work()
        db.session.commit()
    except form_tokens.AlreadySubmitted:
        return web_forms.already_sent(name, token, done_endpoint)
    except IntegrityError:
        db.session.rollback()
        if not web_forms.token_taken(token):  # not a concurrent double submit: a real failure (500)
            raise
        return web_forms.already_sent(name, token, done_endpoint)
    except DomainError as err:
        db.session.rollback()
        return refused(err)
    except SQLAlchemyError:
        db.session.rollback()
        raise
    web_forms.remember(name, token)
    return redirect(url_for(done_endpoint))


def _checked_files(form: ReportForm, pol, token: str,
                   cipher) -> tuple[list, list[CleanFile], list[str], bool]:
    """The files of this POST: the ones kept from an earlier try (less those the reporter dropped) and the
    newly chosen ones, each checked on its own so the ones that pass can be kept (encrypted, in the
    database only, for a short time) when something else in the form must be corrected.
    Returns (kept stash entries, new files that passed, error messages, whether a PDF needs confirming)."""
    dropped = web_forms.dropped_positions()
    kept = [s for s in form_tokens.stashed_files(db.session, token, CleanFile, unseal=_unseal(cipher))
            if s.position not in dropped]
    chosen = _chosen_files(form.files.name)
    if len(kept) + len(chosen) > pol.max_files:
        return kept, [], [_("Maksimal %(n)s berkas per laporan.", n=pol.max_files)], False
    if not chosen:
        return kept, [], [], False
    try:
        passed, errors, pdf_warning = clean_each(chosen, current_app.config,
                                                 accept_pdf_metadata=form.accept_pdf_metadata.data)
    except DomainError as err:  # the request's processing budget is spent: none of its files is kept
        return kept, [], [err.message], False
    return kept, passed, errors, pdf_warning


def _report_to_correct(form: ReportForm, pol, token: str, cipher, files: list[CleanFile], errors: list[str],
                       pdf_warning: bool):
    """The form again (400) with what to correct; the files that passed stay stashed under the token."""
    db.session.rollback()
    form_tokens.drop_stash(db.session, token)
    # stashed as lampiran-N.<ext>: the original file name is not kept, not even sealed (issue 10, A4)
    files = [replace(f, name=attachment_label(f.content_type, n)) for n, f in enumerate(files, start=1)]
    form_tokens.stash_files(db.session, token, files, clock.today(), current_app.config["FORM_STASH_SECONDS"],
                            seal=_seal(cipher))
    db.session.commit()
    stashed = form_tokens.stashed_files(db.session, token, CleanFile, unseal=_unseal(cipher))
    return _render_report(form, pol, token, stashed, 400, error=" ".join(errors), pdf_warning=pdf_warning)


@bp.route("/lapor", methods=["GET", "POST"])
@post_limit
def report():
    form = ReportForm()
    pol = policy(current_app.config)
    if request.method != "POST":
        return _render_report(form, pol, form_tokens.new_token())
    config = current_app.config
    cipher = get_cipher()
    token = web_forms.posted_token()
    if form_tokens.find(db.session, token) is not None:
        return web_forms.already_sent(FORM, token, "wbs.receipt")
    valid = form.validate_on_submit()
    kept, passed, errors, pdf_warning = _checked_files(form, pol, token, cipher)
    files = [s.item for s in kept] + passed
    if not valid or errors:
        return _report_to_correct(form, pol, token, cipher, files, errors, pdf_warning)

    def store() -> None:
        today = clock.today()
        row = form_tokens.claim(db.session, token, FORM, today)
        new_report, receipt = service.submit_report(
            db.session, cipher, category=form.category.data, what=form.what.data,
            who=form.who.data, where=form.where.data, when=form.when.data, how=form.how.data,
            contact=form.contact.data, files=files, verify_days=config["WBS_VERIFY_DAYS"],
        )
        form_tokens.set_result(row, token, {"receipt": format_receipt(receipt), "files": len(files),
                                            "day": new_report.received_on.isoformat()},
                               config["WBS_RECEIPT_SECONDS"])
        form_tokens.drop_stash(db.session, token)
        form_tokens.purge(db.session, today, config["FORM_TOKEN_KEEP_DAYS"])

    return _submit_once(FORM, token, "wbs.receipt", store,
                        lambda err: _render_report(form, pol, token, kept, 400, error=err.message))


@bp.route("/tanda-terima")
def receipt():
    """The receipt after the redirect, readable in the browser that sent the report for a short time
    (WBS_RECEIPT_SECONDS); the server copy is sealed with the form token, which only that session holds."""
    result = form_tokens.read_result(db.session, web_forms.remembered(FORM), FORM, wait_seconds=2)
    if result.state != "ok":
        web_forms.forget(FORM)
    data = result.data if result.state == "ok" else None
    return render_template(
        "wbs/receipt.html", receipt=data["receipt"] if data else None, files=data["files"] if data else 0,
        received_on=date.fromisoformat(data["day"]) if data else None, state=result.state,
        minutes=current_app.config["WBS_RECEIPT_SECONDS"] // 60)


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
        form_token=(web_forms.posted_token() if error else form_tokens.new_token()),
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
    token = web_forms.posted_token()

    def send() -> None:
        row = form_tokens.claim(db.session, token, REPLY_FORM, clock.today())
        files = clean_uploads(request.files.getlist(form.files.name), current_app.config,
                              accept_pdf_metadata=form.accept_pdf_metadata.data)
        service.reporter_reply(db.session, cipher, report, form.body.data or "", files)
        form_tokens.set_result(row, token, {"receipt": receipt}, current_app.config["WBS_RECEIPT_SECONDS"])

    return _submit_once(REPLY_FORM, token, "wbs.reply_result", send,
                        lambda err: _case_page(report, form, error=err.message, status=422, receipt=receipt))


@bp.route("/lacak/hasil")
def reply_result():
    """The case page after a reply (POST-redirect-GET), for WBS_RECEIPT_SECONDS in the sending browser."""
    result = form_tokens.read_result(db.session, web_forms.remembered(REPLY_FORM), REPLY_FORM, wait_seconds=2)
    report = None
    if result.state == "ok":
        report = service.find_by_receipt(db.session, get_cipher(), result.data.get("receipt", ""))
    if report is None:
        web_forms.forget(REPLY_FORM)
        return redirect(url_for("wbs.track"))
    return _case_page(report, notice=_("Pesan Anda terkirim kepada Tim WBS."), receipt=result.data["receipt"])


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
                           categories=WBS_CATEGORIES, statuses=WBS_STATUSES, open_links=_open_links())


# ------------------------------------------------------------------------------------------- open data
# The published quarterly counts in open formats (issue 12 §1): numbers only, from the published snapshots.
# On the shared `public` blueprint, not on `wbs`: published figures may be cached like any open data, while
# every page of the WBS itself stays no-store.
def _open_links() -> list[dict]:
    return [{"label": "CSV", "url": url_for("public.wbs_recap_csv")},
            {"label": "XLSX", "url": url_for("public.wbs_recap_xlsx")},
            {"label": "JSON", "url": url_for("public.wbs_quarters_api")},
            {"label": "CSV", "title": _("Rekomendasi Inspektorat per triwulan"),
             "url": url_for("public.wbs_recap_table_csv", table_id="rekomendasi")}]


def _all_published() -> list[tuple[object, dict]]:
    return service.published_quarters(db.session, limit=None)


def _last_published():
    key = (request.view_args or {}).get("period_key")
    if key is not None:
        snapshot = service.published_snapshot(db.session, key[:20])
        return snapshot.published_at if snapshot is not None else None
    return max((snapshot.published_at for snapshot, _data in _all_published()), default=None)


def _quarter_links(snapshot) -> dict:
    return {"url": external_url("public.wbs_quarter_api", period_key=snapshot.period_key)}


@public_bp.route("/api/v1/wbs/triwulan", endpoint="wbs_quarters_api")
@open_data(last_modified=_last_published)
def wbs_quarters_api():
    """Every published quarter's counts, newest first."""
    published = _all_published()
    return jsonify(count=len(published), csv=external_url("public.wbs_recap_csv"),
                   xlsx=external_url("public.wbs_recap_xlsx"),
                   items=[{**wbs_export.quarter_json(s, d), **_quarter_links(s)} for s, d in published])


@public_bp.route("/api/v1/wbs/triwulan/<period_key>", endpoint="wbs_quarter_api")
@open_data(last_modified=_last_published)
def wbs_quarter_api(period_key: str):
    try:
        key = periods.parse_period(period_key).key
    except DomainError:
        abort(404)
    snapshot = service.published_snapshot(db.session, key)
    if snapshot is None or snapshot.period_type != periods.QUARTER or key != period_key:
        abort(404)
    return jsonify({**wbs_export.quarter_json(snapshot, wbs_export.snapshot_counts(snapshot)),
                    **_quarter_links(snapshot)})


@public_bp.route("/wbs/rekap.csv", endpoint="wbs_recap_csv")
@open_data(last_modified=_last_published)
def wbs_recap_csv():
    return _table_csv(wbs_export.MAIN_TABLE, "rekap-wbs-triwulan.csv")


@public_bp.route("/wbs/rekap/<table_id>.csv", endpoint="wbs_recap_table_csv")
@open_data(last_modified=_last_published)
def wbs_recap_table_csv(table_id: str):
    return _table_csv(table_id, f"rekap-wbs-triwulan-{table_id}.csv")


def _table_csv(table_id: str, name: str):
    table = open_tables.find(wbs_export.open_tables(_all_published()), table_id)
    if table is None:
        abort(404)
    return open_tables.send(open_tables.to_csv(table), name)


@public_bp.route("/wbs/rekap.xlsx", endpoint="wbs_recap_xlsx")
@open_data(last_modified=_last_published)
def wbs_recap_xlsx():
    return open_tables.send(open_tables.to_xlsx(wbs_export.open_tables(_all_published())),
                            "rekap-wbs-triwulan.xlsx")


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
