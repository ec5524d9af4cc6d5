"""Working-day arithmetic: Monday–Friday, minus national holidays and cuti bersama (Holiday table)."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import Holiday

JAKARTA = ZoneInfo("Asia/Jakarta")


def local_date(moment: datetime) -> date:
    """The calendar date in Indonesia (WIB) of an aware datetime."""
    return moment.astimezone(JAKARTA).date()


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
