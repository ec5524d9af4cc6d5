"""Integers from untrusted text (query strings, form fields), within what the database can store.

One strict parser for every integer a client sends: ASCII digits with an optional sign, surrounding
blanks ignored, nothing else (`int()` takes "１２", "1_000" and " +3 ", and refuses "²" with a ValueError);
and the range of a database `integer` column (PostgreSQL: -2**31 .. 2**31-1; beyond it the driver raises,
a 500). Pure Python: no Flask request.
"""
from __future__ import annotations

import re

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
