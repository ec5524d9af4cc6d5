"""The DUMAS case workflow on the case engine (portal/core/cases.py): states, allowed transitions, what
each step requires, deadlines, and the ComplaintFollowUp trail (docs/architecture.md, "The case engine").

diterima -> diverifikasi -> diproses -> selesai, with side exits ditolak and diteruskan. Every
transition is a ComplaintFollowUp row with who and when; Complaint.status mirrors the last one.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from portal.accounts.models import User
from portal.core import audit
from portal.core.cases import CaseClock, Move, Stamps, Workflow, required
from portal.core.errors import DomainError
from portal.core.workdays import due_date, holidays_between, local_date, working_days_between
from portal.dumas.models import KINDS, STATES, Complaint, ComplaintFollowUp

TRANSITIONS: dict[str, tuple[str, ...]] = {
    "diterima": ("diverifikasi", "ditolak", "diteruskan"),
    "diverifikasi": ("diproses", "selesai", "ditolak", "diteruskan"),
    "diproses": ("selesai", "ditolak", "diteruskan"),
    "selesai": (),
    "ditolak": (),
    "diteruskan": (),
}


@dataclass(frozen=True)
class Deadlines:
    """Working days (SP4N-LAPOR! practice, docs/architecture.md); configurable through app config."""

    verify: int = 3
    resolve: dict[str, int] = field(
        default_factory=lambda: {"informasi": 5, "non_pengawasan": 14, "pengawasan": 60})

    @classmethod
    def from_config(cls, config) -> Deadlines:
        return cls(verify=config["DUMAS_VERIFY_DAYS"], resolve=dict(config["DUMAS_RESOLVE_DAYS"]))

    def resolve_days(self, kind: str) -> int:
        return self.resolve.get(kind, self.resolve["non_pengawasan"])


def set_initial_deadlines(session: Session, complaint: Complaint, deadlines: Deadlines) -> None:
    received = local_date(complaint.received_at)
    complaint.verify_due = due_date(session, received, deadlines.verify)
    complaint.resolve_due = due_date(session, complaint.verify_due, deadlines.resolve_days(complaint.kind))


# --- what each step requires and does ----------------------------------------------------------------------

def _has_category(move: Move) -> None:
    if move.get("category_id") is None and move.case.category_id is None:
        raise DomainError("Pilih kategori aduan sebelum verifikasi.")


def _known_kind(move: Move) -> None:
    kind = move.get("kind")
    if kind is not None and kind not in KINDS:
        raise DomainError("Jenis aduan tidak dikenal.")


def _has_officer(move: Move) -> None:
    if move.get("assigned_to") is None and move.case.assigned_to_id is None:
        raise DomainError("Tetapkan petugas yang menangani sebelum verifikasi.")


def _verify(move: Move) -> None:
    """Category, kind and officer as given; the resolution deadline now counts from the verification day."""
    complaint = move.case
    if move.get("category_id") is not None:
        complaint.category_id = move.get("category_id")
    if move.get("kind") is not None:
        complaint.kind = move.get("kind")
    if move.get("assigned_to") is not None:
        complaint.assigned_to_id = move.get("assigned_to").id
    complaint.verified_at = move.at
    resolve_days = move.get("deadlines").resolve_days(complaint.kind)
    complaint.resolve_due = due_date(move.session, move.day, resolve_days)


def _answer(move: Move) -> None:
    move.case.final_answer = move.text("final_answer")


def _reject(move: Move) -> None:
    move.case.close_reason = move.text("reason")


def _forward(move: Move) -> None:
    move.case.forwarded_to = move.text("forwarded_to")
    move.case.close_reason = move.text("reason")


def _close(session: Session, complaint: Complaint, now: datetime) -> None:
    """Closing: the moment, working days since receipt, and whether the deadline that applied was met."""
    received, closed = local_date(complaint.received_at), local_date(now)
    complaint.closed_at = now
    holidays = holidays_between(session, received, closed)
    complaint.days_to_close = working_days_between(received, closed, holidays)
    if complaint.status == "selesai" or complaint.verified_at is not None:
        due = complaint.resolve_due
    else:
        due = complaint.verify_due  # rejected or forwarded before verification: the 3-day rule applies
    complaint.closed_on_time = due is None or closed <= due


def _log(move: Move) -> ComplaintFollowUp:
    complaint = move.case
    followup = ComplaintFollowUp(
        complaint=complaint, at=move.at, actor_id=move.actor.id, from_status=move.from_state,
        to_status=move.to_state, public_note=move.notice, internal_note=move.text("internal_note"),
    )
    move.session.add(followup)
    audit.record(move.session, move.actor, "complaint.transition", complaint, number=complaint.number,
                 from_status=move.from_state, to_status=move.to_state)
    return followup


WORKFLOW = Workflow(
    states=STATES,
    transitions=TRANSITIONS,
    requires={
        "diverifikasi": (_has_category, _known_kind, _has_officer),
        "selesai": (required("final_answer",
                             "Jawaban akhir untuk pelapor wajib diisi sebelum aduan dinyatakan selesai."),),
        "ditolak": (required("reason", "Alasan penolakan wajib diisi."),),
        "diteruskan": (
            required("forwarded_to", "Isi instansi tujuan penerusan (mis. Inspektorat, Bawaslu, DKPP)."),
            required("reason", "Alasan penerusan wajib diisi."),
        ),
    },
    effects={
        "diverifikasi": (_verify,), "selesai": (_answer,), "ditolak": (_reject,), "diteruskan": (_forward,),
    },
    on_close=(lambda move: _close(move.session, move.case, move.at),),
    notices={
        "selesai": lambda move: move.case.final_answer,
        # stored in the office's language (the trail is a record, not a page): not translated here
        "ditolak": lambda move: "Aduan tidak dapat ditindaklanjuti: " + move.case.close_reason,
        "diteruskan": lambda move: (f"Aduan diteruskan kepada {move.case.forwarded_to}: "
                                    f"{move.case.close_reason}"),
    },
    log=_log,
    stamps=Stamps(closed="closed_at"),
)

# Which due date applies: verification while received, resolution afterwards (inbox filters, badges).
CLOCK = CaseClock(Complaint, WORKFLOW, default="resolve_due", phases={"diterima": "verify_due"})


def allowed_transitions(complaint: Complaint) -> tuple[str, ...]:
    return WORKFLOW.allowed(complaint)


def transition(
    session: Session,
    complaint: Complaint,
    to_status: str,
    actor: User,
    deadlines: Deadlines,
    *,
    public_note: str = "",
    internal_note: str = "",
    category_id: int | None = None,
    kind: str | None = None,
    assigned_to: User | None = None,
    final_answer: str = "",
    forwarded_to: str = "",
    reason: str = "",
) -> ComplaintFollowUp:
    """Move a case to `to_status`, checking the rules; raises DomainError with an Indonesian message."""
    move = WORKFLOW.transition(
        session, complaint, to_status, actor, deadlines=deadlines, public_note=public_note,
        internal_note=internal_note, category_id=category_id, kind=kind, assigned_to=assigned_to,
        final_answer=final_answer, forwarded_to=forwarded_to, reason=reason,
    )
    return move.entry


def add_note(
    session: Session, complaint: Complaint, actor: User, *, public_note: str = "", internal_note: str = ""
) -> ComplaintFollowUp:
    """A follow-up without a status change (tindak lanjut)."""
    public_note, internal_note = public_note.strip(), internal_note.strip()
    if not public_note and not internal_note:
        raise DomainError("Isi catatan publik atau catatan internal.")
    followup = ComplaintFollowUp(
        complaint=complaint, actor_id=actor.id, from_status=complaint.status, to_status=complaint.status,
        public_note=public_note, internal_note=internal_note,
    )
    session.add(followup)
    audit.record(session, actor, "complaint.note", complaint, number=complaint.number,
                 public=bool(public_note), internal=bool(internal_note))
    return followup
