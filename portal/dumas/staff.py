"""Staff actions on a DUMAS case that sit around the workflow: verify (with officer checks), assign,
recategorise, and the audited attachment download. Status changes themselves go through
portal.dumas.workflow.transition; nothing here commits.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from portal.accounts.models import User
from portal.core import audit
from portal.core.clock import local_date
from portal.core.errors import DomainError
from portal.core.workdays import due_date
from portal.dumas.models import (
    KINDS,
    OPEN_STATUSES,
    Category,
    Complaint,
    ComplaintAttachment,
    ComplaintFollowUp,
    indonesian,
)
from portal.dumas.workflow import Deadlines, transition


def get_officer(session: Session, user_id: int | None) -> User:
    """An active user with the dumas role, or a DomainError."""
    user = session.get(User, user_id) if user_id else None
    if user is None or not user.active or not user.has_role("dumas"):
        raise DomainError("Petugas yang dipilih bukan petugas DUMAS yang aktif.")
    return user


def get_category(session: Session, category_id: int | None) -> Category:
    category = session.get(Category, category_id) if category_id else None
    if category is None:
        raise DomainError("Pilih kategori aduan.")
    return category


def verify(
    session: Session,
    complaint: Complaint,
    actor: User,
    deadlines: Deadlines,
    *,
    category_id: int | None,
    kind: str | None,
    officer_id: int | None,
    public_note: str = "",
    internal_note: str = "",
) -> ComplaintFollowUp:
    """diterima -> diverifikasi with category, kind (empty: the category's default) and officer."""
    category = get_category(session, category_id)
    officer = get_officer(session, officer_id)
    kind = kind or category.default_kind
    if kind not in KINDS:
        raise DomainError("Jenis aduan tidak dikenal.")
    return transition(
        session, complaint, "diverifikasi", actor, deadlines, public_note=public_note,
        internal_note=internal_note, category_id=category.id, kind=kind, assigned_to=officer,
    )


def assign(session: Session, complaint: Complaint, actor: User, officer_id: int | None, *,
           via: str | None = None) -> None:
    if complaint.status not in OPEN_STATUSES:
        raise DomainError("Aduan yang sudah ditutup tidak dapat ditugaskan ulang.")
    officer = get_officer(session, officer_id)
    if complaint.assigned_to_id == officer.id:
        raise DomainError("Aduan ini sudah ditangani petugas tersebut.")
    previous = complaint.assigned_to_id
    complaint.assigned_to_id = officer.id
    session.add(ComplaintFollowUp(
        complaint=complaint, actor_id=actor.id, from_status=complaint.status, to_status=complaint.status,
        internal_note=f"Petugas penanganan: {officer.name or officer.email}",
    ))
    audit.record(session, actor, "complaint.assign", complaint, number=complaint.number,
                 from_user=previous, to_user=officer.id, **({"via": via} if via else {}))


def recategorise(
    session: Session, complaint: Complaint, actor: User, deadlines: Deadlines, *,
    category_id: int | None, kind: str | None, via: str | None = None,
) -> None:
    """Change category and kind. An open case's resolution deadline follows the new kind."""
    category = get_category(session, category_id)
    kind = kind or category.default_kind
    if kind not in KINDS:
        raise DomainError("Jenis aduan tidak dikenal.")
    if complaint.category_id == category.id and complaint.kind == kind:
        raise DomainError("Kategori dan jenis aduan tidak berubah.")
    old_category, old_kind = complaint.category_id, complaint.kind
    complaint.category_id = category.id
    complaint.kind = kind
    if complaint.status in OPEN_STATUSES:
        recompute_deadlines(session, complaint, deadlines)
    session.add(ComplaintFollowUp(
        complaint=complaint, actor_id=actor.id, from_status=complaint.status, to_status=complaint.status,
        internal_note=f"Kategori: {category.name}; jenis: {indonesian(KINDS[kind])}",
    ))
    audit.record(session, actor, "complaint.recategorise", complaint, number=complaint.number,
                 from_category=old_category, to_category=category.id, from_kind=old_kind, to_kind=kind,
                 **({"via": via} if via else {}))


# ---------------------------------------------------------------- bulk actions (the inbox's action bar)
BULK_MAX = 100  # rows one bulk action may change (the inbox shows 25 a page)
BULK = "bulk"  # the audit entries' `via`
CLOSED_REASON = _l("sudah ditutup")  # why a bulk action left a closed case as it was


@dataclass
class BulkResult:
    """What a bulk action did: the numbers changed, and each refused number with the rule's message."""

    changed: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)


def _bulk(session: Session, ids: Iterable[int], action: Callable[[Complaint], None], *,
          closed_refused: bool = False) -> BulkResult:
    """`action` on each complaint of `ids` (the single-case function, so the rules exist once). A case the
    rules refuse is left as it was and named with the rule's message; with `closed_refused`, so is every
    closed case (CLOSED_REASON). Nothing changed is a result too (the caller says so)."""
    wanted = list(dict.fromkeys(ids))[:BULK_MAX]
    cases = session.scalars(select(Complaint).where(Complaint.id.in_(wanted)).order_by(Complaint.id)) \
        if wanted else []
    result = BulkResult()
    for complaint in cases:
        if closed_refused and complaint.status not in OPEN_STATUSES:
            result.refused.append((complaint.number, str(CLOSED_REASON)))
            continue
        try:
            action(complaint)
        except DomainError as err:
            result.refused.append((complaint.number, err.message))
        else:
            result.changed.append(complaint.number)
    return result


def bulk_assign(session: Session, ids: Iterable[int], actor: User, officer_id: int | None) -> BulkResult:
    """Assign every open case of `ids` to one officer (`assign` per case: one follow-up and one
    `complaint.assign` audit entry each, `via="bulk"`); closed cases and cases already with that officer
    are refused and named."""
    officer = get_officer(session, officer_id)  # a wrong officer refuses the whole batch
    return _bulk(session, ids, lambda complaint: assign(session, complaint, actor, officer.id, via=BULK))


def bulk_recategorise(session: Session, ids: Iterable[int], actor: User, deadlines: Deadlines,
                      category_id: int | None) -> BulkResult:
    """Put every open case of `ids` in one category with the category's default kind (`recategorise` per
    case: deadlines follow the kind; one `complaint.recategorise` audit entry each, `via="bulk"`). Closed
    cases are refused here (their record is final; one at a time on the case page stays possible)."""
    category = get_category(session, category_id)
    return _bulk(session, ids, lambda complaint: recategorise(
        session, complaint, actor, deadlines, category_id=category.id, kind=None, via=BULK),
        closed_refused=True)


def recompute_deadlines(session: Session, complaint: Complaint, deadlines: Deadlines) -> None:
    """Recompute an open case's due dates from its stored start points (after a kind or holiday change)."""
    complaint.verify_due = due_date(session, local_date(complaint.received_at), deadlines.verify)
    resolve_days = deadlines.resolve_days(complaint.kind)
    start = local_date(complaint.verified_at) if complaint.verified_at else complaint.verify_due
    complaint.resolve_due = due_date(session, start, resolve_days)


def recompute_open_deadlines(session: Session, day: date, deadlines: Deadlines) -> int:
    """Open cases whose deadline is on/after `day` may move; earlier ones cannot."""
    cases = session.scalars(
        select(Complaint).where(
            Complaint.status.in_(OPEN_STATUSES),
            or_(Complaint.verify_due >= day, Complaint.resolve_due >= day),
        )
    )
    changed = 0
    for complaint in cases:
        before = (complaint.verify_due, complaint.resolve_due)
        recompute_deadlines(session, complaint, deadlines)
        if (complaint.verify_due, complaint.resolve_due) != before:
            changed += 1
    return changed


def record_download(session: Session, actor: User, attachment: ComplaintAttachment) -> None:
    audit.record(session, actor, "complaint.attachment_download", attachment,
                 number=attachment.complaint.number)
