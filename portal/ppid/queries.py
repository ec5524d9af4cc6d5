"""Read side of PPID information requests for staff: the inbox query (filters, search, order, status tab
counts) and the dashboard figures. Request-free.

The query string is the shared staff vocabulary of DUMAS (portal/dumas/queries.py): ?status=&tenggat=
terlambat|segera&cari=&tahun=&petugas=saya|belum|<id>&urut=nomor|diterima|tenggat|status (a leading "-"
for descending)&halaman=. Overdue and nearly due are SQL conditions on the due date that applies now
(workflow.CLOCK: the first deadline, or the extended one once extended), so filtering, counting and paging
never loop over rows in Python.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, case, func, or_, select
from sqlalchemy.orm import Session

from portal.accounts.models import User
from portal.core import clock, workdays
from portal.core.validation import parse_int
from portal.ppid.models import InfoRequest
from portal.ppid.workflow import CLOCK, STATUSES, WORKFLOW

UNASSIGNED = "none"
MINE = "me"
DUE_FILTERS = ("overdue", "nearly_due")
QUERY_NAMES = {"status": "status", "due": "tenggat", "q": "cari", "year": "tahun", "officer": "petugas",
               "sort": "urut"}
# URL value -> internal value; "lewat" is read as "terlambat" (both words are used for a passed deadline)
QUERY_VALUES = {"due": {"overdue": "terlambat", "nearly_due": "segera"},
                "officer": {UNASSIGNED: "belum", MINE: "saya"}}
READ_ALIASES = {"due": {"lewat": "overdue"}}
SORT_KEYS = ("nomor", "diterima", "tenggat", "status")
DEFAULT_SORT = "-diterima"
MIN_YEAR, MAX_YEAR = 2000, 2100
PER_PAGE = 20


class DueWindow(workdays.DueWindow):
    """The shared window (portal.core.workdays.DueWindow) with the request's deadline rule (CLOCK)."""

    @classmethod
    def build(cls, session: Session, nearly_due_days: int, on: date | None = None) -> DueWindow:
        return super().build(session, nearly_due_days, on or clock.today())

    def overdue_clause(self) -> ColumnElement[bool]:
        return CLOCK.overdue(self)

    def nearly_due_clause(self) -> ColumnElement[bool]:
        return CLOCK.nearly_due(self)

    def state(self, request: InfoRequest) -> str:
        """'overdue', 'nearly_due' or '' for one loaded request (the same rule as the SQL)."""
        return CLOCK.state(self, request)


@dataclass
class InboxFilters:
    status: str = ""
    due: str = ""  # "" | overdue | nearly_due
    q: str = ""
    year: int | None = None
    officer: str = ""  # "" | UNASSIGNED | MINE | a user id
    sort: str = ""

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> InboxFilters:
        raw = {}
        for attr, name in QUERY_NAMES.items():
            value = args.get(name) or ""
            internal = {shown: key for key, shown in QUERY_VALUES.get(attr, {}).items()}
            internal.update(READ_ALIASES.get(attr, {}))
            raw[attr] = internal.get(value, value)
        return cls(status=raw["status"], due=raw["due"], q=raw["q"],
                   year=parse_int(raw["year"], min_value=MIN_YEAR), officer=raw["officer"],
                   sort=raw["sort"]).normalised()

    def normalised(self) -> InboxFilters:
        """Unknown values are dropped rather than rejected (they come from a URL)."""
        officer = (self.officer if self.officer in (UNASSIGNED, MINE) or parse_int(self.officer, min_value=1)
                   else "")
        return InboxFilters(
            status=self.status if self.status in STATUSES else "",
            due=self.due if self.due in DUE_FILTERS else "",
            q=(self.q or "").strip()[:100],
            year=self.year if self.year is not None and MIN_YEAR <= self.year <= MAX_YEAR else None,
            officer=officer,
            sort=self.sort if self.sort.removeprefix("-") in SORT_KEYS and self.sort != DEFAULT_SORT else "",
        )

    def to_args(self) -> dict[str, str]:
        args = {}
        for attr, name in QUERY_NAMES.items():
            value = getattr(self, attr)
            if value not in (None, ""):
                args[name] = QUERY_VALUES.get(attr, {}).get(value, str(value))
        return args

    def replace(self, **changes) -> InboxFilters:
        return InboxFilters(**{**vars(self), **changes})

    @property
    def filtered(self) -> bool:
        return any(value not in (None, "") for key, value in vars(self).items() if key != "sort")

    @property
    def sort_key(self) -> str:
        return (self.sort or DEFAULT_SORT).lstrip("-")

    @property
    def descending(self) -> bool:
        return (self.sort or DEFAULT_SORT).startswith("-")


def sort_columns(key: str) -> tuple[ColumnElement, ...]:
    """The ORDER BY columns of one sort key (ascending), the id last so pages never overlap."""
    if key == "nomor":
        return (InfoRequest.year, InfoRequest.seq)
    if key == "tenggat":
        return (CLOCK.current_due(), InfoRequest.id)
    if key == "status":
        return (case({code: i for i, code in enumerate(STATUSES)}, value=InfoRequest.status, else_=99),
                InfoRequest.received_at, InfoRequest.id)
    return (InfoRequest.received_at, InfoRequest.id)


def search_clause(term: str) -> ColumnElement[bool]:
    """Case-insensitive substring over the number, the applicant's name and the information asked for
    (`%` and `_` typed by the user match literally)."""
    return or_(InfoRequest.number.icontains(term, autoescape=True),
               InfoRequest.applicant_name.icontains(term, autoescape=True),
               InfoRequest.information.icontains(term, autoescape=True))


def conditions(filters: InboxFilters, window: DueWindow, *, me: int | None = None,
               status: bool = True) -> list[ColumnElement[bool]]:
    """The WHERE conditions of the filters (`status=False`: all but the status, for the tab counts)."""
    f = filters.normalised()
    where: list[ColumnElement[bool]] = []
    if status and f.status:
        where.append(InfoRequest.status == f.status)
    if f.due == "overdue":
        where.append(window.overdue_clause())
    elif f.due == "nearly_due":
        where.append(window.nearly_due_clause())
    if f.q:
        where.append(search_clause(f.q))
    if f.year is not None:
        where.append(InfoRequest.year == f.year)  # the number's year: the year of receipt
    if f.officer == UNASSIGNED:
        where.append(InfoRequest.assigned_to_id.is_(None))
    elif f.officer == MINE:
        where.append(InfoRequest.assigned_to_id == me if me else InfoRequest.id.is_(None))
    elif f.officer:
        where.append(InfoRequest.assigned_to_id == int(f.officer))
    return where


def inbox_query(filters: InboxFilters, window: DueWindow, *, me: int | None = None):
    f = filters.normalised()
    columns = sort_columns(f.sort_key)
    order = [c.desc() for c in columns] if f.descending else [c.asc() for c in columns]
    return select(InfoRequest).where(*conditions(f, window, me=me)).order_by(*order)


def status_counts(session: Session, filters: InboxFilters, window: DueWindow, *,
                  me: int | None = None) -> dict[str, int]:
    """How many requests each status tab holds under the other filters: one GROUP BY ("" = all)."""
    where = conditions(filters, window, me=me, status=False)
    rows = session.execute(select(InfoRequest.status, func.count()).where(*where)
                           .group_by(InfoRequest.status))
    found = {code: int(n) for code, n in rows}
    counts = {code: found.get(code, 0) for code in STATUSES}
    counts[""] = sum(found.values())
    return counts


def years(session: Session) -> list[int]:
    """The years that have requests, newest first."""
    return sorted(set(session.scalars(select(InfoRequest.year).distinct())), reverse=True)


def officers(session: Session) -> list[User]:
    """Active users holding the ppid role (who may be assigned a request)."""
    rows = session.scalars(select(User).where(User.active.is_(True), User.roles.contains("ppid"))
                           .order_by(User.name, User.email))
    return [user for user in rows if user.has_role("ppid")]


@dataclass
class DashboardSummary:
    open_total: int
    overdue_total: int
    nearly_due_total: int
    new_total: int
    overdue: list[InfoRequest]
    nearly_due: list[InfoRequest]


def _count_and_first(session: Session, condition: ColumnElement[bool],
                     limit: int) -> tuple[int, list[InfoRequest]]:
    total = session.scalar(select(func.count()).select_from(InfoRequest).where(condition)) or 0
    first = (select(InfoRequest).where(condition).order_by(CLOCK.current_due().asc(), InfoRequest.id.asc())
             .limit(limit))
    return int(total), list(session.scalars(first))


def dashboard_summary(session: Session, window: DueWindow, since: datetime | None = None,
                      limit: int = 5) -> DashboardSummary:
    open_total = session.scalar(select(func.count()).select_from(InfoRequest)
                                .where(InfoRequest.status.in_(WORKFLOW.open_states))) or 0
    new_query = select(func.count()).select_from(InfoRequest)
    if since is not None:
        new_query = new_query.where(InfoRequest.received_at >= since)
    overdue_total, overdue = _count_and_first(session, window.overdue_clause(), limit)
    nearly_total, nearly = _count_and_first(session, window.nearly_due_clause(), limit)
    return DashboardSummary(open_total=int(open_total), overdue_total=overdue_total,
                            nearly_due_total=nearly_total, new_total=int(session.scalar(new_query) or 0),
                            overdue=overdue, nearly_due=nearly)
