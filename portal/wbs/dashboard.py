"""The WBS panel of the staff dashboard (/admin/, role wbs): counts only, never anything that could point to
a reporter (no number, no category, no date of a single report): new (unread by the team), overdue, nearly
due, open per state. Each figure is one SQL COUNT (GROUP BY for the states) over the reports not purged.

Reading these counts is not a read of a report: nothing is decrypted, nothing is audited."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.core.workdays import DueWindow
from portal.extensions import db
from portal.wbs import service
from portal.wbs.models import WBS_OPEN_STATUSES, WBS_STATUSES, WbsReport


@dataclass(frozen=True)
class WbsSummary:
    unread: int
    overdue: int
    nearly_due: int
    by_status: dict[str, int]  # the open states only

    @property
    def open_total(self) -> int:
        return sum(self.by_status.values())


def _count(session: Session, *conditions) -> int:
    query = select(func.count()).select_from(WbsReport).where(WbsReport.purged_on.is_(None), *conditions)
    return int(session.scalar(query) or 0)


def summary(session: Session, window: DueWindow) -> WbsSummary:
    rows = session.execute(
        select(WbsReport.status, func.count()).where(WbsReport.purged_on.is_(None),
                                                     WbsReport.status.in_(WBS_OPEN_STATUSES))
        .group_by(WbsReport.status)
    ).all()
    counts = dict(rows)
    return WbsSummary(
        unread=_count(session, WbsReport.unread.is_(True)),
        overdue=_count(session, service.overdue_clause(window)),
        nearly_due=_count(session, service.nearly_due_clause(window)),
        by_status={status: int(counts.get(status, 0)) for status in WBS_OPEN_STATUSES},
    )


def dashboard_context() -> dict:
    window = service.due_window(db.session, current_app.config["WBS_NEARLY_DUE_DAYS"])
    return {"wbs_summary": summary(db.session, window), "wbs_statuses": WBS_STATUSES}
