"""Read side of gratification reports for staff: the UPG inbox (filters, search, status tab counts), the
reporter's own list and the dashboard figures. Request-free.

Query string (the shared staff vocabulary): ?status=&tenggat=terlambat|segera&cari=&tahun=&halaman=.
Overdue and nearly due are SQL conditions on the deadline that applies now (workflow.CLOCK), so filtering,
counting and paging never loop over rows in Python. Searching never matches the name of a reporter who
asked for confidentiality."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from portal.core import tables as open_tables
from portal.core.validation import parse_int
from portal.core.workdays import DueWindow
from portal.gratification.models import GratificationReport
from portal.gratification.workflow import CLOCK, STATUSES, WORKFLOW

DUE_VALUES = {"terlambat": "overdue", "lewat": "overdue", "segera": "nearly_due"}
DUE_ARGS = {"overdue": "terlambat", "nearly_due": "segera"}
MIN_YEAR, MAX_YEAR = 2000, 2100
PER_PAGE = 20

Report = GratificationReport


@dataclass
class InboxFilters:
    status: str = ""
    due: str = ""  # "" | overdue | nearly_due
    q: str = ""
    year: int | None = None

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> InboxFilters:
        status = args.get("status") or ""
        due = DUE_VALUES.get(args.get("tenggat") or "", "")
        year = parse_int(args.get("tahun"), min_value=MIN_YEAR, max_value=MAX_YEAR)
        return cls(status=status if status in STATUSES else "", due=due,
                   q=(args.get("cari") or "").strip()[:100], year=year)

    def to_args(self) -> dict[str, str]:
        args = {"status": self.status, "tenggat": DUE_ARGS.get(self.due, ""), "cari": self.q,
                "tahun": str(self.year) if self.year else ""}
        return {key: value for key, value in args.items() if value}

    def replace(self, **changes) -> InboxFilters:
        return InboxFilters(**{**vars(self), **changes})

    @property
    def filtered(self) -> bool:
        return bool(self.to_args())


def search_clause(term: str) -> ColumnElement[bool]:
    """Number, giver, occasion; the reporter's name only where the reporter did not ask for
    confidentiality (`%` and `_` match literally)."""
    return or_(Report.number.icontains(term, autoescape=True),
               Report.giver_name.icontains(term, autoescape=True),
               Report.occasion.icontains(term, autoescape=True),
               and_(Report.confidential.is_(False), Report.reporter_name.icontains(term, autoescape=True)))


def conditions(filters: InboxFilters, window: DueWindow, *, status: bool = True) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if status and filters.status:
        where.append(Report.status == filters.status)
    if filters.due == "overdue":
        where.append(CLOCK.overdue(window))
    elif filters.due == "nearly_due":
        where.append(CLOCK.nearly_due(window))
    if filters.q:
        where.append(search_clause(filters.q))
    if filters.year is not None:
        where.append(Report.year == filters.year)
    return where


def inbox_query(filters: InboxFilters, window: DueWindow):
    return (select(Report).where(*conditions(filters, window))
            .order_by(Report.filed_at.desc(), Report.id.desc()))


def own_query(user_id: int):
    """The reporter's own reports, newest first."""
    return (select(Report).where(Report.reporter_id == user_id)
            .order_by(Report.filed_at.desc(), Report.id.desc()))


def status_counts(session: Session, filters: InboxFilters, window: DueWindow) -> dict[str, int]:
    """How many reports each status tab holds under the other filters: one GROUP BY ("" = all)."""
    where = conditions(filters, window, status=False)
    rows = session.execute(select(Report.status, func.count()).where(*where).group_by(Report.status))
    found = {code: int(n) for code, n in rows}
    counts = {code: found.get(code, 0) for code in STATUSES}
    counts[""] = sum(found.values())
    return counts


def years(session: Session) -> list[int]:
    return sorted(set(session.scalars(select(Report.year).distinct())), reverse=True)


@dataclass
class DashboardSummary:
    open_total: int
    overdue_total: int
    nearly_due_total: int
    new_total: int


def dashboard_summary(session: Session, window: DueWindow, since: datetime | None = None) -> DashboardSummary:
    def count(*where) -> int:
        return int(session.scalar(select(func.count()).select_from(Report).where(*where)) or 0)

    return DashboardSummary(
        open_total=count(CLOCK.open_clause()), overdue_total=count(CLOCK.overdue(window)),
        nearly_due_total=count(CLOCK.nearly_due(window)),
        new_total=count(Report.filed_at >= since) if since is not None else count(CLOCK.open_clause()))


def own_summary(session: Session, user_id: int) -> dict[str, int]:
    rows = session.execute(select(Report.status, func.count()).where(Report.reporter_id == user_id)
                           .group_by(Report.status))
    found = {code: int(n) for code, n in rows}
    return {"total": sum(found.values()),
            "open": sum(n for code, n in found.items() if code in WORKFLOW.open_states)}


MASKED = "[dirahasiakan]"  # in the export, instead of a confidential reporter's name and unit


EXPORT_COLUMNS = (
    ("number", _l("Nomor"), 16), ("filed_on", _l("Dilaporkan"), 12), ("received_on", _l("Diterima"), 12),
    ("late", _l("Terlambat dilaporkan"), 10), ("reporter", _l("Pelapor"), 24),
    ("unit", _l("Unit kerja"), 24), ("kind", _l("Jenis"), 14), ("giver", _l("Pemberi"), 24),
    ("value", _l("Perkiraan nilai"), 14), ("handling", _l("Tindakan pelapor"), 16),
    ("status", _l("Status"), 16),
    ("kpk_due", _l("Tenggat KPK"), 12), ("forwarded_on", _l("Diteruskan ke KPK"), 12),
    ("kpk_receipt_number", _l("Nomor tanda terima KPK"), 18), ("decision", _l("Penetapan"), 18),
)


def export_table(session: Session, filters: InboxFilters, window: DueWindow, *,
                 labels: Mapping[str, Mapping]) -> open_tables.Table:
    """The inbox under its filters as one table for the XLSX export: a confidential reporter's name and unit
    are masked (the case page is the one place that shows them). `labels`: statuses, kinds, handlings and
    decisions in the reader's language."""
    columns = [open_tables.Column(key, label, width) for key, label, width in EXPORT_COLUMNS]
    table = open_tables.Table("gratifikasi", _l("Laporan gratifikasi"), columns)

    def label(kind: str, code: str) -> str:
        return str(labels[kind].get(code, code)) if code else ""

    for r in session.scalars(inbox_query(filters, window)):
        hidden = r.confidential
        table.add(r.number, r.filed_on, r.received_on, r.filed_late, MASKED if hidden else r.reporter_name,
                  MASKED if hidden else r.reporter_unit, label("kinds", r.kind), r.giver_name, r.value,
                  label("handlings", r.handling), label("statuses", r.status), r.kpk_due, r.forwarded_on,
                  r.kpk_receipt_number, label("decisions", r.decision))
    return table
