"""The information request's workflow on the case engine (portal/core/cases.py) and its clock.

diterima -> (diperpanjang ->) one decision: dikabulkan (granted in full), dikabulkan_sebagian (granted in
part: what is blacked out and why, with the Pasal 17 ground), ditolak (refused: the Pasal 17 ground taken from
the Daftar Informasi yang Dikecualikan) or tidak_dikuasai (the office does not hold it). The decision is the
written notice (UU 14/2008 Pasal 22 ayat 7): it closes the case, and the clock measures it.

The clock: the notice is due PPID_NOTICE_DAYS working days after receipt (10, Pasal 22 ayat 7); one
extension of at most PPID_EXTENSION_DAYS (7, ayat 8), with written reasons, given before the first deadline
passes, moves the deadline to that many working days after the first one. Working days use the office's
holiday table (portal/core/workdays.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from portal.core import audit
from portal.core.cases import CaseClock, Move, Stamps, State, Workflow, max_length, required
from portal.core.errors import DomainError
from portal.core.workdays import due_date, holidays_between, local_date, working_days_between
from portal.ppid.models import Exemption, InfoRequest, InfoRequestEvent

STATES: dict[str, State] = {
    "diterima": State(_l("Diterima")),
    "diperpanjang": State(_l("Diperpanjang")),
    "dikabulkan": State(_l("Dikabulkan seluruhnya"), closed=True),
    "dikabulkan_sebagian": State(_l("Dikabulkan sebagian"), closed=True),
    "ditolak": State(_l("Ditolak"), closed=True),
    "tidak_dikuasai": State(_l("Informasi tidak dikuasai"), closed=True),
}
STATUSES: dict[str, Any] = {code: state.label for code, state in STATES.items()}
DECISIONS = ("dikabulkan", "dikabulkan_sebagian", "ditolak", "tidak_dikuasai")
GRANTED = ("dikabulkan", "dikabulkan_sebagian")

TRANSITIONS: dict[str, tuple[str, ...]] = {
    "diterima": ("diperpanjang", *DECISIONS),
    "diperpanjang": DECISIONS,
    **{code: () for code in DECISIONS},
}

MAX_TEXT = 5000
MAX_LINE = 120
MAX_COST = 100_000_000  # Rupiah: a copy cost above this is a typing error


@dataclass(frozen=True)
class Deadlines:
    """Working days (UU 14/2008; configurable: PPID_* in portal/config.py)."""

    notice: int = 10
    extension: int = 7
    objection_filing: int = 30
    objection_answer: int = 30
    dispute: int = 14
    nearly_due: int = 2

    @classmethod
    def from_config(cls, config) -> Deadlines:
        return cls(notice=config["PPID_NOTICE_DAYS"], extension=config["PPID_EXTENSION_DAYS"],
                   objection_filing=config["PPID_OBJECTION_FILING_DAYS"],
                   objection_answer=config["PPID_OBJECTION_ANSWER_DAYS"],
                   dispute=config["PPID_DISPUTE_DAYS"], nearly_due=config["PPID_NEARLY_DUE_DAYS"])


def set_initial_deadline(session: Session, request: InfoRequest, deadlines: Deadlines) -> None:
    """The first deadline: `deadlines.notice` working days after the day of receipt."""
    request.notice_due = due_date(session, local_date(request.received_at), deadlines.notice)


def recompute_open_deadlines(session: Session, deadlines: Deadlines) -> int:
    """After the holiday table changed: the deadlines of open requests counted again (an extension keeps
    its length, counted from the new first deadline). Returns how many were changed."""
    from sqlalchemy import select

    changed = 0
    for request in session.scalars(select(InfoRequest).where(InfoRequest.status.in_(WORKFLOW.open_states))):
        before = (request.notice_due, request.extended_due)
        set_initial_deadline(session, request, deadlines)
        if request.extended_at is not None:
            request.extended_due = due_date(session, request.notice_due, deadlines.extension)
        changed += (request.notice_due, request.extended_due) != before
    return changed


# --- what each step requires and does ----------------------------------------------------------------------

def _before_first_deadline(move: Move) -> None:
    due = move.case.notice_due
    if due is not None and move.day > due:
        raise DomainError("Perpanjangan waktu hanya dapat diberikan sebelum tenggat pertama (%(due)s) "
                          "terlewati.", due=due.isoformat())


def _extend(move: Move) -> None:
    request, deadlines = move.case, move.get("deadlines") or Deadlines()
    request.extension_reason = move.text("reason")
    request.extended_at = move.at
    request.extended_due = due_date(move.session, request.notice_due or move.day, deadlines.extension)


def _exemption_ground(move: Move) -> None:
    """Refusing, or blacking out part: the Pasal 17 ground is one of the office's published exemptions."""
    exemption_id = move.get("exemption_id")
    exemption = move.session.get(Exemption, exemption_id) if exemption_id else None
    if exemption is None or not exemption.is_active:
        raise DomainError("Pilih dasar pengecualian (Pasal 17) dari Daftar Informasi yang Dikecualikan.")


def _cost(move: Move) -> None:
    cost = move.get("cost", 0)
    if not isinstance(cost, int) or isinstance(cost, bool) or not 0 <= cost <= MAX_COST:
        raise DomainError("Biaya harus berupa bilangan bulat Rupiah antara 0 dan %(n)s.", n=MAX_COST)


def _decide(move: Move) -> None:
    """The written notice's contents, as given; what does not apply to the decision is cleared."""
    request = move.case
    refusal = move.to_state in ("ditolak", "dikabulkan_sebagian")
    request.exemption_id = move.get("exemption_id") if refusal else None
    request.decision_reason = move.text("reason")
    request.holding_body = move.text("holding_body") if move.to_state == "tidak_dikuasai" else ""
    request.redaction_note = move.text("redaction_note") if move.to_state == "dikabulkan_sebagian" else ""
    granted = move.to_state in GRANTED
    request.answer_format = move.text("answer_format") if granted else ""
    request.cost = move.get("cost", 0) if granted else 0
    request.delivery_note = move.text("delivery_note") if granted else ""
    request.payment_note = move.text("payment_note") if granted and request.cost else ""
    request.notice_text = move.text("notice_text")


def _close(move: Move) -> None:
    """Working days from receipt to the notice, and whether it came by the deadline that applied."""
    request = move.case
    received = local_date(request.received_at)
    request.days_to_answer = working_days_between(received, move.day,
                                                  holidays_between(move.session, received, move.day))
    request.answered_on_time = request.due is None or move.day <= request.due


def _log(move: Move) -> InfoRequestEvent:
    request = move.case
    event = InfoRequestEvent(request=request, at=move.at, actor_id=move.actor.id, from_status=move.from_state,
                             to_status=move.to_state, public_note=move.notice,
                             internal_note=move.text("internal_note"))
    move.session.add(event)
    audit.record(move.session, move.actor, "ppid.request.transition", request, number=request.number,
                 from_status=move.from_state, to_status=move.to_state, exemption_id=request.exemption_id)
    return event


_TEXT_LIMITS = tuple(
    max_length(name, MAX_TEXT, "Teks terlalu panjang (paling banyak %(n)s karakter).")
    for name in ("reason", "redaction_note", "delivery_note", "notice_text", "public_note", "internal_note"))
_LINE_LIMITS = tuple(
    max_length(name, 255, "Teks terlalu panjang (paling banyak %(n)s karakter).")
    for name in ("holding_body", "payment_note"))

WORKFLOW = Workflow(
    states=STATES,
    transitions=TRANSITIONS,
    checks=(*_TEXT_LIMITS, *_LINE_LIMITS,
            max_length("answer_format", MAX_LINE, "Bentuk informasi terlalu panjang (paling banyak %(n)s "
                                                  "karakter).")),
    requires={
        "diperpanjang": (required("reason", "Alasan perpanjangan waktu wajib diisi."),
                         _before_first_deadline),
        "dikabulkan": (required("delivery_note", "Isi cara dan waktu penyampaian informasi."), _cost),
        "dikabulkan_sebagian": (
            _exemption_ground,
            required("redaction_note", "Jelaskan bagian informasi yang dihitamkan dan alasannya."),
            required("delivery_note", "Isi cara dan waktu penyampaian informasi."), _cost),
        "ditolak": (_exemption_ground,
                    required("reason", "Alasan penolakan (akibat bila informasi dibuka) wajib diisi.")),
        "tidak_dikuasai": (required("reason", "Jelaskan mengapa informasi tidak dikuasai dan, bila "
                                              "diketahui, badan publik yang menguasainya."),),
    },
    effects={"diperpanjang": (_extend,), **{code: (_decide,) for code in DECISIONS}},
    on_close=(_close,),
    # stored in the office's language (the trail is a record, not a page)
    notices={
        "diperpanjang": lambda move: "Jangka waktu pemberitahuan diperpanjang: " + move.case.extension_reason,
        "dikabulkan": lambda move: "Permohonan dikabulkan. " + move.case.delivery_note,
        "dikabulkan_sebagian": lambda move: "Permohonan dikabulkan sebagian. " + move.case.redaction_note,
        "ditolak": lambda move: "Permohonan ditolak: " + move.case.decision_reason,
        "tidak_dikuasai": lambda move: "Informasi tidak dikuasai: " + move.case.decision_reason,
    },
    log=_log,
    stamps=Stamps(closed="closed_at"),
)

# Which due date applies: the first deadline, or the extended one once extended.
CLOCK = CaseClock(InfoRequest, WORKFLOW, default="notice_due", phases={"diperpanjang": "extended_due"})


def transition(session: Session, request: InfoRequest, to_status: str, actor: Any, deadlines: Deadlines,
               **values: Any) -> Move:
    """Move a request to `to_status` (values: reason, exemption_id, holding_body, redaction_note,
    answer_format, cost, payment_note, delivery_note, notice_text, public_note, internal_note); DomainError
    when a rule is broken. The decision's values are the written notice (UU 14/2008 Pasal 22 ayat 7 a-g)."""
    return WORKFLOW.transition(session, request, to_status, actor, deadlines=deadlines, **values)


def add_note(session: Session, request: InfoRequest, actor: Any, *, public_note: str = "",
             internal_note: str = "") -> InfoRequestEvent:
    """A note without a status change."""
    public_note, internal_note = public_note.strip(), internal_note.strip()
    if not public_note and not internal_note:
        raise DomainError("Isi catatan publik atau catatan internal.")
    if max(len(public_note), len(internal_note)) > MAX_TEXT:
        raise DomainError("Teks terlalu panjang (paling banyak %(n)s karakter).", n=MAX_TEXT)
    event = InfoRequestEvent(request=request, actor_id=actor.id, from_status=request.status,
                             to_status=request.status, public_note=public_note, internal_note=internal_note)
    session.add(event)
    audit.record(session, actor, "ppid.request.note", request, number=request.number,
                 public=bool(public_note), internal=bool(internal_note))
    return event


def on_calendar_change(deadlines: Deadlines):
    """The `on_change` of portal/core/holidays.py add/delete: a holiday added or removed recounts the
    deadlines of open requests (returns how many changed)."""
    return lambda session, day: recompute_open_deadlines(session, deadlines)
