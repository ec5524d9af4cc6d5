"""Due periods of an action-plan row, read from its PELAKSANAAN text. Pure Python, no Flask, no database.

A *due period* is one slice of the year for which the team hands in evidence (bukti dukung). Its key is the
same as the recap keys (portal.services.recaps), so published recaps and survey results can be matched to it:
``2026-06`` (bulan), ``2026-T2`` (triwulan), ``2026-S1`` (semester), ``2026`` (tahun). A period is due on
its last day (``end``).

Rules, in this order (the month words and ranges are read with the Rencana Aksi parser's own patterns,
portal.services.action_plan_parser):

1. ``Per Triwulan`` / ``Triwulan`` without a number -> four periods T1..T4, each due at the end of its
   quarter (31 Maret, 30 Juni, 30 September, 31 Desember). ``Triwulan II`` -> T2 only.
2. ``Per Semester`` / ``Semester`` without a number -> S1 (due 30 Juni) and S2 (due 31 Desember).
   ``Semester I`` -> S1 only.
3. A month *range* (``Januari – Desember``, ``Januari-Desember``, ``Maret s.d. Agustus``) is a continuous
   activity. It is reported **per semester**, like the plan's own monitoring (row I.3: monev per semester)
   and the semester monev report: one period per semester the range touches, from the range's first month
   in that semester to its last, due at the end of that last month. ``Januari – Desember`` -> S1 (due
   30 Juni) and S2 (due 31 Desember); ``Maret – April`` -> S1 due 30 April; a range that wraps the year end
   (``Oktober – Maret``) touches both semesters of the row's year (Jan–Mar and Oct–Dec).
4. Months named on their own (``Januari``, ``Juni dan Desember``, ``Januari dan Desember``) -> one period
   per month, due at the month end.
5. ``Setiap bulan`` / ``bulanan`` / ``per bulan`` -> twelve monthly periods.
6. Nothing recognised -> the months stored on the row (``fallback_months``) as monthly periods; none at all
   -> one yearly period due 31 Desember, so every row can still be monitored.

A text may combine rules (``Januari dan Juli - Desember`` -> 2026-01 and S2); duplicates collapse
(``Januari - Desember Januari - Desember`` -> S1, S2).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from portal.services.action_plan_parser import _MONTH_WORDS, _RANGE, _SINGLE

MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
             "Oktober", "November", "Desember")
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_NUMBER = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_QUARTER = re.compile(r"\btriwulan(?:an)?\b(?:\s+(?:ke\s*-?\s*)?(iv|iii|ii|i|[1-4])\b)?")
_SEMESTER = re.compile(r"\bsemester(?:an)?\b(?:\s+(?:ke\s*-?\s*)?(ii|i|[12])\b)?")
_MONTHLY = re.compile(r"\b(setiap bulan|tiap bulan|per bulan|perbulan|bulanan)\b")

TYPE_MONTH, TYPE_QUARTER, TYPE_SEMESTER, TYPE_YEAR = "bulan", "triwulan", "semester", "tahun"


@dataclass(frozen=True, order=True)
class DuePeriod:
    end: date  # due date: the last day of the period (first field: periods sort by due date)
    start: date
    key: str
    type: str

    @property
    def due(self) -> date:
        return self.end

    @property
    def year(self) -> int:
        return self.end.year

    @property
    def label(self) -> str:
        if self.type == TYPE_MONTH:
            return f"{MONTHS_ID[self.end.month - 1]} {self.year}"
        if self.type == TYPE_QUARTER:
            return f"Triwulan {ROMAN[(self.end.month - 1) // 3 + 1]} {self.year}"
        if self.type == TYPE_SEMESTER:
            return f"Semester {1 if self.end.month <= 6 else 2} {self.year}"
        return f"Tahun {self.year}"

    @property
    def semester(self) -> int:
        """The semester the period is due in (1: Januari-Juni, 2: Juli-Desember)."""
        return 1 if self.end.month <= 6 else 2


def month_end(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def month_period(year: int, month: int) -> DuePeriod:
    return DuePeriod(month_end(year, month), date(year, month, 1), f"{year:04d}-{month:02d}", TYPE_MONTH)


def quarter_period(year: int, quarter: int) -> DuePeriod:
    first = 3 * quarter - 2
    return DuePeriod(month_end(year, first + 2), date(year, first, 1), f"{year:04d}-T{quarter}", TYPE_QUARTER)


def semester_period(year: int, semester: int, first: int | None = None, last: int | None = None) -> DuePeriod:
    """Semester `semester`; a continuous activity that covers only some of its months gives `first`/`last`."""
    first = first or (1 if semester == 1 else 7)
    last = last or (6 if semester == 1 else 12)
    return DuePeriod(month_end(year, last), date(year, first, 1), f"{year:04d}-S{semester}", TYPE_SEMESTER)


def year_period(year: int) -> DuePeriod:
    return DuePeriod(date(year, 12, 31), date(year, 1, 1), f"{year:04d}", TYPE_YEAR)


def _normalise(text: str) -> str:
    s = (text or "").lower()
    s = re.sub(r"[\u2010-\u2015\u2212]", "-", s)
    return re.sub(r"\b(s\.?\s?d\.?|s/d|sampai dengan|sampai|hingga)(?=\s|$)", " - ", s)


def _range_months(start: int, end: int) -> list[int]:
    months, month = [], start
    while True:
        months.append(month)
        if month == end:
            return months
        month = month % 12 + 1


def due_periods(pelaksanaan: str, year: int, fallback_months: Iterable[int] = ()) -> list[DuePeriod]:
    """The due periods of one row of `year`, sorted by due date (rules in the module docstring)."""
    s = _normalise(pelaksanaan)
    periods: set[DuePeriod] = set()
    for match in _QUARTER.finditer(s):
        quarters = [_NUMBER[match.group(1)]] if match.group(1) else [1, 2, 3, 4]
        periods.update(quarter_period(year, q) for q in quarters)
    for match in _SEMESTER.finditer(s):
        semesters = [_NUMBER[match.group(1)]] if match.group(1) else [1, 2]
        periods.update(semester_period(year, n) for n in semesters)
    if _MONTHLY.search(s):
        periods.update(month_period(year, m) for m in range(1, 13))
    continuous: set[int] = set()
    for match in _RANGE.finditer(s):
        continuous.update(_range_months(_MONTH_WORDS[match.group(1)], _MONTH_WORDS[match.group(2)]))
    for semester, months in ((1, range(1, 7)), (2, range(7, 13))):
        inside = sorted(continuous.intersection(months))
        if inside:
            periods.add(semester_period(year, semester, inside[0], inside[-1]))
    for match in _SINGLE.finditer(_RANGE.sub(" ", s)):
        periods.add(month_period(year, _MONTH_WORDS[match.group(1)]))
    if not periods:
        periods.update(month_period(year, m) for m in sorted(set(fallback_months)) if 1 <= m <= 12)
    if not periods:
        periods.add(year_period(year))
    return _collapse(sorted(periods))


def _collapse(periods: list[DuePeriod]) -> list[DuePeriod]:
    """One period per key (a full semester from rule 2 wins over a partial one from a range)."""
    by_key: dict[str, DuePeriod] = {}
    for period in periods:
        kept = by_key.get(period.key)
        if kept is None or (period.end - period.start) > (kept.end - kept.start):
            by_key[period.key] = period
    return sorted(by_key.values())


def parse_key(key: str) -> DuePeriod | None:
    """`2026-06`, `2026-T2`, `2026-S1` or `2026` -> the full period, or None."""
    key = (key or "").strip().upper()
    if m := re.fullmatch(r"(\d{4})-(\d{2})", key):
        month = int(m[2])
        return month_period(int(m[1]), month) if 1 <= month <= 12 else None
    if m := re.fullmatch(r"(\d{4})-T([1-4])", key):
        return quarter_period(int(m[1]), int(m[2]))
    if m := re.fullmatch(r"(\d{4})-S([12])", key):
        return semester_period(int(m[1]), int(m[2]))
    if m := re.fullmatch(r"(\d{4})", key):
        return year_period(int(m[1]))
    return None
