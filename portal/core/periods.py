"""Calendar periods in the office's time zone (PORTAL_TIMEZONE, WIB by default): tahun, semester, triwulan,
bulan and date ranges.

One Period type for every feature that reports per period: DUMAS recaps (portal.recap.service), SKM
results (portal.survey.service), WBS quarterly recaps (portal.wbs.service) and ZI due periods
(portal.zi.periods, which adds due dates and partial semesters on top). Pure Python: no Flask
request, no database.

Keys, the same in every feature (a published recap, SKM result and ZI due period of one period match):
``2026`` (tahun), ``2026-S1`` (semester), ``2026-T3`` (triwulan), ``2026-06`` (bulan),
``20260115-20260220`` (rentang: a date range, both days included).

Labels, the same everywhere, in the reader's language (translated when read): ``Tahun 2026``,
``Semester 1 2026``, ``Triwulan III 2026``, ``Juni 2026``, ``15 Januari 2026 – 20 Februari 2026``; in English
``Year 2026``, ``H1 2026``, ``Q3 2026``, ``June 2026``, ``15 January 2026 – 20 February 2026`` (pgettext
"period label": one Indonesian word, "Triwulan", is "Quarter" as a type and "Q" in a label). ``as_dict()``,
which is frozen into published snapshots, keeps the Indonesian label whatever the publisher's language.

``start`` and ``end`` are local calendar dates, ``end`` included. ``start_utc``/``end_utc`` are the UTC
instants of local midnight at the start and after the end, for index-friendly filters on UTC timestamps
(``column >= start_utc AND column < end_utc``): correct at month boundaries (31 March 23.30 WIB is March,
1 April 00.30 WIB is April).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import force_locale, pgettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.core import clock
from portal.core.errors import DomainError
from portal.core.formatting import month_name, tanggal
from portal.core.validation import parse_int

YEAR, SEMESTER, QUARTER, MONTH, RANGE = "tahun", "semester", "triwulan", "bulan", "rentang"
TYPES: dict[str, str] = {
    YEAR: _l("Tahun"),
    SEMESTER: _l("Semester"),
    QUARTER: _l("Triwulan"),
    MONTH: _l("Bulan"),
    RANGE: _l("Rentang tanggal"),
}
EXAMPLES = {YEAR: "2026", SEMESTER: "2026-S1", QUARTER: "2026-T1", MONTH: "2026-03",
            RANGE: "20260101-20260131"}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
# Labels of semesters and quarters, per (type, number): "Triwulan III 2026" is "Q3 2026" in English. Calls of
# pgettext itself (not a lazy table) so that `make translations` (default keywords) extracts them.
NUMBERED_LABELS: dict[tuple[str, int], Callable[[int], str]] = {
    (SEMESTER, 1): lambda year: pgettext("period label", "Semester 1 %(year)s", year=year),
    (SEMESTER, 2): lambda year: pgettext("period label", "Semester 2 %(year)s", year=year),
    (QUARTER, 1): lambda year: pgettext("period label", "Triwulan I %(year)s", year=year),
    (QUARTER, 2): lambda year: pgettext("period label", "Triwulan II %(year)s", year=year),
    (QUARTER, 3): lambda year: pgettext("period label", "Triwulan III %(year)s", year=year),
    (QUARTER, 4): lambda year: pgettext("period label", "Triwulan IV %(year)s", year=year),
}
MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_RANGE_DAYS = 366 * 5


@dataclass(frozen=True)
class Period:
    type: str  # tahun | semester | triwulan | bulan | rentang
    key: str  # 2026 | 2026-S1 | 2026-T1 | 2026-03 | 20260115-20260220
    start: date
    end: date  # inclusive

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def number(self) -> int | None:
        """The semester (1-2), triwulan (1-4) or month (1-12) named by the key; None for tahun and rentang."""
        if self.type in (SEMESTER, QUARTER, MONTH):
            return int(self.key[5:].lstrip("ST"))
        return None

    @property
    def label(self) -> str:
        """In the reader's language (Indonesian outside a request)."""
        if self.type == YEAR:
            return pgettext("period label", "Tahun %(year)s", year=self.year)
        if self.type in (SEMESTER, QUARTER):
            return NUMBERED_LABELS[self.type, self.number](self.year)
        if self.type == MONTH:
            return month_name(self.number, self.year)
        return f"{tanggal(self.start)} – {tanggal(self.end)}"

    @property
    def label_id(self) -> str:
        """The Indonesian label, for what is stored or sent in Indonesian whatever the reader's language."""
        with force_locale("id"):
            return self.label

    @property
    def months(self) -> int:
        """How many calendar months the period touches (tahun 12, semester 6, triwulan 3, bulan 1)."""
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    @property
    def start_utc(self) -> datetime:
        return local_midnight_utc(self.start)

    @property
    def end_utc(self) -> datetime:
        """Exclusive end: local midnight after the last day, in UTC."""
        return local_midnight_utc(self.end + timedelta(days=1))

    def as_dict(self) -> dict[str, str]:
        return {"type": self.type, "key": self.key, "label": self.label_id, "start": self.start.isoformat(),
                "end": self.end.isoformat(), "timezone": str(clock.zone())}


def local_midnight_utc(day: date) -> datetime:
    return clock.local_moment(day, time(0))


def current_year() -> int:
    """The year of today's date at the office."""
    return clock.today().year


def month_end(year: int, month: int) -> date:
    """The last day of `month` of `year`; months past 12 run on into the next year (month_end(2026, 14))."""
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DomainError("Tahun harus antara %(a)s dan %(b)s.", a=MIN_YEAR, b=MAX_YEAR)


# ------------------------------------------------------------------------------------------ constructors
def year_period(year: int) -> Period:
    _check_year(year)
    return Period(YEAR, f"{year:04d}", date(year, 1, 1), date(year, 12, 31))


def semester_period(year: int, semester: int) -> Period:
    _check_year(year)
    if semester not in (1, 2):
        raise DomainError("Semester harus 1 atau 2.")
    first = 1 if semester == 1 else 7
    return Period(SEMESTER, f"{year:04d}-S{semester}", date(year, first, 1), month_end(year, first + 5))


def quarter_period(year: int, quarter: int) -> Period:
    _check_year(year)
    if quarter not in (1, 2, 3, 4):
        raise DomainError("Triwulan harus 1 sampai 4.")
    first = (quarter - 1) * 3 + 1
    return Period(QUARTER, f"{year:04d}-T{quarter}", date(year, first, 1), month_end(year, first + 2))


def month_period(year: int, month: int) -> Period:
    _check_year(year)
    if not 1 <= month <= 12:
        raise DomainError("Bulan harus 1 sampai 12.")
    return Period(MONTH, f"{year:04d}-{month:02d}", date(year, month, 1), month_end(year, month))


def range_period(start: date | None, end: date | None) -> Period:
    if start is None or end is None:
        raise DomainError("Isi tanggal awal dan tanggal akhir rentang.")
    _check_year(start.year)
    _check_year(end.year)
    if end < start:
        raise DomainError("Tanggal akhir tidak boleh sebelum tanggal awal.")
    if (end - start).days > MAX_RANGE_DAYS:
        raise DomainError("Rentang tanggal paling panjang lima tahun.")
    return Period(RANGE, f"{start:%Y%m%d}-{end:%Y%m%d}", start, end)


def containing(day: date, type_: str) -> Period:
    """The tahun, semester, triwulan or bulan that `day` falls in."""
    if type_ == YEAR:
        return year_period(day.year)
    if type_ == SEMESTER:
        return semester_period(day.year, 1 if day.month <= 6 else 2)
    if type_ == QUARTER:
        return quarter_period(day.year, (day.month - 1) // 3 + 1)
    if type_ == MONTH:
        return month_period(day.year, day.month)
    raise ValueError(f"no calendar period of type {type_!r}")


# --------------------------------------------------------------------------------------------- parsing
_KEY_PATTERNS: list[tuple[str, re.Pattern[str], Callable[[re.Match[str]], Period]]] = [
    (YEAR, re.compile(r"^(\d{4})$", re.ASCII), lambda m: year_period(int(m[1]))),
    (SEMESTER, re.compile(r"^(\d{4})-S([12])$", re.ASCII), lambda m: semester_period(int(m[1]), int(m[2]))),
    (QUARTER, re.compile(r"^(\d{4})-T([1-4])$", re.ASCII), lambda m: quarter_period(int(m[1]), int(m[2]))),
    (MONTH, re.compile(r"^(\d{4})-(\d{2})$", re.ASCII), lambda m: month_period(int(m[1]), int(m[2]))),
    (RANGE, re.compile(r"^(\d{4})(\d{2})(\d{2})-(\d{4})(\d{2})(\d{2})$", re.ASCII), lambda m: range_period(
        date(int(m[1]), int(m[2]), int(m[3])), date(int(m[4]), int(m[5]), int(m[6])))),
]


def _or_list(words: list[str]) -> str:
    if len(words) == 1:
        return words[0]
    return _("%(first)s atau %(last)s", first=", ".join(words[:-1]), last=words[-1])


def parse_period(key: str, allowed: Iterable[str] | None = None, *, what: str = "Periode") -> Period:
    """`2026`, `2026-S1`, `2026-T1`, `2026-03` or `20260115-20260220` -> Period (case-insensitive).

    DomainError when the key is unknown or names an impossible period (a year outside 2000-2100, 31
    February). `allowed` restricts the period types a feature accepts; a key of another type is refused
    with a message that names them in that order, e.g. allowed=("triwulan", "semester", "tahun") and
    what="Periode SKM": "Periode SKM adalah triwulan, semester atau tahun (contoh: 2026-T1, 2026-S1, 2026)."
    """
    types = list(allowed) if allowed is not None else None
    key = (key or "").strip().upper()
    for type_, pattern, build in _KEY_PATTERNS:
        if types is not None and type_ not in types:
            continue
        match = pattern.match(key)
        if match:
            try:
                return build(match)
            except ValueError:  # e.g. 20260231
                break
    if types is None:
        raise DomainError(
            "Periode tidak dikenal. Contoh: 2026, 2026-S1, 2026-T1, 2026-03 atau 20260101-20260131.")
    raise DomainError("%(what)s adalah %(types)s (contoh: %(examples)s).", what=str(what),
                      types=_or_list([str(TYPES[t]).lower() for t in types]),
                      examples=", ".join(EXAMPLES[t] for t in types))


# ------------------------------------------------------------------ year / semester / quarter / month numbers
def _number(raw, low: int, high: int, error: DomainError) -> int | None:
    """The one parser of a period number from a query string or form: None when missing or blank (the caller
    falls back to its default), `error` raised when it is not a number from `low` to `high`."""
    if raw is None or not str(raw).strip():
        return None
    value = parse_int(raw, min_value=low, max_value=high)
    if value is None:
        raise error
    return value


def parse_year(raw) -> int | None:
    """"2026" -> 2026; None when blank; DomainError unless a year from 2000 to 2100 in ASCII digits."""
    return _number(raw, MIN_YEAR, MAX_YEAR,
                   DomainError("Tahun harus antara %(a)s dan %(b)s.", a=MIN_YEAR, b=MAX_YEAR))


def parse_semester(raw) -> int | None:
    return _number(raw, 1, 2, DomainError("Semester harus 1 atau 2."))


def parse_quarter(raw) -> int | None:
    return _number(raw, 1, 4, DomainError("Triwulan harus 1 sampai 4."))


def parse_month(raw) -> int | None:
    return _number(raw, 1, 12, DomainError("Bulan harus 1 sampai 12."))


# ------------------------------------------------------------------------------------------ month parts
@dataclass(frozen=True)
class Segment:
    """One month (or the part of it inside the period) with its UTC bounds."""

    key: str
    label: str
    year: int
    month: int
    start_utc: datetime
    end_utc: datetime


def month_segments(period: Period) -> list[Segment]:
    segments = []
    year, month = period.start.year, period.start.month
    while date(year, month, 1) <= period.end:
        first = max(date(year, month, 1), period.start)
        last = min(month_end(year, month), period.end)
        segments.append(Segment(f"{year:04d}-{month:02d}", month_name(month, year), year, month,
                                local_midnight_utc(first), local_midnight_utc(last + timedelta(days=1))))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return segments
