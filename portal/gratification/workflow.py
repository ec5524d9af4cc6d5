"""The gratification report's workflow on the case engine (portal/core/cases.py) and its clock.

diterima -> diverifikasi -> diteruskan_kpk -> ditetapkan (the KPK's decision: milik negara / milik penerima)
                         -> ditetapkan_upg (the UPG's own decision on a gift outside the reporting duty)
diterima | diverifikasi -> tidak_diproses (not a gratification, a duplicate: with the reason)

The clock counts working days from the day the gift was received (or refused), `received_on`: the reporter
tells the UPG within GRATIFICATION_UPG_DAYS (10 by default, the office's rule; a later report is accepted and
marked late), and the report must be at the KPK within GRATIFICATION_KPK_DAYS (30, UU 20/2001 Pasal 12C
ayat 2). While the case is open before forwarding, the KPK deadline is the one that applies (overdue and
nearly-due marks); once forwarded, the KPK decides and there is no deadline of the office's own.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from portal.core import audit
from portal.core.cases import CaseClock, Move, Stamps, State, Workflow, max_length, required
from portal.core.errors import DomainError
from portal.core.workdays import due_date
from portal.gratification.models import KPK_DECISIONS, UPG_DECISIONS, GratificationEvent, GratificationReport

STATES: dict[str, State] = {
    "diterima": State(_l("Diterima UPG")),
    "diverifikasi": State(_l("Diverifikasi")),
    "diteruskan_kpk": State(_l("Diteruskan ke KPK")),
    "ditetapkan": State(_l("Ditetapkan KPK"), closed=True),
    "ditetapkan_upg": State(_l("Ditetapkan UPG"), closed=True),
    "tidak_diproses": State(_l("Tidak diproses"), closed=True),
}
STATUSES: dict[str, Any] = {code: state.label for code, state in STATES.items()}
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "diterima": ("diverifikasi", "tidak_diproses"),
    "diverifikasi": ("diteruskan_kpk", "ditetapkan_upg", "tidak_diproses"),
    "diteruskan_kpk": ("ditetapkan",),
    "ditetapkan": (),
    "ditetapkan_upg": (),
    "tidak_diproses": (),
}
MAX_TEXT = 5000
RECEIPT_MAX = 64
DECISION_NUMBER_MAX = 100


@dataclass(frozen=True)
class Deadlines:
    """Working days (configurable: GRATIFICATION_* in portal/config.py)."""

    upg: int = 10
    kpk: int = 30
    nearly_due: int = 3

    @classmethod
    def from_config(cls, config) -> Deadlines:
        return cls(upg=config["GRATIFICATION_UPG_DAYS"], kpk=config["GRATIFICATION_KPK_DAYS"],
                   nearly_due=config["GRATIFICATION_NEARLY_DUE_DAYS"])


def set_deadlines(session: Session, report: GratificationReport, deadlines: Deadlines) -> None:
    """Both deadlines from the day of receipt; a report filed after the UPG deadline is marked late."""
    report.upg_due = due_date(session, report.received_on, deadlines.upg)
    report.kpk_due = due_date(session, report.received_on, deadlines.kpk)
    report.filed_late = report.filed_on > report.upg_due


def recompute_open_deadlines(session: Session, deadlines: Deadlines) -> int:
    """After the holiday table changed: the deadlines of open reports counted again (and the late mark of
    a report with them). Returns how many reports changed."""
    changed = 0
    query = select(GratificationReport).where(GratificationReport.status.in_(WORKFLOW.open_states))
    for report in session.scalars(query):
        before = (report.upg_due, report.kpk_due, report.filed_late)
        set_deadlines(session, report, deadlines)
        changed += (report.upg_due, report.kpk_due, report.filed_late) != before
    return changed


def on_calendar_change(deadlines: Deadlines):
    """The `on_change` of portal/core/holidays.py add/delete."""
    return lambda session, day: recompute_open_deadlines(session, deadlines)


# --- what each step requires and does ----------------------------------------------------------------------

def _check_day(move: Move, day: date) -> None:
    """A day of a step: not after today, not before the gift was received."""
    if day > move.day:
        raise DomainError("Tanggal tidak boleh di masa depan.")
    if day < move.case.received_on:
        raise DomainError("Tanggal tidak boleh sebelum tanggal gratifikasi diterima.")


def _forwarding(move: Move) -> None:
    day = move.get("forwarded_on")
    if not isinstance(day, date):
        raise DomainError("Tanggal penyampaian ke KPK wajib diisi.")
    _check_day(move, day)


def _kpk_decision(move: Move) -> None:
    if move.text("decision") not in KPK_DECISIONS:
        raise DomainError("Pilih penetapan KPK: milik negara atau milik penerima.")
    day = move.get("decision_on")
    if not isinstance(day, date):
        raise DomainError("Tanggal penetapan wajib diisi.")
    _check_day(move, day)
    if move.case.forwarded_on and day < move.case.forwarded_on:
        raise DomainError("Tanggal penetapan tidak boleh sebelum tanggal penyampaian ke KPK.")


def _upg_decision(move: Move) -> None:
    if move.text("decision") not in UPG_DECISIONS:
        raise DomainError("Pilih keputusan UPG: milik penerima atau disalurkan ke lembaga sosial.")


def _verify(move: Move) -> None:
    move.case.verified_at = move.at


def _forward(move: Move) -> None:
    report = move.case
    report.forwarded_on = move.get("forwarded_on")
    report.kpk_receipt_number = move.text("kpk_receipt_number")
    report.forwarded_late = report.kpk_due is not None and report.forwarded_on > report.kpk_due


def _decide(by: str):
    def effect(move: Move) -> None:
        report = move.case
        report.decision = move.text("decision")
        report.decided_by = by
        report.decision_on = move.get("decision_on") if by == "kpk" else move.day
        report.decision_number = move.text("decision_number")
        report.decision_reason = move.text("reason")

    return effect


def _not_processed(move: Move) -> None:
    move.case.decision_reason = move.text("reason")


def _log(move: Move) -> GratificationEvent:
    report = move.case
    event = GratificationEvent(report=report, at=move.at, actor_id=move.actor.id, from_status=move.from_state,
                               to_status=move.to_state, public_note=move.notice,
                               internal_note=move.text("internal_note"))
    move.session.add(event)
    audit.record(move.session, move.actor, "gratification.transition", report, number=report.number,
                 from_status=move.from_state, to_status=move.to_state, code=report.decision or None)
    return event


_TEXTS = tuple(max_length(name, MAX_TEXT, "Teks terlalu panjang (paling banyak %(n)s karakter).")
               for name in ("reason", "public_note", "internal_note"))

WORKFLOW = Workflow(
    states=STATES,
    transitions=TRANSITIONS,
    checks=(*_TEXTS,
            max_length("kpk_receipt_number", RECEIPT_MAX,
                       "Nomor tanda terima KPK terlalu panjang (paling banyak %(n)s karakter)."),
            max_length("decision_number", DECISION_NUMBER_MAX,
                       "Nomor keputusan terlalu panjang (paling banyak %(n)s karakter).")),
    requires={
        "diteruskan_kpk": (_forwarding,
                           required("kpk_receipt_number", "Nomor tanda terima KPK wajib diisi.")),
        "ditetapkan": (_kpk_decision,),
        "ditetapkan_upg": (_upg_decision, required("reason", "Alasan keputusan UPG wajib diisi.")),
        "tidak_diproses": (required("reason", "Alasan laporan tidak diproses wajib diisi."),),
    },
    effects={
        "diverifikasi": (_verify,),
        "diteruskan_kpk": (_forward,),
        "ditetapkan": (_decide("kpk"),),
        "ditetapkan_upg": (_decide("upg"),),
        "tidak_diproses": (_not_processed,),
    },
    # stored in the office's language (the trail is a record, not a page)
    notices={
        "diverifikasi": lambda move: "Laporan telah diverifikasi oleh UPG.",
        "diteruskan_kpk": lambda move: "Laporan diteruskan ke KPK.",
        "ditetapkan": lambda move: "KPK telah menetapkan status gratifikasi.",
        "ditetapkan_upg": lambda move: "UPG telah menetapkan status gratifikasi.",
        "tidak_diproses": lambda move: "Laporan tidak diproses: " + move.case.decision_reason,
    },
    log=_log,
    stamps=Stamps(closed="closed_at"),
)

# Which due date applies: the KPK deadline until the report is forwarded; none after.
CLOCK = CaseClock(GratificationReport, WORKFLOW, default="kpk_due", phases={"diteruskan_kpk": "decision_on"})


class StaleStep(DomainError):
    """The step was made for a status the report no longer has (a re-sent POST, a stale page, another UPG
    member's step at the same moment): nothing was written. Wraps the DomainError that says so."""

    def __init__(self, error: DomainError):
        super().__init__(error.msgid, **error.params)


def _stale(report: GratificationReport, status: str) -> StaleStep:
    label = STATES[status].label if status in STATES else status
    return StaleStep(DomainError("Langkah ini tidak dicatat: laporan %(number)s sudah berstatus %(status)s. "
                                 "Pengiriman ulang tidak dicatat lagi.", number=report.number, status=label))


def transition(session: Session, report: GratificationReport, to_status: str, actor: Any, *,
               expected_status: str | None = None, **values: Any) -> Move:
    """Move a report to `to_status` (values: forwarded_on, kpk_receipt_number, decision, decision_on,
    decision_number, reason, public_note, internal_note); DomainError when a rule is broken.

    `expected_status`: the status the step was made for (the form's); when the report has another one, or
    is already in `to_status`, the step is refused with StaleStep. The status is claimed with a conditional
    UPDATE first, so two concurrent steps on the same report cannot both pass (the second waits on the row
    and finds it changed): one move, one entry in the trail."""
    if not actor.has_role("upg"):
        raise DomainError("Hanya UPG yang dapat menindaklanjuti laporan gratifikasi.")
    current = report.status
    if to_status == current or (expected_status is not None and expected_status != current):
        raise _stale(report, current)
    claimed = session.execute(
        update(GratificationReport)
        .where(GratificationReport.id == report.id, GratificationReport.status == current)
        .values(status=current)
        .execution_options(synchronize_session=False)).rowcount
    if claimed != 1:
        session.refresh(report, ["status"])
        raise _stale(report, report.status)
    return WORKFLOW.transition(session, report, to_status, actor, **values)


def add_note(session: Session, report: GratificationReport, actor: Any, *, public_note: str = "",
             internal_note: str = "") -> GratificationEvent:
    """A note without a status change (UPG only)."""
    if not actor.has_role("upg"):
        raise DomainError("Hanya UPG yang dapat menindaklanjuti laporan gratifikasi.")
    public_note, internal_note = public_note.strip(), internal_note.strip()
    if not public_note and not internal_note:
        raise DomainError("Isi catatan untuk pelapor atau catatan internal.")
    if max(len(public_note), len(internal_note)) > MAX_TEXT:
        raise DomainError("Teks terlalu panjang (paling banyak %(n)s karakter).", n=MAX_TEXT)
    event = GratificationEvent(report=report, actor_id=actor.id, from_status=report.status,
                               to_status=report.status, public_note=public_note, internal_note=internal_note)
    session.add(event)
    audit.record(session, actor, "gratification.note", report, number=report.number,
                 public=bool(public_note), internal=bool(internal_note))
    return event
