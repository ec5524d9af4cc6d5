"""Read side of DUMAS for staff: the inbox query (filters, search), deadline states, dashboard figures.

Overdue and nearly-due are SQL conditions on the case's *current* due date (verify_due while the case
is `diterima`, resolve_due afterwards), so filtering, counting and paginating never loop over rows in
Python. The only Python date arithmetic is one call that turns "N working days from today" into a date.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session

from portal.accounts.models import User
from portal.core import clock, workdays
from portal.core.validation import DB_INT_MAX, parse_int
from portal.core.workdays import working_days_left  # noqa: F401 (re-exported for views)
from portal.dumas.models import CHANNELS, OPEN_STATUSES, STATUSES, Complaint
from portal.dumas.workflow import CLOCK

UNASSIGNED = "none"  # officer filter value for "belum ditugaskan"
MINE = "me"  # officer filter value for "kasus saya" (assigned to the reader)
MAX_ID = DB_INT_MAX  # largest id a URL filter may name (PostgreSQL INTEGER)
DUE_FILTERS = ("overdue", "nearly_due")

# The inbox's query string is Indonesian, as in WBS: ?status=&kategori=&kanal=&petugas=&tenggat=&cari=
# (tenggat=terlambat|segera, petugas=belum|saya|<id>) and the order, &urut=nomor|diterima|tenggat|status
# with a leading "-" for descending. The English names and values of older links
# (?category=&channel=&officer=&due=overdue|nearly_due&q=, officer=none) still give the same list.
QUERY_NAMES = {"status": "status", "category_id": "kategori", "channel": "kanal", "officer": "petugas",
               "due": "tenggat", "q": "cari", "sort": "urut"}
OLD_QUERY_NAMES = {"status": "status", "category_id": "category", "channel": "channel", "officer": "officer",
                   "due": "due", "q": "q", "sort": "sort"}
QUERY_VALUES = {"due": {"overdue": "terlambat", "nearly_due": "segera"},
                "officer": {UNASSIGNED: "belum", MINE: "saya"}}
# Sortable columns of the inbox (the `urut` values); "-diterima" (newest first) is the default.
SORT_KEYS = ("nomor", "diterima", "tenggat", "status")
DEFAULT_SORT = "-diterima"


def sort_columns(key: str) -> tuple[ColumnElement, ...]:
    """The ORDER BY columns of one sort key (ascending), the id last so pages never overlap."""
    if key == "nomor":
        return (Complaint.year, Complaint.seq)
    if key == "tenggat":
        return (current_due(), Complaint.id)
    if key == "status":  # the workflow's order, not the alphabet
        return (case({code: i for i, code in enumerate(STATUSES)}, value=Complaint.status, else_=99),
                Complaint.received_at, Complaint.id)
    return (Complaint.received_at, Complaint.id)


def today() -> date:
    """Today at the office (portal.core.clock, PORTAL_TIMEZONE)."""
    return clock.today()


def current_due() -> ColumnElement:
    """The due date that applies now: verification while received, resolution afterwards (the case
    engine's rule for DUMAS, portal/dumas/workflow.py CLOCK)."""
    return CLOCK.current_due()


class DueWindow(workdays.DueWindow):
    """The shared window (portal.core.workdays.DueWindow) with DUMAS's deadline rule (workflow.CLOCK)."""

    @classmethod
    def build(cls, session: Session, nearly_due_days: int, on: date | None = None) -> DueWindow:
        return super().build(session, nearly_due_days, on or today())

    def overdue_clause(self) -> ColumnElement[bool]:
        return CLOCK.overdue(self)

    def nearly_due_clause(self) -> ColumnElement[bool]:
        return CLOCK.nearly_due(self)

    def state(self, complaint: Complaint) -> str:
        """'overdue', 'nearly_due' or '' for one loaded case (same rule as the SQL clauses)."""
        return CLOCK.state(self, complaint)


@dataclass
class InboxFilters:
    status: str = ""
    category_id: int | None = None
    channel: str = ""
    officer: str = ""  # "" any, UNASSIGNED, or a user id
    due: str = ""  # "" | overdue | nearly_due
    q: str = ""
    sort: str = ""  # "" (DEFAULT_SORT) or a SORT_KEYS key, "-" in front for descending

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> InboxFilters:
        """The filters of an inbox URL, by their Indonesian names or the older English ones (normalised)."""
        raw = {}
        for attr, name in QUERY_NAMES.items():
            value = args.get(name) or args.get(OLD_QUERY_NAMES[attr]) or ""
            internal = {shown: key for key, shown in QUERY_VALUES.get(attr, {}).items()}
            raw[attr] = internal.get(value, value)
        return cls(status=raw["status"], category_id=parse_int(raw["category_id"], min_value=1),
                   channel=raw["channel"], officer=raw["officer"], due=raw["due"], q=raw["q"],
                   sort=raw["sort"]).normalised()

    def to_args(self) -> dict[str, str]:
        """The query string of these filters (Indonesian names and values; empty filters left out)."""
        args = {}
        for attr, name in QUERY_NAMES.items():
            value = getattr(self, attr)
            if value not in (None, ""):
                args[name] = QUERY_VALUES.get(attr, {}).get(value, str(value))
        return args

    def normalised(self) -> InboxFilters:
        """Unknown values are dropped rather than rejected (they come from a URL)."""
        # the one strict parser: ASCII digits within a database integer (int() of 4301 digits is a ValueError)
        officer = (self.officer if self.officer in (UNASSIGNED, MINE) or parse_int(self.officer, min_value=1)
                   else "")
        return InboxFilters(
            status=self.status if self.status in STATUSES else "",
            category_id=(self.category_id if self.category_id is None or 0 < self.category_id <= MAX_ID
                         else None),
            channel=self.channel if self.channel in CHANNELS else "",
            officer=officer,
            due=self.due if self.due in DUE_FILTERS else "",
            q=self.q.strip()[:100],
            sort=self.sort if self.sort.removeprefix("-") in SORT_KEYS and self.sort != DEFAULT_SORT else "",
        )

    @property
    def filtered(self) -> bool:
        """Whether any filter (not the order) narrows the list."""
        return any(value not in (None, "") for key, value in vars(self).items() if key != "sort")

    def replace(self, **changes) -> InboxFilters:
        return InboxFilters(**{**vars(self), **changes})

    @property
    def sort_key(self) -> str:
        return (self.sort or DEFAULT_SORT).lstrip("-")

    @property
    def descending(self) -> bool:
        return (self.sort or DEFAULT_SORT).startswith("-")


def search_clause(term: str, *, reveal_identity: bool) -> ColumnElement[bool]:
    """Case-insensitive substring match over number, subject, description and reporter name/e-mail.

    ILIKE on PostgreSQL, lower() LIKE lower() on SQLite; `%` and `_` typed by the user match literally.
    Users who may not see confidential identities (pimpinan) only match reporter fields of
    non-confidential cases, so a name search cannot reveal who filed a rahasia complaint.
    """
    case_fields = or_(
        Complaint.number.icontains(term, autoescape=True),
        Complaint.subject.icontains(term, autoescape=True),
        Complaint.description.icontains(term, autoescape=True),
        Complaint.external_id.icontains(term, autoescape=True),
    )
    reporter = or_(
        Complaint.reporter_name.icontains(term, autoescape=True),
        Complaint.reporter_email.icontains(term, autoescape=True),
    )
    if not reveal_identity:
        reporter = and_(Complaint.confidential.is_(False), reporter)
    return or_(case_fields, reporter)


def conditions(filters: InboxFilters, window: DueWindow, *, reveal_identity: bool = True,
               me: int | None = None, status: bool = True) -> list[ColumnElement[bool]]:
    """The WHERE conditions of the inbox filters (`status=False`: all but the status, for the tab counts).
    `me` is the reader's user id (petugas=saya); without it "my cases" matches nothing."""
    f = filters.normalised()
    where: list[ColumnElement[bool]] = []
    if status and f.status:
        where.append(Complaint.status == f.status)
    if f.category_id is not None:
        where.append(Complaint.category_id == f.category_id)
    if f.channel:
        where.append(Complaint.channel == f.channel)
    if f.officer == UNASSIGNED:
        where.append(Complaint.assigned_to_id.is_(None))
    elif f.officer == MINE:
        where.append(Complaint.assigned_to_id == me if me else Complaint.id.is_(None))
    elif f.officer:
        where.append(Complaint.assigned_to_id == int(f.officer))
    if f.due == "overdue":
        where.append(window.overdue_clause())
    elif f.due == "nearly_due":
        where.append(window.nearly_due_clause())
    if f.q:
        where.append(search_clause(f.q, reveal_identity=reveal_identity))
    return where


def inbox_query(filters: InboxFilters, window: DueWindow, *, reveal_identity: bool = True,
                me: int | None = None):
    """SELECT of complaints for the staff inbox, in the filters' order (newest first by default)."""
    f = filters.normalised()
    columns = sort_columns(f.sort_key)
    order = [column.desc() for column in columns] if f.descending else [column.asc() for column in columns]
    query = select(Complaint).where(*conditions(f, window, reveal_identity=reveal_identity, me=me))
    return query.order_by(*order)


def status_counts(session: Session, filters: InboxFilters, window: DueWindow, *,
                  reveal_identity: bool = True, me: int | None = None) -> dict[str, int]:
    """How many complaints each status tab holds under the other filters: one GROUP BY query. The key ""
    is the total (the "Semua" tab)."""
    where = conditions(filters, window, reveal_identity=reveal_identity, me=me, status=False)
    rows = session.execute(select(Complaint.status, func.count()).where(*where).group_by(Complaint.status))
    found = {status: int(n) for status, n in rows}
    counts = {status: found.get(status, 0) for status in STATUSES}
    counts[""] = sum(found.values())
    return counts


def officers(session: Session) -> list[User]:
    """Active users holding the dumas role (candidates for assignment)."""
    rows = session.scalars(
        select(User).where(User.active.is_(True), User.roles.contains("dumas"))
        .order_by(User.name, User.email)
    )
    return [user for user in rows if user.has_role("dumas")]


@dataclass
class DashboardSummary:
    by_status: dict[str, int]
    open_total: int
    overdue_total: int
    nearly_due_total: int
    overdue: list[Complaint]
    nearly_due: list[Complaint]


def dashboard_summary(session: Session, window: DueWindow, limit: int = 10) -> DashboardSummary:
    counts = dict(session.execute(select(Complaint.status, func.count()).group_by(Complaint.status)).all())
    by_status = {status: int(counts.get(status, 0)) for status in STATUSES}
    overdue_total, overdue = _count_and_first(session, window.overdue_clause(), limit)
    nearly_total, nearly = _count_and_first(session, window.nearly_due_clause(), limit)
    return DashboardSummary(
        by_status=by_status,
        open_total=sum(by_status[s] for s in OPEN_STATUSES),
        overdue_total=overdue_total,
        nearly_due_total=nearly_total,
        overdue=overdue,
        nearly_due=nearly,
    )


def _count_and_first(session: Session, condition: ColumnElement[bool],
                     limit: int) -> tuple[int, list[Complaint]]:
    """How many cases meet `condition`, and the first `limit` of them by the due date that applies now."""
    total = session.scalar(select(func.count()).select_from(Complaint).where(condition)) or 0
    first = select(Complaint).where(condition).order_by(current_due().asc(), Complaint.id.asc()).limit(limit)
    return int(total), list(session.scalars(first))


@dataclass
class PeriodReport:
    """The complaints received in a period, oldest first, with their follow-ups loaded, and their counts."""

    complaints: list[Complaint]
    by_status: dict[str, int]
    closed_on_time: int
    closed_late: int


def period_report(session: Session, start_utc, end_utc, limit: int = 2000) -> PeriodReport:
    """Complaints with `start_utc <= received_at < end_utc` (portal.core.periods.Period bounds)."""
    from sqlalchemy.orm import selectinload

    from portal.dumas.models import ComplaintFollowUp

    query = (select(Complaint)
             .where(Complaint.received_at >= start_utc, Complaint.received_at < end_utc)
             .options(selectinload(Complaint.followups).selectinload(ComplaintFollowUp.actor),
                      selectinload(Complaint.category), selectinload(Complaint.assigned_to))
             .order_by(Complaint.received_at, Complaint.id).limit(limit))
    complaints = list(session.scalars(query))
    by_status = {status: 0 for status in STATUSES}
    for complaint in complaints:
        by_status[complaint.status] = by_status.get(complaint.status, 0) + 1
    return PeriodReport(
        complaints=complaints, by_status=by_status,
        closed_on_time=sum(1 for c in complaints if c.closed_on_time is True),
        closed_late=sum(1 for c in complaints if c.closed_on_time is False),
    )
