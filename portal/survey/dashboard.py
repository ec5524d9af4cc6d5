"""The SKM panel of the staff dashboard (/admin/, roles admin, editor, pimpinan): what to act on first.

Follow-up plans (rencana tindak lanjut) have a free-text timeline, so their due date is taken from the period
they answer: a plan for period P is carried out in the triwulan after P ends. A plan with no realisation
recorded (`progress` empty) is open; it is overdue once that triwulan has ended, due soon while it runs.
Counts in SQL (COUNT ... GROUP BY period_key); then the running triwulan's IKM so far (portal/survey/admin.py)
and the responses since the officer's previous log-in."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.core.clock import today
from portal.core.errors import DomainError
from portal.core.periods import Period
from portal.extensions import db
from portal.survey import service as survey
from portal.survey.models import SurveyFollowUp, SurveyResponse


@dataclass
class FollowUpBucket:
    """Open plans of one kind: their total and (period, count) per period, oldest first."""

    total: int = 0
    periods: list[tuple[Period, int]] = field(default_factory=list)

    def add(self, period: Period, count: int) -> None:
        self.total += count
        self.periods.append((period, count))

    @property
    def first(self) -> Period | None:
        return self.periods[0][0] if self.periods else None


@dataclass
class FollowUpSummary:
    overdue: FollowUpBucket
    due_soon: FollowUpBucket
    open: FollowUpBucket  # every plan without a realisation, overdue and due soon included


def realisation_due(period: Period) -> Period:
    """The triwulan in which the plans of `period` are carried out: the one after `period` ends."""
    return survey.current_period(period.end + timedelta(days=1))


def follow_up_summary(session: Session) -> FollowUpSummary:
    open_plans = func.trim(func.coalesce(SurveyFollowUp.progress, "")) == ""
    rows = session.execute(
        select(SurveyFollowUp.period_key, func.count()).where(open_plans)
        .group_by(SurveyFollowUp.period_key)).all()
    on = today()
    summary = FollowUpSummary(FollowUpBucket(), FollowUpBucket(), FollowUpBucket())
    periods = []
    for key, count in rows:
        try:
            periods.append((survey.period_from_key(key), int(count)))
        except DomainError:  # a key no longer understood: still open, counted, not linked by period
            summary.open.total += int(count)
    for period, count in sorted(periods, key=lambda item: (item[0].start, item[0].end)):
        summary.open.add(period, count)
        due = realisation_due(period)
        if due.end < on:
            summary.overdue.add(period, count)
        elif due.start <= on:
            summary.due_soon.add(period, count)
    return summary


def responses_since(session: Session, since: datetime | None) -> int:
    """How many questionnaires were answered at or after `since` (all of them when None)."""
    query = select(func.count()).select_from(SurveyResponse)
    if since is not None:
        query = query.where(SurveyResponse.submitted_at >= since)
    return int(session.scalar(query) or 0)


def dashboard_context(since: datetime | None = None) -> dict:
    from portal.survey.admin import dashboard_context as ikm_so_far

    return {**ikm_so_far(), "skm_follow_ups": follow_up_summary(db.session),
            "skm_new": responses_since(db.session, since)}
