"""Working-day arithmetic: Monday–Friday, minus national holidays and cuti bersama (Holiday table)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session

from portal.core.clock import local_date  # noqa: F401  (re-exported: the office's date of a moment)
from portal.core.models.calendar import Holiday


def holidays_between(session: Session, start: date, end: date) -> set[date]:
    return set(session.scalars(select(Holiday.day).where(Holiday.day >= start, Holiday.day <= end)))


def is_working_day(day: date, holidays: Iterable[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: date, days: int, holidays: Iterable[date]) -> date:
    """The date `days` working days after `start` (the start day itself is day 0)."""
    holidays = set(holidays)
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current, holidays):
            remaining -= 1
    return current


def working_days_between(start: date, end: date, holidays: Iterable[date]) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    holidays = set(holidays)
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current, holidays):
            count += 1
    return count


def due_date(session: Session, start: date, days: int) -> date:
    """`add_working_days` with the holidays from the database (looks far enough ahead for 60 working days)."""
    horizon = start + timedelta(days=days * 2 + 60)
    return add_working_days(start, days, holidays_between(session, start, horizon))


def working_days_left(session: Session, due: date | None, on: date) -> int | None:
    """Working days from `on` to `due` (0 = due today); negative when the date has passed."""
    if due is None:
        return None
    if due >= on:
        return working_days_between(on, due, holidays_between(session, on, due))
    return -working_days_between(due, on, holidays_between(session, due, on))


@dataclass(frozen=True)
class DueWindow:
    """`today` and the last date still counted as nearly due (today + N working days).

    Shared by DUMAS and WBS: overdue / nearly-due are SQL conditions on a case's current due date
    (a column expression) and on whether it is open, so inbox filters never loop over rows in Python.
    A NULL due date is "no deadline": it matches neither condition.
    """

    today: date
    nearly_until: date

    @classmethod
    def build(cls, session: Session, nearly_due_days: int, on: date) -> DueWindow:
        return cls(today=on, nearly_until=due_date(session, on, max(nearly_due_days, 0)))

    def overdue(self, due: ColumnElement, is_open: ColumnElement[bool]) -> ColumnElement[bool]:
        return and_(is_open, due < self.today)

    def nearly_due(self, due: ColumnElement, is_open: ColumnElement[bool]) -> ColumnElement[bool]:
        return and_(is_open, due >= self.today, due <= self.nearly_until)

    def classify(self, due: date | None, is_open: bool) -> str:
        """'overdue', 'nearly_due' or '' for one loaded case (same rule as the SQL conditions)."""
        if not is_open or due is None:
            return ""
        if due < self.today:
            return "overdue"
        if due <= self.nearly_until:
            return "nearly_due"
        return ""
