"""The gratification recap per period (triwulan, semester, tahun): how many reports were filed, refused,
forwarded to the KPK and decided, by kind of gift and by value band. Counts only, one GROUP BY per figure
over the day of filing (`filed_on`). The staff page, its XLSX and print, the public /rekap section and
/api/v1/gratifikasi/rekap all read this one function; nothing here ever returns a name, a giver or the
value of a single report. Request-free."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.core import periods as core_periods
from portal.core import tables as open_tables
from portal.gratification.models import HANDLINGS, KINDS, GratificationReport

Report = GratificationReport

# The value bands, in Rupiah: (code, lower bound included, upper bound excluded or None, label). The one
# place they are defined.
VALUE_BANDS: tuple[tuple[str, int, int | None, Any], ...] = (
    ("kurang_1jt", 0, 1_000_000, _l("Kurang dari Rp1 juta")),
    ("1jt_10jt", 1_000_000, 10_000_000, _l("Rp1 juta sampai kurang dari Rp10 juta")),
    ("10jt_100jt", 10_000_000, 100_000_000, _l("Rp10 juta sampai kurang dari Rp100 juta")),
    ("100jt_lebih", 100_000_000, None, _l("Rp100 juta atau lebih")),
)
BAND_LABELS = {code: label for code, _low, _high, label in VALUE_BANDS}
KIND_LABELS: dict[str, Any] = {
    "uang": _l("Uang"), "barang": _l("Barang"), "makanan": _l("Makanan / minuman"),
    "fasilitas": _l("Fasilitas (perjalanan, penginapan, jamuan)"), "voucher": _l("Voucer / tiket"),
    "lainnya": _l("Lainnya"),
}
HANDLING_LABELS: dict[str, Any] = {
    "ditolak": _l("Ditolak"), "disimpan": _l("Diterima dan disimpan"),
    "diserahkan_upg": _l("Diserahkan ke UPG"),
}
# The decisions as counted: (decided_by, decision) -> code of the recap row.
DECISION_ROWS: tuple[tuple[str, str, str, Any], ...] = (
    ("kpk_milik_negara", "kpk", "milik_negara", _l("Ditetapkan KPK: milik negara")),
    ("kpk_milik_penerima", "kpk", "milik_penerima", _l("Ditetapkan KPK: milik penerima")),
    ("upg_milik_penerima", "upg", "milik_penerima", _l("Ditetapkan UPG: milik penerima")),
    ("upg_disalurkan_sosial", "upg", "disalurkan_sosial", _l("Ditetapkan UPG: disalurkan ke lembaga sosial")),
)
SUMMARY_LABELS: dict[str, Any] = {
    "reports": _l("Laporan gratifikasi"),
    "refused": _l("Gratifikasi yang ditolak"),
    "late": _l("Dilaporkan melewati batas waktu ke UPG"),
    "forwarded": _l("Diteruskan ke KPK"),
    "not_processed": _l("Tidak diproses"),
}


def band_of(value: int) -> str:
    for code, low, high, _label in VALUE_BANDS:
        if value >= low and (high is None or value < high):
            return code
    return VALUE_BANDS[0][0]


@dataclass
class Recap:
    period: core_periods.Period
    summary: dict[str, int] = field(default_factory=dict)  # SUMMARY_LABELS keys
    decisions: dict[str, int] = field(default_factory=dict)  # DECISION_ROWS codes
    kinds: dict[str, int] = field(default_factory=dict)  # KINDS
    bands: dict[str, int] = field(default_factory=dict)  # VALUE_BANDS codes
    handlings: dict[str, int] = field(default_factory=dict)  # HANDLINGS

    def as_dict(self) -> dict[str, Any]:
        """The numbers as plain data (the API): codes as keys of documented maps."""
        return {"period_key": self.period.key, "period_type": self.period.type, "label": self.period.label,
                "start": self.period.start.isoformat(), "end": self.period.end.isoformat(),
                "reports": self.summary["reports"], "refused": self.summary["refused"],
                "late": self.summary["late"], "forwarded": self.summary["forwarded"],
                "not_processed": self.summary["not_processed"], "decisions": dict(self.decisions),
                "by_kind": dict(self.kinds), "by_value_band": dict(self.bands),
                "by_handling": dict(self.handlings)}


_COLUMNS = (Report.filed_on, Report.handling, Report.filed_late, Report.forwarded_on, Report.status,
            Report.kind, Report.value, Report.decided_by, Report.decision)


def _fetch(session: Session, start, end) -> list:
    """The few columns a recap counts, of the reports filed from `start` to `end` (both included): one
    query for any number of periods inside that span (a year's quarters and the year: five recaps, one
    statement). An office files tens of reports a year, so counting them here is cheaper than a GROUP BY
    per table per period."""
    return session.execute(select(*_COLUMNS).where(Report.filed_on >= start, Report.filed_on <= end)).all()


def _aggregate(period: core_periods.Period, rows: list) -> Recap:
    rows = [r for r in rows if period.start <= r.filed_on <= period.end]
    recap = Recap(period)
    recap.summary = dict(zip(SUMMARY_LABELS, (
        len(rows),
        sum(1 for r in rows if r.handling == "ditolak"),
        sum(1 for r in rows if r.filed_late),
        sum(1 for r in rows if r.forwarded_on is not None),
        sum(1 for r in rows if r.status == "tidak_diproses"),
    ), strict=True))
    kinds = Counter(r.kind for r in rows)
    bands = Counter(band_of(r.value or 0) for r in rows)
    handlings = Counter(r.handling for r in rows)
    recap.kinds = {code: kinds.get(code, 0) for code in KINDS}
    recap.bands = {code: bands.get(code, 0) for code, *_rest in VALUE_BANDS}
    recap.handlings = {code: handlings.get(code, 0) for code in HANDLINGS}
    found = Counter((r.decided_by, r.decision) for r in rows if r.decided_by)
    recap.decisions = {code: found.get((by, decision), 0) for code, by, decision, _label in DECISION_ROWS}
    return recap


def compute(session: Session, period: core_periods.Period) -> Recap:
    """The recap of the reports filed in `period` (days of filing, both ends included)."""
    return _aggregate(period, _fetch(session, period.start, period.end))


def year_recaps(session: Session, year: int) -> list[Recap]:
    """The four quarters of `year` and the year itself (last), from one query."""
    whole = core_periods.year_period(year)
    rows = _fetch(session, whole.start, whole.end)
    return [_aggregate(core_periods.quarter_period(year, q), rows) for q in range(1, 5)] + [
        _aggregate(whole, rows)]


def years(session: Session, today_year: int) -> list[int]:
    """The years with reports, and this year, newest first."""
    found = set(session.scalars(select(Report.year).distinct()))
    return sorted(found | {today_year}, reverse=True)


# --- the tables (page, XLSX) -------------------------------------------------------------------------------

def rows(recaps: list[Recap]) -> list[tuple[str, Any, list[int]]]:
    """(section, label, [count per recap]) for the table: the summary, decisions, kinds, value bands."""
    out: list[tuple[str, Any, list[int]]] = []
    for key, label in SUMMARY_LABELS.items():
        out.append(("summary", label, [r.summary[key] for r in recaps]))
    for code, _by, _decision, label in DECISION_ROWS:
        out.append(("decision", label, [r.decisions[code] for r in recaps]))
    for code in HANDLINGS:
        out.append(("handling", HANDLING_LABELS[code], [r.handlings[code] for r in recaps]))
    for code in KINDS:
        out.append(("kind", KIND_LABELS[code], [r.kinds[code] for r in recaps]))
    for code, _low, _high, label in VALUE_BANDS:
        out.append(("band", label, [r.bands[code] for r in recaps]))
    return out


SECTION_LABELS = {"summary": _l("Ringkasan"), "decision": _l("Penetapan status"),
                  "handling": _l("Tindakan pelapor"), "kind": _l("Jenis gratifikasi"),
                  "band": _l("Perkiraan nilai")}


def open_table(recaps: list[Recap], year: int) -> open_tables.Table:
    columns = [open_tables.Column("section", _l("Bagian"), 20),
               open_tables.Column("measure", _l("Uraian"), 44)]
    columns += [open_tables.Column(f"q{r.period.number}" if r.period.number else "year", r.period.label, 14)
                for r in recaps]
    title = _l("Rekapitulasi laporan gratifikasi %(year)s", year=year)
    table = open_tables.Table("gratifikasi", title, columns)
    for section, label, counts in rows(recaps):
        table.add(str(SECTION_LABELS[section]), str(label), *counts)
    return table


def chart_data(recaps: list[Recap]) -> dict[str, Any]:
    """The quarters' figures for the bar chart beside the table (the year itself left out)."""
    quarters = [r for r in recaps if r.period.type != core_periods.YEAR]
    return {"triwulan": {
        "labels": [r.period.label for r in quarters],
        "series": [{"label": str(SUMMARY_LABELS[key]), "data": [r.summary[key] for r in quarters]}
                   for key in ("reports", "refused", "forwarded")]}}
