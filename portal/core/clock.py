"""The one clock: what time and what day it is in the office's time zone (`PORTAL_TIMEZONE`).

Every "today", every local date of a stored moment, every deadline day is computed here, so the setting
(config.py, default Asia/Jakarta, WIB) reaches the domain code as well as Babel's date formatting. Stored
moments are aware UTC datetimes (portal/core/models/base.py); the office's zone is applied only here.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Asia/Jakarta"


@lru_cache(maxsize=8)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def zone() -> ZoneInfo:
    """The office's time zone: the app's PORTAL_TIMEZONE setting, else WIB (outside an app)."""
    from flask import current_app, has_app_context

    return _zone(current_app.config["PORTAL_TIMEZONE"] if has_app_context() else DEFAULT_TIMEZONE)


def utcnow() -> datetime:
    return datetime.now(UTC)


def now() -> datetime:
    """The current moment in the office's zone (aware)."""
    return datetime.now(zone())


def today() -> date:
    """Today's date at the office."""
    return now().date()


def local_date(moment: datetime) -> date:
    """The office's calendar date of an aware moment."""
    return moment.astimezone(zone()).date()


def local_moment(day: date, at: time = time(12, 0)) -> datetime:
    """The aware moment (UTC) of a clock time on an office calendar day (midday unless told)."""
    return datetime.combine(day, at, tzinfo=zone()).astimezone(UTC)
