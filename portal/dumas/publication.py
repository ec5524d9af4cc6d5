"""The public complaint list (issue 12 §2): which complaints the public may see, and staff publishing them.

A complaint is public when the citizen agreed at filing (`public_consent`), it is not confidential
(`rahasia`), and a DUMAS officer published it with an edited summary (`published_at`). `published_clause()`
is that rule, the one place it exists: the list and detail pages (portal/dumas/views.py), the sitemap and
Open311 (portal/open311/) all read through `published_query()` / `find_published()`.

What goes public (`PublicView`): the summary, the category, the live status and dates, the deadline that
applies, and the public answers (the follow-ups' public notes and the final answer). Never the reporter's
name or contact, attachments, internal notes, the original subject and description or officer names.
Status changes after publication need nothing here: the pages read the case as it is now.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import ColumnElement, Select, and_, select
from sqlalchemy.orm import Session

from portal.accounts.models import User
from portal.core import audit, clock
from portal.core.errors import DomainError
from portal.core.models.base import utcnow
from portal.dumas.models import CLOSED_STATUSES, STATUSES, Category, Complaint
from portal.dumas.workflow import CLOCK

SUMMARY_MIN = 20
SUMMARY_MAX = 2000


def published_clause() -> ColumnElement[bool]:
    """The one rule: published, with the citizen's consent, and never a confidential complaint."""
    return and_(Complaint.published_at.is_not(None), Complaint.public_consent.is_(True),
                Complaint.confidential.is_(False), Complaint.public_summary != "")


def published_query() -> Select:
    """Published complaints, newest receipt first."""
    return select(Complaint).where(published_clause()).order_by(Complaint.received_at.desc(),
                                                                 Complaint.id.desc())


def find_published(session: Session, number: str) -> Complaint | None:
    number = (number or "").strip().upper()[:20]
    return session.scalar(select(Complaint).where(published_clause(), Complaint.number == number))


def is_public(complaint: Complaint) -> bool:
    """The same rule for a loaded complaint."""
    return bool(complaint.published_at is not None and complaint.public_consent
                and not complaint.confidential and complaint.public_summary)


def can_publish(complaint: Complaint) -> bool:
    return complaint.public_consent and not complaint.confidential


# --- staff actions ---------------------------------------------------------------------------------------

def _check(complaint: Complaint, actor: User) -> None:
    if actor is None or not actor.has_role("dumas"):
        raise DomainError("Hanya petugas DUMAS yang dapat mempublikasikan aduan.")
    if complaint.confidential:
        raise DomainError("Aduan rahasia tidak dapat dipublikasikan.")
    if not complaint.public_consent:
        raise DomainError("Pelapor tidak menyetujui aduan ini ditampilkan di daftar aduan publik.")


def clean_summary(summary: str) -> str:
    text = (summary or "").replace("\r\n", "\n").replace("\x00", "").strip()
    if not text:
        raise DomainError("Ringkasan publik wajib diisi.")
    if len(text) < SUMMARY_MIN:
        raise DomainError("Ringkasan publik terlalu pendek (minimal %(min)s karakter).", min=SUMMARY_MIN)
    if len(text) > SUMMARY_MAX:
        raise DomainError("Ringkasan publik terlalu panjang (maksimal %(max)s karakter).", max=SUMMARY_MAX)
    return text


def publish(session: Session, complaint: Complaint, summary: str, actor: User) -> Complaint:
    """Show the complaint on the public list with `summary` (audited: `dumas.publish`, ids only)."""
    _check(complaint, actor)
    text = clean_summary(summary)
    if complaint.published_at is not None:
        raise DomainError("Aduan %(number)s sudah dipublikasikan.", number=complaint.number)
    now = utcnow()
    changed = text != complaint.public_summary
    complaint.public_summary = text
    complaint.published_at = now
    complaint.public_updated_at = now
    audit.record(session, actor, "complaint.publish", complaint, number=complaint.number,
                 summary_changed=changed)
    return complaint


def update_summary(session: Session, complaint: Complaint, summary: str, actor: User) -> Complaint:
    """A new public summary for a published complaint (audited: `dumas.public_summary`, never the text)."""
    _check(complaint, actor)
    text = clean_summary(summary)
    if complaint.published_at is None:
        raise DomainError("Aduan %(number)s belum dipublikasikan.", number=complaint.number)
    if text == complaint.public_summary:
        raise DomainError("Ringkasan publik tidak berubah.")
    complaint.public_summary = text
    complaint.public_updated_at = utcnow()
    audit.record(session, actor, "complaint.public_summary", complaint, number=complaint.number)
    return complaint


def unpublish(session: Session, complaint: Complaint, actor: User) -> Complaint:
    """Withdraw from the public list (the summary is kept for a later publication; audited)."""
    if actor is None or not actor.has_role("dumas"):
        raise DomainError("Hanya petugas DUMAS yang dapat mempublikasikan aduan.")
    if complaint.published_at is None:
        raise DomainError("Aduan %(number)s belum dipublikasikan.", number=complaint.number)
    complaint.published_at = None
    complaint.public_updated_at = utcnow()
    audit.record(session, actor, "complaint.unpublish", complaint, number=complaint.number)
    return complaint


# --- what the public sees ----------------------------------------------------------------------------------

@dataclass
class PublicStep:
    at: datetime
    status: str  # state code after this step
    status_changed: bool
    note: str  # the public answer ("" when none)


@dataclass
class PublicView:
    number: str
    summary: str
    category_slug: str
    category_name: str
    status: str  # state code, live
    closed: bool
    received_at: datetime
    verified_at: datetime | None
    closed_at: datetime | None
    due: date | None  # the deadline that applies now (None once closed)
    final_answer: str
    steps: list[PublicStep]
    updated_at: datetime

    @property
    def status_label(self):
        return STATUSES.get(self.status, self.status)

    @property
    def latest_note(self) -> str:
        if self.final_answer:
            return self.final_answer
        for step in reversed(self.steps):
            if step.note:
                return step.note
        return ""


def public_view(complaint: Complaint, *, preview: bool = False) -> PublicView:
    """Exactly what goes public for one complaint. Public notes staff wrote for the reporter are public
    answers; notes the reporter added themselves and the first receipt note (may name the channel) are not.
    `preview`: for the staff's publication page, also before the complaint is published."""
    if not preview and not is_public(complaint):
        raise DomainError("Aduan %(number)s tidak dipublikasikan.", number=complaint.number)
    steps = []
    for fu in complaint.followups:
        if fu.actor_id is None:  # the reporter's own additions, and the office's receipt entry
            if fu.from_status == "":
                steps.append(PublicStep(fu.at, fu.to_status, True, ""))
            continue
        changed = fu.from_status != fu.to_status
        note = (fu.public_note or "").strip()
        if fu.from_status == "" and not changed:
            continue
        if fu.from_status == "":  # registered by staff from another channel: the receipt, without its note
            steps.append(PublicStep(fu.at, fu.to_status, True, ""))
            continue
        if not changed and not note:
            continue
        steps.append(PublicStep(fu.at, fu.to_status, changed, note))
    closed = complaint.status in CLOSED_STATUSES
    moments = [m for m in (complaint.received_at, complaint.verified_at, complaint.closed_at,
                           complaint.public_updated_at) if m is not None] + [s.at for s in steps]
    return PublicView(
        number=complaint.number, summary=complaint.public_summary,
        category_slug=complaint.category.slug if complaint.category else "",
        category_name=complaint.category.name if complaint.category else "",
        status=complaint.status, closed=closed, received_at=complaint.received_at,
        verified_at=complaint.verified_at, closed_at=complaint.closed_at,
        due=None if closed else CLOCK.due_of(complaint),
        final_answer=(complaint.final_answer or "").strip() if complaint.status == "selesai" else "",
        steps=steps, updated_at=max(moments),
    )


# --- the public list's filters (?kategori=&status=&bulan=&halaman=) ---------------------------------------

MONTH_RE = re.compile(r"^([0-9]{4})-(0[1-9]|1[0-2])$")  # ASCII digits only
# The years a month filter may name (9999-12 has no following month to bound it: was a 500).
MONTH_YEARS = (1950, 2999)
STATUS_GROUPS = ("open", "closed")


@dataclass
class ListFilters:
    category: str = ""  # slug
    status: str = ""  # open | closed | a state code
    month: str = ""  # YYYY-MM of receipt (office time)

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> ListFilters:
        """From a URL: an unknown status or month is dropped rather than refused; an unknown category
        matches nothing (it is a value compared, never SQL)."""
        category = (args.get("kategori") or "").strip()[:64]
        status = (args.get("status") or "").strip()
        month = (args.get("bulan") or "").strip()
        return cls(category=category,
                   status=status if status in STATUS_GROUPS or status in STATUSES else "",
                   month=month if MONTH_RE.match(month)
                   and MONTH_YEARS[0] <= int(month[:4]) <= MONTH_YEARS[1] else "")

    def to_args(self) -> dict[str, str]:
        return {name: value for name, value in (("kategori", self.category), ("status", self.status),
                                                ("bulan", self.month)) if value}


def status_clause(status: str) -> ColumnElement[bool] | None:
    """open/closed (the case engine's closed states) or one state code; None for any."""
    if status == "open":
        return Complaint.status.not_in(CLOSED_STATUSES)
    if status == "closed":
        return Complaint.status.in_(CLOSED_STATUSES)
    if status in STATUSES:
        return Complaint.status == status
    return None


def month_bounds(month: str) -> tuple[datetime, datetime]:
    """[start, end) of an office month as UTC moments."""
    year, number = int(month[:4]), int(month[5:7])
    first = date(year, number, 1)
    following = date(year + (number == 12), number % 12 + 1, 1)
    return clock.local_moment(first, time(0, 0)), clock.local_moment(following, time(0, 0))


def filtered_query(filters: ListFilters) -> Select:
    query = published_query()
    if filters.category:
        query = query.join(Category, Complaint.category_id == Category.id).where(
            Category.slug == filters.category)
    condition = status_clause(filters.status)
    if condition is not None:
        query = query.where(condition)
    if filters.month:
        start, end = month_bounds(filters.month)
        query = query.where(Complaint.received_at >= start, Complaint.received_at < end)
    return query


def list_categories(session: Session) -> list[Category]:
    """Categories that have at least one published complaint (the filter's choices)."""
    used = select(Complaint.category_id).where(published_clause())
    return list(session.scalars(select(Category).where(Category.id.in_(used))
                                .order_by(Category.order, Category.name)))
