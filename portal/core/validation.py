"""Integers and days from untrusted text (query strings, form fields), within what the database can store.

One strict parser for every integer a client sends: ASCII digits with an optional sign, surrounding
blanks ignored, nothing else (`int()` takes "１２", "1_000" and " +3 ", and refuses "²" with a ValueError);
and the range of a database `integer` column (PostgreSQL: -2**31 .. 2**31-1; beyond it the driver raises,
a 500). Pure Python: no Flask request.

And the pieces every public form's intake shares (DUMAS, PPID requests, gratification reports): a field's
text cleaned (`form_text`, `form_line`) and the field -> messages map (`FieldErrors`) that the feature's
`InvalidFields` error carries back to the form.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

DB_INT_MIN = -(2 ** 31)
DB_INT_MAX = 2 ** 31 - 1
_INT = re.compile(r"[-+]?[0-9]{1,19}", re.ASCII)  # 19 digits: bounds the work of int() whatever is sent


def parse_int(raw, *, min_value: int = DB_INT_MIN, max_value: int = DB_INT_MAX) -> int | None:
    """`raw` (str, int or None) as an int within [min_value, max_value] (clamped to the database range),
    else None (missing, blank, not a plain decimal number, out of range)."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        value = raw
    else:
        text = str(raw).strip() if raw is not None else ""
        if not _INT.fullmatch(text):
            return None
        value = int(text)
    low, high = max(min_value, DB_INT_MIN), min(max_value, DB_INT_MAX)
    return value if low <= value <= high else None


# Typed days (filters, API arguments): ASCII YYYY-MM-DD only (date.fromisoformat also takes "20261201" and
# week dates), years within DAY_YEARS so that the day before and the day after exist (9999-12-31 has no next
# day: a range ending on it was a 500) and every database stores it.
DAY_YEARS = (1900, 2999)
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def year_in_range(year: int) -> bool:
    return DAY_YEARS[0] <= year <= DAY_YEARS[1]


def parse_day(raw) -> date | None:
    """`raw` (text) as a date if it is an ISO day (YYYY-MM-DD) in a year of DAY_YEARS, else None."""
    text = str(raw).strip() if raw is not None else ""
    if not _DAY.fullmatch(text):
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if year_in_range(day.year) else None


def form_text(data: Mapping[str, Any], key: str) -> str:
    """A field's text: CRLF made LF, NUL characters dropped, outer blanks stripped ("" when missing)."""
    value = data.get(key)
    if value is None:
        return ""
    return str(value).replace("\r\n", "\n").replace("\x00", "").strip()


def form_line(data: Mapping[str, Any], key: str) -> str:
    """A one-line field: as `form_text`, inner whitespace (newlines, tabs) collapsed."""
    return re.sub(r"\s+", " ", form_text(data, key))


class FieldErrors(dict):
    """{field: [messages]}; each message a lazy translatable string (translated when it is shown)."""

    def add(self, name: str, message: Any) -> None:
        self.setdefault(name, []).append(message)
