"""Objections (keberatan, UU 14/2008 Pasal 35-37) on the case engine (portal/core/cases.py). Request-free.

An objection is filed by the applicant against one request (from the tracking page, number + access code),
on one Pasal 35 ayat (1) ground a-g, with the day the ground arose and the applicant's account (kasus
posisi, Penjelasan Pasal 35 ayat 1). Rules:

- filed at most PPID_OBJECTION_FILING_DAYS (30) working days after the ground arose (Pasal 36 ayat 1);
- the ground must fit the request: a (refusal under Pasal 17) only when the request was refused or granted
  in part; c (not answered) only while it is undecided past its deadline; g (answered late) only when the
  notice came after the deadline; d, e, f only once a decision exists (f: only when a cost was charged);
- one open objection per request at a time.

diajukan -> dijawab (closed): the atasan PPID answers within PPID_OBJECTION_ANSWER_DAYS (30) working days
of filing (Pasal 36 ayat 2): `diterima` (the objection is upheld: the PPID must give the information) or
`ditolak` (the PPID's decision is upheld: written reasons are mandatory, Pasal 36 ayat 3).

Then, if the applicant takes it to the Komisi Informasi (within PPID_DISPUTE_DAYS (14) working days of the
answer, Pasal 37 ayat 2), staff record the dispute and later its result. A dispute filed late is recorded
all the same (the Komisi decides whether it admits it) and shown as late.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from portal.core import audit, clock
from portal.core.cases import CaseClock, Move, Stamps, State, Workflow, max_length
from portal.core.errors import DomainError
from portal.core.workdays import due_date, local_date
from portal.ppid import mail
from portal.ppid.models import (
    DISPUTE_RESULTS,
    OBJECTION_GROUNDS,
    OBJECTION_OUTCOMES,
    InfoRequest,
    InfoRequestEvent,
    Objection,
)
from portal.ppid.workflow import Deadlines

log = logging.getLogger("portal.ppid")

# UU 14/2008 Pasal 35 ayat (1), in the words of the law.
GROUND_LABELS: dict[str, Any] = {
    "a": _l("penolakan atas permintaan informasi berdasarkan alasan pengecualian sebagaimana dimaksud "
            "dalam Pasal 17"),
    "b": _l("tidak disediakannya informasi berkala sebagaimana dimaksud dalam Pasal 9"),
    "c": _l("tidak ditanggapinya permintaan informasi"),
    "d": _l("permintaan informasi ditanggapi tidak sebagaimana yang diminta"),
    "e": _l("tidak dipenuhinya permintaan informasi"),
    "f": _l("pengenaan biaya yang tidak wajar"),
    "g": _l("penyampaian informasi yang melebihi waktu yang diatur dalam Undang-Undang ini"),
}
OUTCOME_LABELS: dict[str, Any] = {
    "diterima": _l("Keberatan diterima: PPID wajib memberikan informasi"),
    "ditolak": _l("Keberatan ditolak: putusan PPID dikuatkan"),
}
DISPUTE_RESULT_LABELS: dict[str, Any] = {
    "dikabulkan": _l("Dikabulkan"),
    "dikabulkan_sebagian": _l("Dikabulkan sebagian"),
    "ditolak": _l("Ditolak"),
    "mediasi": _l("Selesai melalui mediasi"),
    "dicabut": _l("Dicabut pemohon"),
    "gugur": _l("Gugur"),
}
assert set(GROUND_LABELS) == set(OBJECTION_GROUNDS)
assert set(OUTCOME_LABELS) == set(OBJECTION_OUTCOMES) and set(DISPUTE_RESULT_LABELS) == set(DISPUTE_RESULTS)

REASONS_MIN = 10
REASONS_MAX = 5000
ANSWER_MAX = 5000
REGISTER_MAX = 80
NOTE_MAX = 2000
DECIDED = ("dikabulkan", "dikabulkan_sebagian", "ditolak", "tidak_dikuasai")
# the decision day of the request is when these grounds arise
DECISION_GROUNDS = ("a", "d", "e", "f")
# these arise the working day after the deadline passed
DEADLINE_GROUNDS = ("c", "g")

STATES: dict[str, State] = {
    "diajukan": State(_l("Diajukan")),
    "dijawab": State(_l("Dijawab"), closed=True),
}
STATUSES: dict[str, Any] = {code: state.label for code, state in STATES.items()}


# --- the answer, on the case engine ------------------------------------------------------------------------

def _outcome(move: Move) -> None:
    if move.get("outcome") not in OBJECTION_OUTCOMES:
        raise DomainError("Pilih keputusan atasan PPID atas keberatan.")


def _reasons_when_upheld(move: Move) -> None:
    """Pasal 36 ayat (3): when the atasan upholds the PPID's decision, written reasons go with the answer."""
    if move.get("outcome") == "ditolak" and not move.text("answer"):
        raise DomainError("Alasan tertulis wajib disertakan bila atasan PPID menguatkan putusan PPID "
                          "(UU 14/2008 Pasal 36 ayat 3).")


def _answer(move: Move) -> None:
    objection = move.case
    objection.outcome = move.get("outcome")
    objection.answer = move.text("answer")
    objection.answered_by_id = getattr(move.actor, "id", None)


def _on_time(move: Move) -> None:
    objection = move.case
    objection.answered_on_time = objection.answer_due is None or move.day <= objection.answer_due


def _log(move: Move) -> InfoRequestEvent:
    objection = move.case
    request = objection.request
    event = InfoRequestEvent(
        request=request, at=move.at, actor_id=getattr(move.actor, "id", None), from_status=request.status,
        to_status=request.status, public_note=move.notice)
    move.session.add(event)
    audit.record(move.session, move.actor, "ppid.objection.answer", objection, number=request.number,
                 kind=objection.outcome, on_time=objection.answered_on_time)
    return event


WORKFLOW = Workflow(
    states=STATES,
    transitions={"diajukan": ("dijawab",), "dijawab": ()},
    checks=(max_length("answer", ANSWER_MAX, "Teks terlalu panjang (paling banyak %(n)s karakter)."),),
    requires={"dijawab": (_outcome, _reasons_when_upheld)},
    effects={"dijawab": (_answer,)},
    on_close=(_on_time,),
    # stored in the office's language (the request's trail is a record)
    notices={"dijawab": lambda move: (
        "Keberatan dijawab atasan PPID: "
        + ("keberatan diterima." if move.case.outcome == "diterima" else "putusan PPID dikuatkan.")
        + (" " + move.case.answer if move.case.answer else ""))},
    log=_log,
    stamps=Stamps(closed="answered_at"),
)
CLOCK = CaseClock(Objection, WORKFLOW, default="answer_due")


# --- filing ------------------------------------------------------------------------------------------------

def open_objection(request: InfoRequest) -> Objection | None:
    return next((o for o in request.objections if WORKFLOW.is_open(o)), None)


def _decision_day(request: InfoRequest) -> date | None:
    return local_date(request.closed_at) if request.closed_at is not None else None


def _deadline_passed_day(session: Session, request: InfoRequest) -> date | None:
    """The working day after the deadline that applied (the day "not answered" / "late" arises)."""
    return due_date(session, request.due, 1) if request.due is not None else None


def ground_fits(session: Session, request: InfoRequest, ground: str, today: date) -> bool:
    """Whether `ground` can be raised against `request` in its present state."""
    return _ground_error(session, request, ground, today) is None


def _ground_error(session: Session, request: InfoRequest, ground: str, today: date) -> DomainError | None:
    decided = request.status in DECIDED
    if ground == "a" and request.status not in ("ditolak", "dikabulkan_sebagian"):
        return DomainError("Alasan huruf a hanya untuk permohonan yang ditolak atau dikabulkan sebagian "
                           "berdasarkan pengecualian Pasal 17.")
    if ground == "c":
        passed = _deadline_passed_day(session, request)
        if decided or passed is None or today < passed:
            return DomainError("Alasan huruf c hanya untuk permohonan yang belum ditanggapi setelah batas "
                               "waktunya lewat.")
    if ground == "g" and not (decided and request.answered_on_time is False):
        return DomainError("Alasan huruf g hanya untuk permohonan yang ditanggapi melewati batas waktu.")
    if ground in ("d", "e", "f") and not decided:
        return DomainError("Alasan ini baru dapat diajukan setelah permohonan ditanggapi.")
    if ground == "f" and not request.cost:
        return DomainError("Alasan huruf f hanya untuk permohonan yang dikenai biaya.")
    return None


def default_arose_on(session: Session, request: InfoRequest, ground: str, today: date) -> date:
    """A sensible day the ground arose: the decision day for a, d, e, f; the working day after the deadline
    for c and g; otherwise (b) today. Never after today, never before the request was received."""
    day: date | None = None
    if ground in DECISION_GROUNDS:
        day = _decision_day(request)
    elif ground in DEADLINE_GROUNDS:
        day = _deadline_passed_day(session, request)
    day = min(day or today, today)
    return max(day, local_date(request.received_at))


def default_days(session: Session, request: InfoRequest, today: date) -> dict[str, date]:
    """ground -> its default day, for the grounds that fit the request now (the form shows them)."""
    return {ground: default_arose_on(session, request, ground, today)
            for ground in OBJECTION_GROUNDS if ground_fits(session, request, ground, today)}


def filing_deadline(session: Session, arose_on: date, deadlines: Deadlines) -> date:
    return due_date(session, arose_on, deadlines.objection_filing)


@dataclass(frozen=True)
class Filing:
    ground: str
    reasons: str
    arose_on: date | None = None  # None: the default for the ground


def file_objection(session: Session, request: InfoRequest, filing: Filing, deadlines: Deadlines, *,
                   today: date | None = None, at: datetime | None = None) -> Objection:
    """File an objection against `request` (DomainError, nothing written, when a rule is broken)."""
    moment = at or clock.utcnow()
    today = today or clock.local_date(moment)
    ground = (filing.ground or "").strip()
    if ground not in OBJECTION_GROUNDS:
        raise DomainError("Pilih alasan keberatan (Pasal 35 ayat 1 huruf a sampai g).")
    reasons = (filing.reasons or "").strip()
    if len(reasons) < REASONS_MIN:
        raise DomainError("Uraikan kasus posisi keberatan Anda (paling sedikit %(n)s karakter).",
                          n=REASONS_MIN)
    if len(reasons) > REASONS_MAX:
        raise DomainError("Teks terlalu panjang (paling banyak %(n)s karakter).", n=REASONS_MAX)
    if open_objection(request) is not None:
        raise DomainError("Permohonan ini masih memiliki keberatan yang belum dijawab. Keberatan baru dapat "
                          "diajukan setelah keberatan itu dijawab.")
    error = _ground_error(session, request, ground, today)
    if error is not None:
        raise error
    received = local_date(request.received_at)
    arose_on = filing.arose_on or default_arose_on(session, request, ground, today)
    if arose_on > today:
        raise DomainError("Tanggal alasan keberatan ditemukan tidak boleh setelah hari ini.")
    if arose_on < received:
        raise DomainError("Tanggal alasan keberatan ditemukan tidak boleh sebelum permohonan diterima "
                          "(%(day)s).", day=received.isoformat())
    last_day = filing_deadline(session, arose_on, deadlines)
    if today > last_day:
        raise DomainError("Keberatan diajukan paling lambat %(n)s hari kerja setelah alasan keberatan "
                          "ditemukan (UU 14/2008 Pasal 36 ayat 1). Alasan ini ditemukan pada %(day)s, batas "
                          "waktunya %(last)s sudah lewat.", n=deadlines.objection_filing,
                          day=arose_on.isoformat(), last=last_day.isoformat())
    objection = Objection(request=request, ground=ground, reasons=reasons, ground_arose_on=arose_on,
                          filed_at=moment, answer_due=due_date(session, today, deadlines.objection_answer),
                          status="diajukan")
    session.add(objection)
    session.add(InfoRequestEvent(request=request, at=moment, actor_id=None, from_status=request.status,
                                 to_status=request.status,
                                 public_note="Keberatan diajukan (Pasal 35 ayat 1 huruf " + ground + ")."))
    session.flush()
    return objection


# --- the answer and the dispute (staff) --------------------------------------------------------------------

def answer(session: Session, objection: Objection, actor: Any, *, outcome: str, text: str,
           at: datetime | None = None) -> Move:
    """The atasan PPID's answer (closes the objection). The caller checks the role."""
    return WORKFLOW.transition(session, objection, "dijawab", actor, at=at, outcome=outcome, answer=text)


def dispute_window_start(objection: Objection) -> date | None:
    """The day the 14 working days run from: the answer's day; without an answer, the answer's due day
    (the applicant may go to the Komisi once the atasan's 30 days have lapsed)."""
    if objection.answered_at is not None:
        return local_date(objection.answered_at)
    return objection.answer_due


def dispute_deadline(session: Session, objection: Objection, deadlines: Deadlines) -> date | None:
    start = dispute_window_start(objection)
    return due_date(session, start, deadlines.dispute) if start is not None else None


def dispute_late(session: Session, objection: Objection, deadlines: Deadlines) -> bool:
    """The dispute was filed at the Komisi after the 14 working days (recorded all the same)."""
    if objection.dispute_filed_on is None:
        return False
    last = dispute_deadline(session, objection, deadlines)
    return last is not None and objection.dispute_filed_on > last


@dataclass(frozen=True)
class DisputeRecord:
    filed_on: date | None
    register: str = ""
    result: str = ""
    decided_on: date | None = None
    note: str = ""


def can_record_dispute(objection: Objection, today: date) -> bool:
    """Once the atasan answered, or once the answer is overdue."""
    due = objection.answer_due
    return objection.status == "dijawab" or (due is not None and today > due)


def _check_dispute(objection: Objection, record: DisputeRecord, today: date) -> None:
    if not can_record_dispute(objection, today):
        raise DomainError("Sengketa ke Komisi Informasi dicatat setelah atasan PPID menjawab keberatan atau "
                          "setelah batas waktu jawabannya lewat.")
    if record.filed_on is None:
        raise DomainError("Isi tanggal permohonan penyelesaian sengketa diajukan ke Komisi Informasi.")
    if record.filed_on > today:
        raise DomainError("Tanggal pengajuan sengketa tidak boleh setelah hari ini.")
    filed_day = local_date(objection.filed_at)
    if record.filed_on < filed_day:
        raise DomainError("Tanggal pengajuan sengketa tidak boleh sebelum keberatan diajukan (%(day)s).",
                          day=filed_day.isoformat())
    if len(record.register.strip()) > REGISTER_MAX:
        raise DomainError("Nomor register terlalu panjang (paling banyak %(n)s karakter).", n=REGISTER_MAX)
    if len(record.note.strip()) > NOTE_MAX:
        raise DomainError("Teks terlalu panjang (paling banyak %(n)s karakter).", n=NOTE_MAX)
    _check_result(record, today)


def _check_result(record: DisputeRecord, today: date) -> None:
    result = (record.result or "").strip()
    if result and result not in DISPUTE_RESULTS:
        raise DomainError("Hasil sengketa tidak dikenal.")
    if result and record.decided_on is None:
        raise DomainError("Isi tanggal putusan atau hasil sengketa.")
    if record.decided_on is None:
        return
    if not result:
        raise DomainError("Pilih hasil sengketa untuk tanggal putusan itu.")
    if record.decided_on > today:
        raise DomainError("Tanggal putusan sengketa tidak boleh setelah hari ini.")
    if record.filed_on is not None and record.decided_on < record.filed_on:
        raise DomainError("Tanggal putusan sengketa tidak boleh sebelum sengketa diajukan.")


def record_dispute(session: Session, objection: Objection, actor: Any, record: DisputeRecord,
                   deadlines: Deadlines, *, today: date | None = None) -> Objection:
    """Record (or correct) the dispute at the Komisi Informasi and, once decided, its result."""
    today = today or clock.today()
    _check_dispute(objection, record, today)
    register, note, result = record.register.strip(), record.note.strip(), (record.result or "").strip()
    had_result = bool(objection.dispute_result)
    objection.dispute_filed_on = record.filed_on
    objection.dispute_register = register
    objection.dispute_result = result
    objection.dispute_decided_on = record.decided_on
    objection.dispute_note = note
    detail = {"number": objection.request.number, "filed_on": record.filed_on, "kind": result or None,
              "decided_on": record.decided_on, "late": dispute_late(session, objection, deadlines)}
    if result and not had_result:
        audit.record(session, actor, "ppid.objection.dispute_result", objection, **detail)
    else:
        audit.record(session, actor, "ppid.objection.dispute", objection, **detail)
    return objection


# --- what the applicant and staff read ---------------------------------------------------------------------

def public_view(session: Session, objection: Objection, deadlines: Deadlines) -> dict[str, Any]:
    """One objection as the tracking page shows it (ppid/_objections.html); labels translated when read."""
    return {
        "id": objection.id,
        "ground": objection.ground,
        "ground_label": GROUND_LABELS.get(objection.ground, objection.ground),
        "reasons": objection.reasons,
        "arose_on": objection.ground_arose_on,
        "filed_at": objection.filed_at,
        "answer_due": objection.answer_due,
        "status": objection.status,
        "status_label": STATUSES.get(objection.status, objection.status),
        "outcome": objection.outcome,
        "outcome_label": OUTCOME_LABELS.get(objection.outcome, "") if objection.outcome else "",
        "answer": objection.answer,
        "answered_at": objection.answered_at,
        "answered_on_time": objection.answered_on_time,
        "dispute_deadline": (dispute_deadline(session, objection, deadlines)
                             if objection.answered_at else None),
        "dispute_filed_on": objection.dispute_filed_on,
        "dispute_register": objection.dispute_register,
        "dispute_result": objection.dispute_result,
        "dispute_result_label": DISPUTE_RESULT_LABELS.get(objection.dispute_result, "")
        if objection.dispute_result else "",
        "dispute_decided_on": objection.dispute_decided_on,
        "dispute_late": dispute_late(session, objection, deadlines),
        "dispute_days": deadlines.dispute,
    }


def public_views(session: Session, request: InfoRequest, deadlines: Deadlines) -> list[dict[str, Any]]:
    return [public_view(session, o, deadlines) for o in request.objections]


# --- the staff list ----------------------------------------------------------------------------------------

DUE_FILTERS = ("segera", "terlambat")
PER_PAGE = 25


@dataclass(frozen=True)
class InboxFilters:
    status: str = ""  # "" | diajukan | dijawab
    due: str = ""  # "" | segera | terlambat
    search: str = ""  # request number

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> InboxFilters:
        status = args.get("status", "")
        due = args.get("tenggat", "")
        search = (args.get("cari", "") or "").strip()[:40]
        return cls(status=status if status in STATES else "", due=due if due in DUE_FILTERS else "",
                   search=search)

    def to_args(self) -> dict[str, str]:
        return {k: v for k, v in (("status", self.status), ("tenggat", self.due), ("cari", self.search)) if v}


def inbox_query(filters: InboxFilters, window) -> Select:
    query = select(Objection).join(Objection.request)
    if filters.status:
        query = query.where(Objection.status == filters.status)
    if filters.due == "terlambat":
        query = query.where(CLOCK.overdue(window))
    elif filters.due == "segera":
        query = query.where(CLOCK.nearly_due(window))
    if filters.search:
        query = query.where(InfoRequest.number.ilike("%" + filters.search.replace("%", "").replace("_", "")
                                                     + "%"))
    # open ones first, the earliest due first; then the answered ones, newest first
    return query.order_by((Objection.status != "diajukan"), Objection.answer_due.asc(),
                          Objection.filed_at.desc(), Objection.id.desc())


def due_counts(session: Session, window) -> dict[str, int]:
    from sqlalchemy import func

    overdue = session.scalar(select(func.count()).select_from(Objection).where(CLOCK.overdue(window))) or 0
    nearly = session.scalar(select(func.count()).select_from(Objection).where(CLOCK.nearly_due(window))) or 0
    return {"terlambat": overdue, "segera": nearly}


# --- mail (portal/ppid/mail.py, written alongside; a no-op until it is there) -------------------------------

def notify(kind: str, config: Mapping[str, Any], objection: Objection, *, tracking_url: str,
           office_name: str) -> bool:
    """`kind` "filed" or "answered": the applicant's e-mail (portal/ppid/mail.py), after the commit.
    Returns whether it was sent. A mail failure never undoes the filing or the answer."""
    send = {"filed": mail.notify_objection_filed, "answered": mail.notify_objection_answered}[kind]
    try:
        return bool(send(config, objection, tracking_url=tracking_url, office_name=office_name))
    except Exception:  # the objection is filed; the mail is a courtesy
        log.exception("PPID objection mail (%s) failed", kind)
        return False
