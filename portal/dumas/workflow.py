"""The DUMAS case workflow (DESIGN.md section 4): allowed transitions, deadlines, and the FollowUp trail.

diterima -> diverifikasi -> diproses -> selesai, with side exits ditolak and diteruskan. Every
transition is a ComplaintFollowUp row with who and when; Complaint.status mirrors the last one.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from portal.accounts.models import User
from portal.core import audit
from portal.core.errors import DomainError
from portal.core.models.base import utcnow
from portal.core.workdays import due_date, holidays_between, local_date, working_days_between
from portal.dumas.models import KINDS, STATUSES, Complaint, ComplaintFollowUp

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
    """Working days (DESIGN.md section 7, SP4N-LAPOR! practice); configurable through app config."""

    verify: int = 3
    resolve: dict[str, int] = field(default_factory=lambda: {"informasi": 5, "non_pengawasan": 14, "pengawasan": 60})

    @classmethod
    def from_config(cls, config) -> Deadlines:
        return cls(verify=config["DUMAS_VERIFY_DAYS"], resolve=dict(config["DUMAS_RESOLVE_DAYS"]))

    def resolve_days(self, kind: str) -> int:
        return self.resolve.get(kind, self.resolve["non_pengawasan"])


def set_initial_deadlines(session: Session, complaint: Complaint, deadlines: Deadlines) -> None:
    received = local_date(complaint.received_at)
    complaint.verify_due = due_date(session, received, deadlines.verify)
    complaint.resolve_due = due_date(session, complaint.verify_due, deadlines.resolve_days(complaint.kind))


def allowed_transitions(complaint: Complaint) -> tuple[str, ...]:
    return TRANSITIONS.get(complaint.status, ())


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
    if to_status not in STATUSES:
        raise DomainError("Status tujuan tidak dikenal.")
    if to_status not in allowed_transitions(complaint):
        raise DomainError(
            f"Perubahan status dari '{STATUSES[complaint.status]}' ke '{STATUSES[to_status]}' tidak diizinkan."
        )
    public_note, internal_note = public_note.strip(), internal_note.strip()
    now = utcnow()
    if to_status == "diverifikasi":
        if category_id is None and complaint.category_id is None:
            raise DomainError("Pilih kategori aduan sebelum verifikasi.")
        if kind is not None and kind not in KINDS:
            raise DomainError("Jenis aduan tidak dikenal.")
        if assigned_to is None and complaint.assigned_to_id is None:
            raise DomainError("Tetapkan petugas yang menangani sebelum verifikasi.")
        if category_id is not None:
            complaint.category_id = category_id
        if kind is not None:
            complaint.kind = kind
        if assigned_to is not None:
            complaint.assigned_to_id = assigned_to.id
        complaint.verified_at = now
        complaint.resolve_due = due_date(session, local_date(now), deadlines.resolve_days(complaint.kind))
    elif to_status == "selesai":
        final_answer = final_answer.strip()
        if not final_answer:
            raise DomainError("Jawaban akhir untuk pelapor wajib diisi sebelum aduan dinyatakan selesai.")
        complaint.final_answer = final_answer
    elif to_status == "ditolak":
        if not reason.strip():
            raise DomainError("Alasan penolakan wajib diisi.")
        complaint.close_reason = reason.strip()
    elif to_status == "diteruskan":
        if not forwarded_to.strip():
            raise DomainError("Isi instansi tujuan penerusan (mis. Inspektorat, Bawaslu, DKPP).")
        if not reason.strip():
            raise DomainError("Alasan penerusan wajib diisi.")
        complaint.forwarded_to = forwarded_to.strip()
        complaint.close_reason = reason.strip()

    from_status = complaint.status
    complaint.status = to_status
    if to_status in ("selesai", "ditolak", "diteruskan"):
        _close(session, complaint, now)
    followup = ComplaintFollowUp(
        complaint=complaint, at=now, actor_id=actor.id, from_status=from_status, to_status=to_status,
        public_note=public_note or _default_public_note(complaint, to_status),
        internal_note=internal_note,
    )
    session.add(followup)
    audit.record(session, actor, "complaint.transition", complaint, number=complaint.number,
                 from_status=from_status, to_status=to_status)
    return followup


def _default_public_note(complaint: Complaint, to_status: str) -> str:
    if to_status == "selesai":
        return complaint.final_answer
    if to_status == "ditolak":
        return "Aduan tidak dapat ditindaklanjuti: " + complaint.close_reason
    if to_status == "diteruskan":
        return f"Aduan diteruskan kepada {complaint.forwarded_to}: {complaint.close_reason}"
    return ""


def _close(session: Session, complaint: Complaint, now) -> None:
    received, closed = local_date(complaint.received_at), local_date(now)
    complaint.closed_at = now
    complaint.days_to_close = working_days_between(received, closed, holidays_between(session, received, closed))
    if complaint.status == "selesai" or complaint.verified_at is not None:
        due = complaint.resolve_due
    else:
        due = complaint.verify_due  # rejected or forwarded before verification: the 3-day rule applies
    complaint.closed_on_time = due is None or closed <= due


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
