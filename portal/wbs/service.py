"""WBS domain logic: anonymous intake, receipts, the message thread, workflow, Inspektorat recommendations,
quarterly recap, retention purge. No Flask request in here; views pass plain values.

Reporter-side functions never write an audit row (its time would date the reporter's action) and take
`today` as a date only. Team-side functions always write one, every read by the team too
(docs/wbs-privacy.md): the functions that decrypt or list reports for a team member record it, so no view
can forget it.
"""
from __future__ import annotations

import contextlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, and_, func, or_, select, text
from sqlalchemy.orm import Session

from portal.accounts.models import User
from portal.core import audit, clock, periods
from portal.core.cases import CaseClock, Move, Stamps, Workflow, max_length, required
from portal.core.errors import DomainError
from portal.core.periods import Period
from portal.core.workdays import DueWindow, due_date
from portal.wbs.crypto import DecryptionError, WbsCipher, new_receipt, normalise_receipt
from portal.wbs.models import (
    ENTRY_MESSAGE,
    ENTRY_NOTE,
    ENTRY_STATUS,
    FOLLOWUP_STATUSES,
    WBS_CATEGORIES,
    WBS_CLOSED_STATUSES,
    WBS_STATES,
    WBS_STATUSES,
    WbsAttachment,
    WbsMessage,
    WbsRecommendation,
    WbsReport,
)

# Workflow (the case engine, portal/core/cases.py). WBS differs from DUMAS in one place: a report forwarded
# to the Inspektorat stays open until the recommendations that come back are followed up, then it is closed.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "diterima": ("diverifikasi", "ditolak", "diteruskan"),
    "diverifikasi": ("diproses", "selesai", "ditolak", "diteruskan"),
    "diproses": ("selesai", "ditolak", "diteruskan"),
    "diteruskan": ("diproses", "selesai"),
    "selesai": (),
    "ditolak": (),
}

TEXT_LIMITS = {"what": 10000, "who": 2000, "where": 1000, "when": 500, "how": 10000, "contact": 500}
MESSAGE_LIMIT = 10000
UNREADABLE = "[tidak dapat dibaca dengan kunci saat ini]"

# Deadlines in working days (docs/architecture.md, "The case engine"); the app passes WBS_VERIFY_DAYS and
# WBS_RESOLVE_DAYS.
VERIFY_DAYS = 3
RESOLVE_DAYS = 60  # berkadar pengawasan: a WBS report is about misconduct by nature
DUE_FILTERS = ("terlambat", "segera")


@dataclass
class CleanFile:
    """A file already checked and stripped of metadata, ready to encrypt and store. `name` is a
    `lampiran[-N].<ext>` label from the content type, never the reporter's own file name (issue 10, A4): the
    form stash keeps these objects too (portal/core/form_tokens.py)."""

    name: str
    content_type: str
    data: bytes
    note: str = ""


def local_today() -> date:
    """Today at the office (portal.core.clock, PORTAL_TIMEZONE); only the day is ever stored for reporter
    actions."""
    return clock.today()


# --- decryption helpers for views ------------------------------------------------------------------

def reveal(cipher: WbsCipher, token: str, field_name: str) -> str:
    try:
        return cipher.decrypt(token, field_name)
    except DecryptionError:
        return UNREADABLE


@dataclass
class ReportText:
    what: str
    who: str
    where: str
    when: str
    how: str
    contact: str
    outcome: str


def report_text(cipher: WbsCipher, report: WbsReport) -> ReportText:
    return ReportText(
        what=reveal(cipher, report.what_enc, "report.what"),
        who=reveal(cipher, report.who_enc, "report.who"),
        where=reveal(cipher, report.where_enc, "report.where"),
        when=reveal(cipher, report.when_enc, "report.when"),
        how=reveal(cipher, report.how_enc, "report.how"),
        contact=reveal(cipher, report.contact_enc, "report.contact"),
        outcome=reveal(cipher, report.outcome_enc, "report.outcome"),
    )


@dataclass
class ThreadEntry:
    entry: WbsMessage
    body: str
    files: list[tuple[WbsAttachment, str]] = field(default_factory=list)


def thread(cipher: WbsCipher, report: WbsReport, *, for_reporter: bool) -> list[ThreadEntry]:
    entries = []
    for entry in report.entries:
        if for_reporter and not entry.visible_to_reporter:
            continue
        body = reveal(cipher, entry.body_enc, "message.body")
        if for_reporter and entry.kind == ENTRY_STATUS and not body and entry.to_status == entry.from_status:
            continue
        files = [(a, attachment_name(cipher, a)) for a in entry.attachments]
        entries.append(ThreadEntry(entry, body, files))
    return entries


# Extension of the shown name by (cleaned) content type; the reporter's own file name is never kept.
EXTENSIONS = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
}


def attachment_label(content_type: str, number: int | None = None) -> str:
    """`lampiran-N.<ext>` (or `lampiran.<ext>` before a file has its place), from the content type only."""
    ext = EXTENSIONS.get(content_type, "bin")
    return f"lampiran-{number}.{ext}" if number else f"lampiran.{ext}"


def attachment_name(cipher: WbsCipher | None, attachment: WbsAttachment) -> str:
    """`lampiran-N.<ext>`: N counts every attachment of the report in order (reporter's and team's).

    Computed, never stored: old rows whose encrypted original name was kept show the same form.
    (`cipher` stays in the signature for the callers; no name is decrypted any more.)"""
    report = attachment.report
    ids = [a.id for a in report.attachments] if report is not None else []
    number = ids.index(attachment.id) + 1 if attachment.id in ids else 1
    return attachment_label(attachment.content_type, number)


# --- files -------------------------------------------------------------------------------------------
#
# WBS files are kept as ciphertext in the database (WbsAttachment.data_enc), never under UPLOAD_FOLDER:
# a file's birth/change time and its folder's mtime would date a submission to the second, while the
# database rows keep the day only (docs/wbs-privacy.md). Rows from before migration 0004 may still name a
# ciphertext file under UPLOAD_FOLDER/wbs/ (`stored_name`); those are read from there until
# `flask wbs-files-to-db` moves them in.

def _legacy_dir(upload_folder: str) -> Path:
    return Path(upload_folder) / "wbs"  # never created: only read, and emptied by the move command


def read_attachment(cipher: WbsCipher, upload_folder: str, attachment: WbsAttachment) -> bytes:
    blob = attachment.data_enc
    if blob is None and attachment.stored_name:
        try:
            blob = (_legacy_dir(upload_folder) / attachment.stored_name).read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            blob = None
    if blob is None:
        raise DomainError("Berkas lampiran tidak ditemukan di penyimpanan.")
    try:
        return cipher.decrypt_bytes(bytes(blob), "attachment.data")
    except DecryptionError as exc:
        raise DomainError("Berkas lampiran tidak dapat didekripsi dengan kunci saat ini.") from exc


def _attach(session, cipher, report, message, files, *, by_reporter, day) -> None:
    for item in files:
        session.add(WbsAttachment(
            report=report, message=message, by_reporter=by_reporter, name_enc="", stored_name=None,
            data_enc=cipher.encrypt_bytes(item.data, "attachment.data"),
            content_type=item.content_type, size=len(item.data), uploaded_on=day,
            cleaning_note=item.note[:200],
        ))


def _remove_legacy_files(upload_folder: str, names: list[str]) -> None:
    folder = _legacy_dir(upload_folder)
    for name in names:
        if not name or "/" in name or "\\" in name or name.startswith("."):
            continue
        with contextlib.suppress(FileNotFoundError, NotADirectoryError):
            (folder / name).unlink()


@dataclass
class MoveResult:
    moved: int = 0
    missing: list[str] = field(default_factory=list)
    deleted: int = 0


def move_legacy_files(session: Session, upload_folder: str, *, batch: int = 20) -> MoveResult:
    """Move legacy ciphertext files (UPLOAD_FOLDER/wbs/<stored_name>) into `data_enc`.

    The bytes are copied as they are (already encrypted, same key and field). Each batch is committed
    BEFORE its files are deleted, so a crash leaves a file that is also in the database, never neither.
    A row whose file is gone is listed in `missing` and left unchanged."""
    result = MoveResult()
    folder = _legacy_dir(upload_folder)
    last_id = 0
    while True:
        rows = session.scalars(
            select(WbsAttachment)
            .where(WbsAttachment.stored_name.is_not(None), WbsAttachment.stored_name != "",
                   WbsAttachment.id > last_id)
            .order_by(WbsAttachment.id).limit(batch)
        ).all()
        if not rows:
            break
        to_delete: list[str] = []
        for row in rows:
            last_id = row.id
            try:
                blob = (folder / row.stored_name).read_bytes()
            except (FileNotFoundError, NotADirectoryError):
                result.missing.append(row.stored_name)
                continue
            row.data_enc = blob
            to_delete.append(row.stored_name)
            row.stored_name = None
            result.moved += 1
        session.commit()
        _remove_legacy_files(upload_folder, to_delete)
        result.deleted += len(to_delete)
    return result


# --- reporter side -------------------------------------------------------------------------------------

def _clean_text(value: str | None, limit: int, label) -> str:
    """Stripped text; a DomainError naming the field (`label`, lazily translated) when it is too long."""
    value = (value or "").replace("\r\n", "\n").strip()
    if len(value) > limit:
        raise DomainError("%(label)s terlalu panjang (maksimal %(n)s karakter).", label=label, n=limit)
    return value


def submit_report(
    session: Session, cipher: WbsCipher, *, category: str, what: str, who: str = "",
    where: str = "", when: str = "", how: str = "", contact: str = "", files: list[CleanFile] = (),
    today: date | None = None, verify_days: int = VERIFY_DAYS,
) -> tuple[WbsReport, str]:
    """Create a report; returns it and the receipt digits (shown once, never stored in clear).

    Files go into the database with the report (nothing is written to disk).
    """
    if category not in WBS_CATEGORIES:
        raise DomainError("Pilih kategori laporan.")
    what = _clean_text(what, TEXT_LIMITS["what"], _l("Apa yang terjadi"))
    if len(what) < 20:
        raise DomainError("Uraikan apa yang terjadi (sekurang-kurangnya 20 karakter).")
    values = {
        "who": _clean_text(who, TEXT_LIMITS["who"], _l("Siapa")),
        "where": _clean_text(where, TEXT_LIMITS["where"], _l("Di mana")),
        "when": _clean_text(when, TEXT_LIMITS["when"], _l("Kapan")),
        "how": _clean_text(how, TEXT_LIMITS["how"], _l("Bagaimana")),
        "contact": _clean_text(contact, TEXT_LIMITS["contact"], _l("Kontak")),
    }
    day = today or local_today()
    for _attempt in range(5):
        receipt = new_receipt()
        digest = cipher.receipt_hash(receipt)
        if session.scalar(select(WbsReport.id).where(WbsReport.receipt_hash == digest)) is None:
            break
    else:  # pragma: no cover - 10^16 receipts
        raise DomainError("Gagal membuat kode laporan. Silakan kirim ulang.")
    report = WbsReport(
        receipt_hash=digest, category=category, status="diterima", received_on=day, last_activity_on=day,
        unread=True, verify_due=due_date(session, day, verify_days),
        what_enc=cipher.encrypt(what, "report.what"),
        who_enc=cipher.encrypt(values["who"], "report.who"),
        where_enc=cipher.encrypt(values["where"], "report.where"),
        when_enc=cipher.encrypt(values["when"], "report.when"),
        how_enc=cipher.encrypt(values["how"], "report.how"),
        contact_enc=cipher.encrypt(values["contact"], "report.contact"),
        outcome_enc=cipher.encrypt("", "report.outcome"),
    )
    session.add(report)
    session.flush()
    _attach(session, cipher, report, None, list(files), by_reporter=True, day=day)
    session.flush()
    return report, receipt


def find_by_receipt(session: Session, cipher: WbsCipher, receipt: str | None) -> WbsReport | None:
    digits = normalise_receipt(receipt)
    if digits is None:
        return None
    report = session.scalar(select(WbsReport).where(WbsReport.receipt_hash == cipher.receipt_hash(digits)))
    if report is None or report.purged_on is not None:
        return None
    return report


def reporter_reply(
    session: Session, cipher: WbsCipher, report: WbsReport, body: str,
    files: list[CleanFile] = (), today: date | None = None,
) -> WbsMessage:
    if report.status in WBS_CLOSED_STATUSES:
        raise DomainError("Laporan ini sudah ditutup; pesan baru tidak dapat dikirim.")
    body = _clean_text(body, MESSAGE_LIMIT, _l("Pesan"))
    if not body and not files:
        raise DomainError("Tulis pesan atau lampirkan berkas.")
    message = _add_message(session, cipher, report, kind=ENTRY_MESSAGE, author_id=None, body=body,
                           files=files, day=today or local_today())
    report.unread = True
    return message


def _add_message(
    session: Session, cipher: WbsCipher, report: WbsReport, *, kind: str,
    author_id: int | None, body: str, files, day: date,
) -> WbsMessage:
    """One thread entry with its (encrypted) files, all in the database. author_id None = the reporter."""
    message = WbsMessage(report=report, kind=kind, author_id=author_id, created_on=day,
                         from_status=report.status, to_status=report.status,
                         body_enc=cipher.encrypt(body, "message.body"))
    session.add(message)
    session.flush()
    _attach(session, cipher, report, message, list(files), by_reporter=author_id is None, day=day)
    session.flush()
    report.last_activity_on = day
    return message


# --- team side -------------------------------------------------------------------------------------------

def team_message(
    session: Session, cipher: WbsCipher, report: WbsReport, actor: User, body: str, *,
    internal: bool = False, files: list[CleanFile] = (),
) -> WbsMessage:
    body = _clean_text(body, MESSAGE_LIMIT, _l("Pesan"))
    if not body and not files:
        raise DomainError("Tulis pesan atau lampirkan berkas.")
    if report.purged_on is not None:
        raise DomainError("Isi laporan ini sudah dihapus sesuai masa retensi.")
    message = _add_message(session, cipher, report, kind=ENTRY_NOTE if internal else ENTRY_MESSAGE,
                           author_id=actor.id, body=body, files=files, day=local_today())
    audit.record(session, actor, "wbs.note" if internal else "wbs.message", report, number=report.number,
                 files=len(files))
    return message


# --- the workflow on the case engine ---------------------------------------------------------------------

_NOTE_FIELDS = {"public_note": _l("Catatan untuk pelapor"), "internal_note": _l("Catatan internal"),
                "outcome": _l("Hasil")}


def _not_purged(move: Move) -> None:
    if move.case.purged_on is not None:
        raise DomainError("Isi laporan ini sudah dihapus sesuai masa retensi.")


def _clean_values(move: Move) -> None:
    """Notes within their limits (stripped in place); a category, when given, one of the list."""
    for name, label in _NOTE_FIELDS.items():
        move.values[name] = _clean_text(move.get(name, ""), MESSAGE_LIMIT, label)
    move.values["forwarded_to"] = move.text("forwarded_to")
    category = move.get("category")
    if category is not None and category not in WBS_CATEGORIES:
        raise DomainError("Kategori tidak dikenal.")


def _has_member(move: Move) -> None:
    assignee = move.get("assigned_to")
    if assignee is None and move.case.assigned_to_id is None:
        raise DomainError("Tetapkan anggota tim yang menangani sebelum verifikasi.")
    if assignee is not None and not assignee.has_role("wbs"):
        raise DomainError("Petugas yang ditetapkan harus anggota tim WBS.")


def _recommendations_done(move: Move) -> None:
    open_recs = [r for r in move.case.recommendations if r.followup_status != "selesai"]
    if open_recs:
        raise DomainError("Masih ada %(n)s rekomendasi Inspektorat yang belum selesai ditindaklanjuti.",
                          n=len(open_recs))


def _apply_values(move: Move) -> None:
    report, cipher = move.case, move.get("cipher")
    if move.get("category") is not None:
        report.category = move.get("category")
    if move.get("assigned_to") is not None:
        report.assigned_to_id = move.get("assigned_to").id
    if move.to_state == "diteruskan":
        report.forwarded_to = move.text("forwarded_to")
    if move.text("outcome"):
        report.outcome_enc = cipher.encrypt(move.text("outcome"), "report.outcome")


def _start_resolution(move: Move) -> None:
    """Leaving `diterima` for an open state (verified, or forwarded unverified) starts the resolution
    deadline: `resolve_days` working days from that day."""
    report = move.case
    if move.from_state == "diterima" and not move.closes and report.resolve_due is None:
        report.resolve_due = due_date(move.session, move.day, move.get("resolve_days", RESOLVE_DAYS))


def _log(move: Move) -> WbsMessage:
    """The status entry (its note is what the reporter reads), the internal note if any, and the audit row."""
    report, cipher, actor = move.case, move.get("cipher"), move.actor
    entry = WbsMessage(report=report, kind=ENTRY_STATUS, author_id=actor.id, created_on=move.day,
                       from_status=move.from_state, to_status=move.to_state,
                       body_enc=cipher.encrypt(move.notice, "message.body"))
    move.session.add(entry)
    if move.text("internal_note"):
        move.session.add(WbsMessage(report=report, kind=ENTRY_NOTE, author_id=actor.id, created_on=move.day,
                                    from_status=move.to_state, to_status=move.to_state,
                                    body_enc=cipher.encrypt(move.text("internal_note"), "message.body")))
    audit.record(move.session, actor, "wbs.transition", report, number=report.number,
                 from_status=move.from_state, to_status=move.to_state, category=report.category,
                 assigned_to=report.assigned_to_id, forwarded=bool(report.forwarded_to))
    return entry


WORKFLOW = Workflow(
    states=WBS_STATES,
    transitions=TRANSITIONS,
    checks=(_not_purged, _clean_values),
    requires={
        "diverifikasi": (_has_member,),
        "selesai": (required("outcome", "Tuliskan hasil penanganan untuk pelapor sebelum laporan dinyatakan "
                                        "selesai."), _recommendations_done),
        "ditolak": (required("outcome", "Alasan penolakan wajib diisi."),),
        "diteruskan": (required("forwarded_to", "Isi instansi tujuan penerusan (mis. Inspektorat)."),
                       max_length("forwarded_to", 200, "Nama instansi tujuan terlalu panjang."),
                       required("outcome", "Alasan penerusan wajib diisi.")),
    },
    on_every_move=(_apply_values, _start_resolution),
    # The reporter's note is written in the team member's language when none is given (as it always was).
    notices={
        "diverifikasi": lambda move: gettext(
            "Laporan Anda telah diverifikasi dan akan ditangani oleh Tim WBS."),
        "diproses": lambda move: gettext("Laporan Anda sedang ditangani."),
        "selesai": lambda move: move.text("outcome"),
        "ditolak": lambda move: gettext("Laporan tidak dapat ditindaklanjuti: %(r)s", r=move.text("outcome")),
        "diteruskan": lambda move: gettext("Laporan diteruskan kepada %(to)s: %(r)s",
                                           to=move.text("forwarded_to"), r=move.text("outcome")),
    },
    log=_log,
    stamps=Stamps(closed="closed_on", activity="last_activity_on", by_day=True),
)

# Which due date applies: verification while received, resolution afterwards.
CLOCK = CaseClock(WbsReport, WORKFLOW, default="resolve_due", phases={"diterima": "verify_due"})


def allowed_transitions(report: WbsReport) -> tuple[str, ...]:
    return WORKFLOW.allowed(report)


def transition(
    session: Session, cipher: WbsCipher, report: WbsReport, actor: User, to_status: str, *,
    public_note: str = "", internal_note: str = "", category: str | None = None,
    assigned_to: User | None = None, forwarded_to: str = "", outcome: str = "",
    resolve_days: int = RESOLVE_DAYS,
) -> WbsMessage:
    """Move a report through the workflow; raises DomainError (Indonesian) when a rule is broken."""
    move = WORKFLOW.transition(
        session, report, to_status, actor, cipher=cipher, public_note=public_note,
        internal_note=internal_note, category=category, assigned_to=assigned_to, forwarded_to=forwarded_to,
        outcome=outcome, resolve_days=resolve_days,
    )
    return move.entry


# --- Inspektorat recommendations and their follow-up ------------------------------------------------

def add_recommendation(
    session: Session, cipher: WbsCipher, actor: User, *, text: str, issued_by: str, issued_on: date | None,
    due_on: date | None = None, responsible: str = "", report: WbsReport | None = None,
) -> WbsRecommendation:
    text = _clean_text(text, MESSAGE_LIMIT, _l("Rekomendasi"))
    if not text:
        raise DomainError("Isi rekomendasi wajib diisi.")
    issued_by = (issued_by or "").strip() or "Inspektorat"
    if len(issued_by) > 200 or len(responsible or "") > 200:
        raise DomainError("Nama pemberi rekomendasi atau penanggung jawab terlalu panjang.")
    if issued_on is None:
        raise DomainError("Tanggal rekomendasi wajib diisi.")
    if due_on is not None and due_on < issued_on:
        raise DomainError("Batas waktu tidak boleh sebelum tanggal rekomendasi.")
    if report is not None and report.purged_on is not None:
        raise DomainError("Isi laporan ini sudah dihapus sesuai masa retensi.")
    rec = WbsRecommendation(
        report=report, issued_by=issued_by, issued_on=issued_on, due_on=due_on,
        text_enc=cipher.encrypt(text, "recommendation.text"), followup_status="belum",
        followup_enc=cipher.encrypt("", "recommendation.followup"), responsible=(responsible or "").strip(),
        created_by_id=actor.id,
    )
    session.add(rec)
    session.flush()
    audit.record(session, actor, "wbs.recommendation_add", rec,
                 report=report.number if report is not None else None)
    return rec


def update_followup(
    session: Session, cipher: WbsCipher, rec: WbsRecommendation, actor: User, *, status: str, note: str,
    on: date | None = None,
) -> WbsRecommendation:
    if status not in FOLLOWUP_STATUSES:
        raise DomainError("Status tindak lanjut tidak dikenal.")
    note = _clean_text(note, MESSAGE_LIMIT, _l("Tindak lanjut"))
    if status != "belum" and not note:
        raise DomainError("Uraikan tindak lanjut yang telah dilakukan.")
    on = on or local_today()
    if on < rec.issued_on:
        raise DomainError("Tanggal tindak lanjut tidak boleh sebelum tanggal rekomendasi.")
    old = rec.followup_status
    rec.followup_status = status
    rec.followup_enc = cipher.encrypt(note, "recommendation.followup")
    rec.followup_on = on
    audit.record(session, actor, "wbs.followup_update", rec, from_status=old, to_status=status)
    return rec


def recommendation_text(cipher: WbsCipher, rec: WbsRecommendation) -> tuple[str, str]:
    return reveal(cipher, rec.text_enc, "recommendation.text"), reveal(cipher, rec.followup_enc,
                                                                       "recommendation.followup")


# --- inbox --------------------------------------------------------------------------------------------

def current_due() -> ColumnElement:
    """The due date that applies now: verification while received, resolution afterwards."""
    return CLOCK.current_due()


def overdue_clause(window: DueWindow) -> ColumnElement[bool]:
    return CLOCK.overdue(window)


def nearly_due_clause(window: DueWindow) -> ColumnElement[bool]:
    return CLOCK.nearly_due(window)


def due_state(window: DueWindow, report: WbsReport) -> str:
    """'overdue', 'nearly_due' or '' for one loaded report (same rule as the SQL clauses)."""
    return CLOCK.state(window, report)


def due_window(session: Session, nearly_due_days: int, on: date | None = None) -> DueWindow:
    return CLOCK.window(session, nearly_due_days, on)


def inbox_query(*, status: str = "", category: str = "", mine: User | None = None, unread: bool = False,
                due: str = "", window: DueWindow | None = None):
    """`due` = "terlambat" (overdue) or "segera" (nearly due), evaluated in SQL against `window`."""
    query = select(WbsReport).where(WbsReport.purged_on.is_(None))
    if window is not None and due == "terlambat":
        query = query.where(overdue_clause(window))
    elif window is not None and due == "segera":
        query = query.where(nearly_due_clause(window))
    if status == "terbuka":
        query = query.where(WbsReport.status.not_in(WBS_CLOSED_STATUSES))
    elif status in WBS_STATUSES:
        query = query.where(WbsReport.status == status)
    if category in WBS_CATEGORIES:
        query = query.where(WbsReport.category == category)
    if mine is not None:
        query = query.where(WbsReport.assigned_to_id == mine.id)
    if unread:
        query = query.where(WbsReport.unread.is_(True))
    return query.order_by(WbsReport.unread.desc(), WbsReport.last_activity_on.desc(), WbsReport.id.desc())


# --- what the team reads: every read is audited here, so no view can forget it ------------------------

Paginate = Callable[[Select], Any]  # the view's paginator (e.g. db.paginate), given the query


@dataclass
class CaseRead:
    """A case as the team sees it, decrypted."""

    text: ReportText
    entries: list[ThreadEntry]
    own_files: list[tuple[WbsAttachment, str]]  # the reporter's files sent with the report
    recommendations: list[tuple[WbsRecommendation, str, str]]  # (row, text, follow-up)


def read_case(session: Session, cipher: WbsCipher, report: WbsReport, actor: User, *,
              opened: bool = False) -> CaseRead:
    """Decrypt a case for a team member, audited ("wbs.view"). `opened`: the case page itself was opened,
    so nothing in it is unread any more (a form shown again after an error does not count)."""
    if opened:
        report.unread = False
    audit.record(session, actor, "wbs.view", report, number=report.number)
    return CaseRead(
        text=report_text(cipher, report),
        entries=thread(cipher, report, for_reporter=False),
        own_files=[(a, attachment_name(cipher, a)) for a in report.attachments if a.message_id is None],
        recommendations=[(rec, *recommendation_text(cipher, rec)) for rec in report.recommendations],
    )


def read_attachment_for_team(session: Session, cipher: WbsCipher, upload_folder: str,
                             attachment: WbsAttachment, actor: User) -> tuple[bytes, str]:
    """A file's bytes and its shown name (`lampiran-N.<ext>`) for a team member, audited ("wbs.download")."""
    data = read_attachment(cipher, upload_folder, attachment)
    audit.record(session, actor, "wbs.download", attachment, report=attachment.report.number)
    return data, attachment_name(cipher, attachment)


def read_inbox(session: Session, actor: User, paginate: Paginate, *, status: str = "", category: str = "",
               mine: bool = False, unread: bool = False, due: str = "", window: DueWindow | None = None):
    """One page of the inbox (no report text), audited ("wbs.inbox", with the filters and the page)."""
    page = paginate(inbox_query(status=status, category=category, mine=actor if mine else None, unread=unread,
                                due=due, window=window))
    audit.record(session, actor, "wbs.inbox", object_type="wbs_reports", status=status,
                 category=category or None, due=due or None, page=page.page)
    return page


def read_recommendations(session: Session, cipher: WbsCipher, actor: User, paginate: Paginate, *,
                         status: str = "") -> tuple[Any, list[tuple[WbsRecommendation, str, str]]]:
    """One page of recommendations, decrypted, audited ("wbs.recommendations_view")."""
    query = select(WbsRecommendation).order_by(WbsRecommendation.issued_on.desc(),
                                               WbsRecommendation.id.desc())
    if status in FOLLOWUP_STATUSES:
        query = query.where(WbsRecommendation.followup_status == status)
    page = paginate(query)
    rows = [(rec, *recommendation_text(cipher, rec)) for rec in page.items]
    audit.record(session, actor, "wbs.recommendations_view", object_type="wbs_recommendations",
                 page=page.page)
    return page, rows


@dataclass
class QuarterReport:
    year: int
    quarter: int
    key: str
    counts: dict
    rows: list[RecapRow]


def read_quarter(session: Session, cipher: WbsCipher, actor: User, year: int, quarter: int, *,
                 export: str | None = None) -> QuarterReport:
    """The quarterly report (counts and the decrypted follow-up table), audited: "wbs.quarterly_view", or
    "wbs.export" with the format when it is read to be exported. DomainError for a quarter that is none."""
    key = wbs_quarter(year, quarter).key
    counts = wbs_quarterly_counts(session, year, quarter)
    rows = followup_recap(session, cipher, year, quarter)
    if export:
        audit.record(session, actor, "wbs.export", object_type="wbs_reports", object_id=key, format=export,
                     rows=len(rows))
    else:
        audit.record(session, actor, "wbs.quarterly_view", object_type="wbs_reports", object_id=key)
    return QuarterReport(year, quarter, key, counts, rows)


def published_snapshot(session: Session, key: str):
    """The RecapSnapshot published for a quarter (period key), or None."""
    from portal.recap.models import RecapSnapshot

    return session.scalar(select(RecapSnapshot).where(RecapSnapshot.kind == RECAP_KIND,
                                                      RecapSnapshot.period_key == key))


# --- quarterly recap (evaluasi per triwulan) ------------------------------------------------------------

def wbs_quarter(year: int, quarter: int) -> Period:
    """The triwulan (portal.core.periods); DomainError with the WBS message when it does not exist."""
    try:
        return periods.quarter_period(year, quarter)
    except DomainError:
        raise DomainError("Periode triwulan tidak valid.") from None


def wbs_quarterly_counts(session: Session, year: int, quarter: int) -> dict:
    """Counts of reports received in the quarter, category x current status. Numbers only, no text:
    safe to publish (the /rekap page). Categories and statuses always all present (zeros included)."""
    period = wbs_quarter(year, quarter)
    start, end = period.start, period.end
    rows = session.execute(
        select(WbsReport.category, WbsReport.status, func.count(WbsReport.id))
        .where(WbsReport.received_on >= start, WbsReport.received_on <= end)
        .group_by(WbsReport.category, WbsReport.status)
    ).all()
    matrix = {c: {s: 0 for s in WBS_STATUSES} for c in WBS_CATEGORIES}
    for category, status, count in rows:
        if category in matrix and status in matrix[category]:
            matrix[category][status] = int(count)
    by_status = {s: sum(matrix[c][s] for c in matrix) for s in WBS_STATUSES}
    by_category = {c: sum(matrix[c].values()) for c in matrix}
    recs = session.execute(
        select(WbsRecommendation.followup_status, func.count(WbsRecommendation.id))
        .where(WbsRecommendation.issued_on >= start, WbsRecommendation.issued_on <= end)
        .group_by(WbsRecommendation.followup_status)
    ).all()
    rec_counts = {s: 0 for s in FOLLOWUP_STATUSES}
    for status, count in recs:
        if status in rec_counts:
            rec_counts[status] = int(count)
    rec_total = sum(rec_counts.values())
    return {
        "year": year, "quarter": quarter, "start": start.isoformat(), "end": end.isoformat(),
        "matrix": matrix, "by_status": by_status, "by_category": by_category,
        "total": sum(by_category.values()),
        "recommendations": rec_counts, "recommendations_total": rec_total,
        "followup_percent": round(100 * rec_counts["selesai"] / rec_total, 1) if rec_total else None,
    }


@dataclass
class RecapRow:
    number: str
    category: str
    received_on: date | None
    status: str
    issued_by: str
    issued_on: date
    recommendation: str
    responsible: str
    due_on: date | None
    followup: str
    followup_status: str
    followup_on: date | None


def followup_recap(session: Session, cipher: WbsCipher, year: int, quarter: int) -> list[RecapRow]:
    """Tabel rekapitulasi tindak lanjut: recommendations issued in the quarter, plus older ones still
    not finished at its end (they are carried over until they are)."""
    period = wbs_quarter(year, quarter)
    start, end = period.start, period.end
    recs = session.scalars(
        select(WbsRecommendation)
        .where(or_(
            and_(WbsRecommendation.issued_on >= start, WbsRecommendation.issued_on <= end),
            and_(WbsRecommendation.issued_on < start, or_(
                WbsRecommendation.followup_status != "selesai", WbsRecommendation.followup_on > end,
                WbsRecommendation.followup_on.is_(None))),
        ))
        .order_by(WbsRecommendation.issued_on, WbsRecommendation.id)
    ).all()
    rows = []
    for rec in recs:
        text, followup = recommendation_text(cipher, rec)
        report = rec.report
        rows.append(RecapRow(
            number=report.number if report else gettext("Evaluasi penerapan WBS"),
            category=str(WBS_CATEGORIES.get(report.category, report.category)) if report else "-",
            received_on=report.received_on if report else None,
            status=str(WBS_STATUSES.get(report.status, report.status)) if report else "-",
            issued_by=rec.issued_by, issued_on=rec.issued_on, recommendation=text,
            responsible=rec.responsible,
            due_on=rec.due_on, followup=followup,
            followup_status=str(FOLLOWUP_STATUSES.get(rec.followup_status, rec.followup_status)),
            followup_on=rec.followup_on,
        ))
    return rows


# --- retention ------------------------------------------------------------------------------------------

def purge_closed(session: Session, upload_folder: str, *, older_than_days: int, today: date | None = None,
                 actor: User | None = None) -> int:
    """Wipe the content of reports closed more than `older_than_days` days ago.

    Messages, attachments (rows and ciphertext files) and every encrypted field are removed, and the
    receipt hash is replaced by a random value so the receipt opens nothing. Category, status and days
    stay, so past quarterly counts do not change. Linked recommendations lose their text too.
    """
    if older_than_days < 0:
        raise DomainError("Jumlah hari tidak boleh negatif.")
    today = today or local_today()
    cutoff = today - timedelta(days=older_than_days)
    reports = session.scalars(
        select(WbsReport).where(
            WbsReport.status.in_(WBS_CLOSED_STATUSES), WbsReport.closed_on.is_not(None),
            WbsReport.closed_on < cutoff, WbsReport.purged_on.is_(None),
        )
    ).all()
    if reports and session.get_bind().dialect.name == "sqlite":
        # SQLite then overwrites the deleted rows (the ciphertext blobs) with zeros instead of leaving
        # them in free pages of the file. PostgreSQL reclaims dead rows at (auto)VACUUM.
        session.execute(text("PRAGMA secure_delete = ON"))
    files: list[str] = []  # legacy ciphertext files only (rows from before migration 0004)
    wiped = 0
    for report in reports:
        files += [a.stored_name for a in report.attachments if a.stored_name]
        wiped += len(report.attachments)
        report.attachments.clear()
        report.entries.clear()
        for name in ("what_enc", "who_enc", "where_enc", "when_enc", "how_enc", "contact_enc", "outcome_enc"):
            setattr(report, name, "")
        report.receipt_hash = "purged-" + secrets.token_hex(28)
        report.purged_on = today
        for rec in report.recommendations:
            rec.text_enc = ""
            rec.followup_enc = ""
        audit.record(session, actor, "wbs.purge", report, number=report.number, closed_on=report.closed_on)
    session.flush()
    session.info.setdefault("wbs_files_to_delete", []).extend(files)
    session.info["wbs_attachments_purged"] = session.info.get("wbs_attachments_purged", 0) + wiped
    return len(reports)


def delete_purged_files(session: Session, upload_folder: str) -> int:
    """Call after the purge is committed: remove the legacy ciphertext files of purged reports (the
    attachments kept in the database went with their rows)."""
    names = session.info.pop("wbs_files_to_delete", [])
    _remove_legacy_files(upload_folder, names)
    return len(names)


# --- publishing aggregate counts (/rekap) ---------------------------------------------------------------

RECAP_KIND = "wbs"


def publish_quarter(session: Session, actor: User, year: int, quarter: int):
    """Freeze the quarter's counts (numbers only, no text) as a RecapSnapshot of kind `wbs` for /rekap.
    Publishing the same quarter again replaces the figures and the date. Audited."""
    import json

    from portal.core.models.base import utcnow
    from portal.recap.models import RecapSnapshot

    counts = wbs_quarterly_counts(session, year, quarter)
    period = wbs_quarter(year, quarter)
    key = period.key
    snapshot = session.scalar(select(RecapSnapshot).where(RecapSnapshot.kind == RECAP_KIND,
                                                          RecapSnapshot.period_key == key))
    if snapshot is None:
        snapshot = RecapSnapshot(kind=RECAP_KIND, period_type=period.type, period_key=key,
                                 period_start=period.start, period_end=period.end, data="")
        session.add(snapshot)
    snapshot.data = json.dumps(counts, sort_keys=True)
    snapshot.published_at = utcnow()
    snapshot.published_by_id = actor.id
    session.flush()
    audit.record(session, actor, "wbs.recap_publish", snapshot, period=key, total=counts["total"])
    return snapshot


def published_quarters(session: Session, limit: int = 8) -> list[tuple[object, dict]]:
    import json

    from portal.recap.models import RecapSnapshot

    rows = session.scalars(select(RecapSnapshot).where(RecapSnapshot.kind == RECAP_KIND)
                           .order_by(RecapSnapshot.period_end.desc()).limit(limit)).all()
    return [(row, json.loads(row.data)) for row in rows]
