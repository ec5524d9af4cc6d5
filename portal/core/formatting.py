"""Jinja filters for dates and numbers, in the reader's language through Babel (flask_babel's formatters in
a request or app context, Babel's own with the Indonesian locale outside one): ``1 Desember 2026`` /
``1 December 2026``, ``1.234,5`` / ``1,234.5``."""
from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

import flask_babel
from babel import Locale, dates, numbers
from markupsafe import Markup

from portal.core import clock

MONTHS_ID = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]
DEFAULT_LOCALE = Locale.parse("id")
DATE_PATTERN = "d MMMM y"  # the same order in both languages: 1 Desember 2026, 1 December 2026
SHORT_DATE_PATTERN = "d MMM y"  # one line in a table cell: 1 Des 2026, 1 Dec 2026
TIME_PATTERNS = {"id": "HH.mm", "en": "HH:mm"}


def locale() -> Locale:
    """The reader's locale (Indonesian outside a request or app context)."""
    return flask_babel.get_locale() or DEFAULT_LOCALE


# Formatting is pure given (value, pattern, locale), and a table repeats the same few days and numbers:
# the text is kept, so a page with 20 rows asks Babel (and flask_babel's context-local proxies) once per
# distinct value, not once per cell. Bounded, shared by every request of the process.
@lru_cache(maxsize=4096)
def _date_text(day: date, pattern: str, loc: Locale) -> str:
    return dates.format_date(day, pattern, locale=loc)


@lru_cache(maxsize=4096)
def _decimal_text(value: float, pattern: str, loc: Locale) -> str:
    return numbers.format_decimal(value, pattern, locale=loc)


def format_date(day: date, pattern: str = DATE_PATTERN) -> str:
    """`day` (a calendar date, not converted) with a Babel `pattern`, in the reader's language."""
    return _date_text(day, pattern, locale())


def month_name(month: int, year: int) -> str:
    """`Juni 2026` / `June 2026`."""
    return format_date(date(year, month, 1), "MMMM y")


def month_label(month: int) -> str:
    """`Juni` / `June`: the month alone (a stand-alone name, as in a month chooser)."""
    return dates.get_month_names("wide", "stand-alone", locale=locale())[month]


def _time_text(moment: datetime) -> str:
    pattern = TIME_PATTERNS.get(locale().language, TIME_PATTERNS["id"])
    return dates.format_time(moment.time(), pattern, locale=locale())


def tanggal(value: date | datetime | None, with_time: bool = False, short: bool = False) -> str:
    """`2 Februari 2026` (and `, 14.05 WIB` with time), in the office's zone (portal/core/clock.py);
    `2 February 2026, 14:05 WIB` in English. `short`: the abbreviated month, `2 Feb 2026` (tables)."""
    if value is None:
        return "–"
    pattern = SHORT_DATE_PATTERN if short else DATE_PATTERN
    if isinstance(value, datetime):
        local = value.astimezone(clock.zone()) if value.tzinfo else value
        text = format_date(local.date(), pattern)
        if with_time:
            text += f", {_time_text(local)} {local.tzname() or 'WIB'}"
        return text
    return format_date(value, pattern)


def angka(value: float | None, digits: int = 0) -> str:
    """1.234,56 in Indonesian, 1,234.56 in English; always `digits` decimals."""
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return _decimal_text(value, pattern, locale())


def register_filters(app) -> None:
    app.jinja_env.filters["tanggal"] = tanggal
    app.jinja_env.filters["angka"] = angka
    app.jinja_env.globals["MONTHS_ID"] = MONTHS_ID
    app.jinja_env.globals["Markup"] = Markup
