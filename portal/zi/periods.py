"""Due periods of an action-plan row, read from its PELAKSANAAN text. Pure Python, no Flask, no database.

A *due period* is one slice of the year for which the team hands in evidence (bukti dukung). It is a calendar
period of portal.core.periods (same keys and labels as the DUMAS recaps and SKM results, so published
recaps and survey results can be matched to it): ``2026-06`` (bulan), ``2026-T2`` (triwulan), ``2026-S1``
(semester), ``2026`` (tahun). A period is due on its last day (``end``).

Rules, in this order (the month words and ranges are read with the Rencana Aksi parser's own patterns,
portal.action_plan.parser):

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
from dataclasses import replace
from datetime import date
from functools import total_ordering

from portal.action_plan.parser import _MONTH_WORDS, _RANGE, _SINGLE
from portal.core import periods
from portal.core.errors import DomainError
from portal.core.periods import MONTH, QUARTER, SEMESTER, YEAR, Period, month_end

_NUMBER = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_QUARTER = re.compile(r"\btriwulan(?:an)?\b(?:\s+(?:ke\s*-?\s*)?(iv|iii|ii|i|[1-4])\b)?")
_SEMESTER = re.compile(r"\bsemester(?:an)?\b(?:\s+(?:ke\s*-?\s*)?(ii|i|[12])\b)?")
_MONTHLY = re.compile(r"\b(setiap bulan|tiap bulan|per bulan|perbulan|bulanan)\b")


@total_ordering
class DuePeriod(Period):
    """A calendar period as a ZI due period: due on its last day; periods sort by due date. A semester of a
    continuous activity may cover only the months of it the activity runs in (``start``/``end`` are then
    those months', the key and label stay the semester's)."""

    @classmethod
    def of(cls, period: Period) -> DuePeriod:
        return cls(period.type, period.key, period.start, period.end)

    @property
    def due(self) -> date:
        return self.end

    @property
    def semester(self) -> int:
        """The semester the period is due in (1: Januari-Juni, 2: Juli-Desember)."""
        return 1 if self.end.month <= 6 else 2

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, DuePeriod):
            return NotImplemented
        return (self.end, self.start, self.key, self.type) < (other.end, other.start, other.key, other.type)


def _semester(year: int, semester: int, first: int, last: int) -> DuePeriod:
    """The part of semester `semester` from month `first` to month `last` (the whole of it: 1-6 or 7-12)."""
    return replace(DuePeriod.of(periods.semester_period(year, semester)), start=date(year, first, 1),
                   end=month_end(year, last))


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
    found = _named_periods(s, year) | _month_periods(s, year)
    if not found:
        found.update(_month(year, m) for m in sorted(set(fallback_months)) if 1 <= m <= 12)
    if not found:
        found.add(DuePeriod.of(periods.year_period(year)))
    return _collapse(sorted(found))


def _month(year: int, m: int) -> DuePeriod:
    return DuePeriod.of(periods.month_period(year, m))


def _named_periods(s: str, year: int) -> set[DuePeriod]:
    """Triwulan and semester named in the text (rules 1 and 2), and every month for "setiap bulan"."""
    found: set[DuePeriod] = set()
    for match in _QUARTER.finditer(s):
        quarters = [_NUMBER[match.group(1)]] if match.group(1) else [1, 2, 3, 4]
        found.update(DuePeriod.of(periods.quarter_period(year, q)) for q in quarters)
    for match in _SEMESTER.finditer(s):
        semesters = [_NUMBER[match.group(1)]] if match.group(1) else [1, 2]
        found.update(DuePeriod.of(periods.semester_period(year, n)) for n in semesters)
    if _MONTHLY.search(s):
        found.update(_month(year, m) for m in range(1, 13))
    return found


def _month_periods(s: str, year: int) -> set[DuePeriod]:
    """Month ranges ("Januari - Juni": the part of each semester they cover) and single months."""
    found: set[DuePeriod] = set()
    continuous: set[int] = set()
    for match in _RANGE.finditer(s):
        continuous.update(_range_months(_MONTH_WORDS[match.group(1)], _MONTH_WORDS[match.group(2)]))
    for semester, months in ((1, range(1, 7)), (2, range(7, 13))):
        inside = sorted(continuous.intersection(months))
        if inside:
            found.add(_semester(year, semester, inside[0], inside[-1]))
    for match in _SINGLE.finditer(_RANGE.sub(" ", s)):
        found.add(_month(year, _MONTH_WORDS[match.group(1)]))
    return found


def _collapse(found: list[DuePeriod]) -> list[DuePeriod]:
    """One period per key (a full semester from rule 2 wins over a partial one from a range)."""
    by_key: dict[str, DuePeriod] = {}
    for period in found:
        kept = by_key.get(period.key)
        if kept is None or (period.end - period.start) > (kept.end - kept.start):
            by_key[period.key] = period
    return sorted(by_key.values())


def parse_key(key: str) -> DuePeriod | None:
    """`2026-06`, `2026-T2`, `2026-S1` or `2026` -> the full period, or None."""
    try:
        return DuePeriod.of(periods.parse_period(key, (MONTH, QUARTER, SEMESTER, YEAR)))
    except DomainError:
        return None
