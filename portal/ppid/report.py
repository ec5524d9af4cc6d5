"""The public report of the information service (laporan layanan informasi publik, UU 14/2008 Pasal 12;
Perki 1/2021 Pasal 56): counts per year, semester, triwulan or month, request-free.

What is counted, and by which day:

- requests **received** in the period (`received_at` in the period, the office's calendar): by applicant
  type, by channel, by decision (granted in full, in part, refused, not held, still open), per month; the
  refusals and partial grants per Pasal 17 ground (the ground of the exemption the decision cites); how
  many were extended; the working days to the written notice (average, longest) and how many came by the
  deadline that applied. A request is counted with the period it was received in, decided or not: the
  numbers of a closed period still move while its last requests are answered.
- objections **filed** in the period (`filed_at`): per Pasal 35 ground, upheld / rejected / still open, and
  answered by the atasan PPID on time;
- disputes **taken to** the Komisi Informasi in the period (`dispute_filed_on`), per result.

Every figure is a SQL aggregate: one GROUP BY (month bucket, status, applicant type, channel, cited
exemption) over the received_at range (the index `ix_ppid_requests_received_cover`, or a plain scan when the
period is most of the table) gives every request count, sum and maximum, and the Pasal 17 ground of each
refusal through the exemption it cites; the objections and the disputes are one small GROUP BY each. Python
only folds the aggregated rows (a few hundred at most, a few more per exemption cited); no request row is
ever loaded, and nothing personal (names, identity numbers, request numbers, free text) is read.

`build` returns plain JSON values with English snake_case keys (published as is at
/api/v1/ppid/laporan/<period>); `tables` turns them into the open tables of portal/core/tables.py (HTML,
CSV, XLSX and the JSON `tables` alike); `chart_data` is what static/js/ppid-report-charts.js draws.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, literal_column, select
from sqlalchemy.orm import Session

from portal.core import periods
from portal.core.clock import local_date, today
from portal.core.errors import DomainError
from portal.core.models.base import utcnow
from portal.core.periods import Period
from portal.core.tables import Column, Table
from portal.ppid.models import (
    APPLICANT_TYPES,
    DISPUTE_RESULTS,
    OBJECTION_GROUNDS,
    REQUEST_CHANNELS,
    Exemption,
    InfoRequest,
    Objection,
)
from portal.ppid.service import PASAL_17, PASAL_17_GROUNDS
from portal.ppid.workflow import DECISIONS, STATES

# The period types a report is made for (a date range is not: one period, one URL).
PERIOD_TYPES = (periods.YEAR, periods.SEMESTER, periods.QUARTER, periods.MONTH)
MAIN_TABLE = "ringkasan"  # the table at /ppid/laporan/<period>.csv
OPEN = "belum_diputus"  # the decision column of requests still open (diterima, diperpanjang)
PENDING = "berjalan"  # a dispute without a result yet
REFUSALS = ("ditolak", "dikabulkan_sebagian")  # the decisions that cite a Pasal 17 exemption
NO_GROUND = "tanpa_dasar"  # a refusal that cites no exemption (never made by the workflow; counted if found)

APPLICANT_LABELS = {"perorangan": _l("Perorangan"), "badan_hukum": _l("Badan hukum")}
CHANNEL_LABELS = {"website": _l("Situs web (formulir daring)"), "surat": _l("Surat"), "email": _l("E-mail"),
                  "datang": _l("Datang langsung")}
COLUMNS = (*DECISIONS, OPEN)  # the decision columns, the open requests last
DECISION_LABELS = {**{code: STATES[code].label for code in DECISIONS}, OPEN: _l("Belum diputus")}
# UU 14/2008 Pasal 35 ayat (1) a-g, short
OBJECTION_GROUND_LABELS = {
    "a": _l("Penolakan berdasarkan alasan pengecualian (Pasal 17)"),
    "b": _l("Informasi berkala tidak disediakan (Pasal 9)"),
    "c": _l("Permintaan informasi tidak ditanggapi"),
    "d": _l("Permintaan ditanggapi tidak sebagaimana yang diminta"),
    "e": _l("Permintaan informasi tidak dipenuhi"),
    "f": _l("Pengenaan biaya yang tidak wajar"),
    "g": _l("Penyampaian informasi melebihi waktu yang diatur"),
}
DISPUTE_LABELS = {
    "dikabulkan": _l("Permohonan dikabulkan"),
    "dikabulkan_sebagian": _l("Permohonan dikabulkan sebagian"),
    "ditolak": _l("Permohonan ditolak"),
    "mediasi": _l("Selesai melalui mediasi"),
    "dicabut": _l("Dicabut"),
    "gugur": _l("Gugur"),
    PENDING: _l("Masih berjalan"),
}
assert tuple(OBJECTION_GROUND_LABELS) == OBJECTION_GROUNDS
assert set(DISPUTE_LABELS) == {*DISPUTE_RESULTS, PENDING}


# ------------------------------------------------------------------------------------------- periods
def parse(key: str) -> Period | None:
    """A report period from its key (`2026`, `2026-S1`, `2026-T1`, `2026-03`); None when the key names no
    such period or the period has not begun (nothing to report yet)."""
    try:
        period = periods.parse_period(key, PERIOD_TYPES)
    except DomainError:
        return None
    return period if period.start <= today() else None


def current_period() -> Period:
    return periods.year_period(today().year)


def received_range(session: Session) -> tuple[date, date] | None:
    """The office days of the first and the last request received (two index look-ups), or None."""
    first, last = session.execute(select(func.min(InfoRequest.received_at),
                                         func.max(InfoRequest.received_at))).one()
    if first is None:
        return None
    return local_date(first), local_date(last)


def available_periods(session: Session) -> list[dict[str, Any]]:
    """Every year from the first request received to this year, newest first, each with its quarters that
    have begun and hold at least one request (one statement of probes on the received_at index: a few
    index seeks, never a scan)."""
    span = received_range(session)
    now = today()
    first_year = min(span[0].year, now.year) if span else now.year
    last_year = max(span[1].year, now.year) if span else now.year
    quarters = [periods.quarter_period(year, q) for year in range(first_year, last_year + 1)
                for q in (1, 2, 3, 4)]
    quarters = [q for q in quarters if q.start <= now]
    found = _has_requests(session, quarters) if span else [False] * len(quarters)
    years: dict[int, dict[str, Any]] = {
        year: {"period": periods.year_period(year), "quarters": []}
        for year in range(last_year, first_year - 1, -1)}
    for quarter, has_data in zip(quarters, found, strict=True):
        if has_data:
            years[quarter.year]["quarters"].append(quarter)
    return list(years.values())


def _has_requests(session: Session, buckets: list[Period]) -> list[bool]:
    """Whether each period holds a request: the first received_at inside it, which both databases answer
    with one seek on the received_at index (an EXISTS may be planned as a scan)."""
    r = InfoRequest
    probes = [select(func.min(r.received_at)).where(r.received_at >= b.start_utc, r.received_at < b.end_utc)
              .scalar_subquery().label(f"p{i}") for i, b in enumerate(buckets)]
    return [value is not None for value in session.execute(select(*probes)).one()]


def _bucket(column, ends: list) -> Any:
    """The index (0..n-1) of the consecutive bucket a moment falls in, given each bucket's exclusive end."""
    if len(ends) == 1:
        return literal_column("0")
    return case(*[(column < end, literal_column(str(i))) for i, end in enumerate(ends[:-1])],
                else_=literal_column(str(len(ends) - 1)))


# ------------------------------------------------------------------------------------------ aggregates
@dataclass(frozen=True)
class Cell:
    """One row of the request GROUP BY: (month bucket, status, applicant type, channel, the exemption a
    refusal or partial grant cites) and its sums."""

    bucket: int
    status: str
    applicant_type: str
    channel: str
    exemption_id: int | None
    count: int
    extended: int
    answered: int  # with days_to_answer
    days_sum: int
    days_max: int | None
    flagged: int  # with answered_on_time set
    on_time: int


def cube(session: Session, period: Period) -> tuple[list[periods.Segment], list[Cell]]:
    """The one range scan behind every request count (the month in a subquery, grouped outside it: the
    same CASE bound twice does not match in PostgreSQL's GROUP BY). The exemption is kept for refusals and
    partial grants only, so it adds a few groups, not one per request."""
    segments = periods.month_segments(period)
    r = InfoRequest
    inner = select(
        _bucket(r.received_at, [s.end_utc for s in segments]).label("bucket"), r.status, r.applicant_type,
        r.channel, r.days_to_answer, r.answered_on_time,
        case((r.extended_at.is_not(None), 1), else_=0).label("extended"),
        case((r.status.in_(REFUSALS), r.exemption_id), else_=None).label("exemption_id"),
    ).where(r.received_at >= period.start_utc, r.received_at < period.end_utc).subquery()
    c = inner.c
    keys = (c.bucket, c.status, c.applicant_type, c.channel, c.exemption_id)
    rows = session.execute(
        select(*keys, func.count(), func.coalesce(func.sum(c.extended), 0), func.count(c.days_to_answer),
               func.coalesce(func.sum(c.days_to_answer), 0), func.max(c.days_to_answer),
               func.count(c.answered_on_time),
               func.coalesce(func.sum(case((c.answered_on_time.is_(True), 1), else_=0)), 0))
        .group_by(*keys)).all()
    return segments, [Cell(int(b), st, at, ch, ex, int(n), int(ext), int(ans), int(total), mx, int(fl),
                           int(ok)) for b, st, at, ch, ex, n, ext, ans, total, mx, fl, ok in rows]


def _grounds(session: Session, cells: list[Cell]) -> dict[tuple[str, str], int]:
    """Refusals and partial grants per (status, Pasal 17 ground of the exemption they cite): the cube's
    exemption ids, named by their ground (one look-up of a handful of exemptions)."""
    ids = {cell.exemption_id for cell in cells if cell.exemption_id is not None}
    ground_of: dict[int, str] = {}
    if ids:
        ground_of = dict(session.execute(select(Exemption.id, Exemption.ground)
                                         .where(Exemption.id.in_(ids))).all())
    counts: dict[tuple[str, str], int] = {}
    for cell in cells:
        if cell.status in REFUSALS:
            key = (cell.status, ground_of.get(cell.exemption_id) or NO_GROUND)
            counts[key] = counts.get(key, 0) + cell.count
    return counts


def _objections(session: Session, period: Period) -> list[tuple[str, str, str, bool | None, int]]:
    o = Objection
    return [(g, st, out or "", on_time, int(n)) for g, st, out, on_time, n in session.execute(
        select(o.ground, o.status, o.outcome, o.answered_on_time, func.count())
        .where(o.filed_at >= period.start_utc, o.filed_at < period.end_utc)
        .group_by(o.ground, o.status, o.outcome, o.answered_on_time)).all()]


def _disputes(session: Session, period: Period) -> dict[str, int]:
    o = Objection
    rows = session.execute(
        select(o.dispute_result, func.count())
        .where(o.dispute_filed_on.is_not(None), o.dispute_filed_on >= period.start,
               o.dispute_filed_on <= period.end)
        .group_by(o.dispute_result)).all()
    found: dict[str, int] = {}
    for result, n in rows:
        key = result or PENDING
        found[key] = found.get(key, 0) + int(n)
    return found


def _share(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def _counted(counts: dict[str, int], known: tuple[str, ...]) -> list[dict[str, Any]]:
    """Every known code (zero too), then any other code found, as {key, count} rows."""
    rows = [{"key": key, "count": counts.pop(key, 0)} for key in known]
    return rows + [{"key": key, "count": n} for key, n in sorted(counts.items())]


def build(session: Session, period: Period) -> dict[str, Any]:
    """The report of `period` as plain JSON-serialisable values (English snake_case keys; codes as values)."""
    segments, cells = cube(session, period)
    open_states = ("diterima", "diperpanjang")
    by_type: dict[str, int] = {}
    by_channel: dict[str, int] = {}
    by_decision: dict[str, int] = {}
    months = [{"key": s.key, "received": 0, "decisions": dict.fromkeys((*DECISIONS, OPEN), 0)}
              for s in segments]
    received = extended = answered = days_sum = flagged = on_time = 0
    longest: int | None = None
    for cell in cells:
        decision = OPEN if cell.status in open_states else cell.status
        received += cell.count
        extended += cell.extended
        answered += cell.answered
        days_sum += cell.days_sum
        flagged += cell.flagged
        on_time += cell.on_time
        if cell.days_max is not None:
            longest = max(longest or 0, int(cell.days_max))
        by_type[cell.applicant_type] = by_type.get(cell.applicant_type, 0) + cell.count
        by_channel[cell.channel] = by_channel.get(cell.channel, 0) + cell.count
        by_decision[decision] = by_decision.get(decision, 0) + cell.count
        month = months[cell.bucket]
        month["received"] += cell.count
        month["decisions"][decision] = month["decisions"].get(decision, 0) + cell.count

    decisions = _counted(by_decision, (*DECISIONS, OPEN))
    for row in decisions:
        row["percent"] = _share(row["count"], received)
    grounds = _grounds(session, cells)
    ground_rows = [{"key": g, "refused": grounds.get(("ditolak", g), 0),
                    "granted_in_part": grounds.get(("dikabulkan_sebagian", g), 0)}
                   for g in (*PASAL_17_GROUNDS, NO_GROUND)]
    ground_rows = [row for row in ground_rows
                   if row["key"] != NO_GROUND or row["refused"] + row["granted_in_part"]]

    objection_rows = {g: {"key": g, "filed": 0, "upheld": 0, "rejected": 0, "open": 0}
                      for g in OBJECTION_GROUNDS}
    answered_objections = objections_on_time = objections_late = 0
    for ground, status, outcome, answered_in_time, n in _objections(session, period):
        row = objection_rows.setdefault(ground, {"key": ground, "filed": 0, "upheld": 0, "rejected": 0,
                                                 "open": 0})
        row["filed"] += n
        if status == "dijawab" or outcome:
            answered_objections += n
            row["upheld" if outcome == "diterima" else "rejected"] += n
            if answered_in_time is True:
                objections_on_time += n
            elif answered_in_time is False:
                objections_late += n
        else:
            row["open"] += n
    objection_list = list(objection_rows.values())
    disputes = _counted(_disputes(session, period), (*DISPUTE_RESULTS, PENDING))

    closed = received - by_decision_total(decisions, OPEN)
    return {
        "period": period.as_dict(),
        "generated_at": utcnow().isoformat(timespec="seconds"),
        "requests": {
            "received": received,
            "decided": closed,
            "open": by_decision_total(decisions, OPEN),
            "extended": extended,
        },
        "by_applicant_type": _counted(by_type, APPLICANT_TYPES),
        "by_channel": _counted(by_channel, REQUEST_CHANNELS),
        "decisions": decisions,
        "refusal_grounds": ground_rows,
        "timing": {
            "answered": answered,
            "average_working_days": round(days_sum / answered, 1) if answered else None,
            "longest_working_days": longest,
            "answered_on_time": on_time,
            "answered_late": flagged - on_time,
            "on_time_percent": _share(on_time, flagged),
        },
        "by_month": months,
        "objections": {
            "filed": sum(r["filed"] for r in objection_list),
            "upheld": sum(r["upheld"] for r in objection_list),
            "rejected": sum(r["rejected"] for r in objection_list),
            "open": sum(r["open"] for r in objection_list),
            "answered_on_time": objections_on_time,
            "answered_late": objections_late,
            "on_time_percent": _share(objections_on_time, objections_on_time + objections_late),
            "by_ground": objection_list,
        },
        "disputes": {"filed": sum(r["count"] for r in disputes), "by_result": disputes},
    }


def by_decision_total(rows: list[dict[str, Any]], key: str) -> int:
    return next((row["count"] for row in rows if row["key"] == key), 0)


# --------------------------------------------------------------------------------------------- tables
def _label(labels: dict[str, Any], key: str) -> str:
    return str(labels[key]) if key in labels else key


def _ground_label(key: str) -> str:
    if key == NO_GROUND:
        return _("Tanpa dasar pengecualian tercatat")
    if key not in PASAL_17:
        return key
    return _("Pasal 17 huruf %(letter)s: %(text)s", letter=key, text=PASAL_17[key])


def summary_rows(data: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """(indicator code, label, value): UU 14/2008 Pasal 12 a-d and the objections and disputes."""
    req, timing, obj = data["requests"], data["timing"], data["objections"]
    decided = {row["key"]: row["count"] for row in data["decisions"]}
    return [
        ("received", _("Permohonan informasi diterima"), req["received"]),
        ("granted_in_full", _("Dikabulkan seluruhnya"), decided.get("dikabulkan", 0)),
        ("granted_in_part", _("Dikabulkan sebagian"), decided.get("dikabulkan_sebagian", 0)),
        ("refused", _("Ditolak"), decided.get("ditolak", 0)),
        ("not_held", _("Informasi tidak dikuasai"), decided.get("tidak_dikuasai", 0)),
        ("open", _("Belum diputus"), req["open"]),
        ("extended", _("Jangka waktu diperpanjang"), req["extended"]),
        ("average_working_days", _("Rata-rata waktu pemberitahuan tertulis (hari kerja)"),
         timing["average_working_days"]),
        ("longest_working_days", _("Waktu terlama (hari kerja)"), timing["longest_working_days"]),
        ("answered_on_time", _("Dijawab tepat waktu"), timing["answered_on_time"]),
        ("answered_late", _("Dijawab melewati tenggat"), timing["answered_late"]),
        ("on_time_percent", _("Persentase tepat waktu (%)"), timing["on_time_percent"]),
        ("objections_filed", _("Keberatan diajukan"), obj["filed"]),
        ("objections_upheld", _("Keberatan diterima (atasan PPID)"), obj["upheld"]),
        ("objections_rejected", _("Keberatan ditolak (putusan PPID dikuatkan)"), obj["rejected"]),
        ("objections_open", _("Keberatan belum dijawab"), obj["open"]),
        ("objections_answered_on_time", _("Keberatan dijawab tepat waktu"), obj["answered_on_time"]),
        ("disputes_filed", _("Sengketa ke Komisi Informasi"), data["disputes"]["filed"]),
    ]


@dataclass
class ReportTable:
    """An open table with what the page needs beside it: whether its first column is a code (hidden on
    the page, kept in the files), a note under the title, and which chart stands beside it."""

    table: Table
    note: str = ""
    code_column: bool = True

    @property
    def id(self) -> str:
        return self.table.key

    @property
    def title(self) -> str:
        return str(self.table.title)

    @property
    def shown_columns(self) -> list[Column]:
        return list(self.table.columns[1:] if self.code_column else self.table.columns)

    @property
    def shown_rows(self) -> list[list[Any]]:
        start = 1 if self.code_column else 0
        return [list(row[start:]) for row in self.table.rows]


def tables(data: dict[str, Any]) -> list[ReportTable]:
    """The report as open tables, labels in the reader's language; the codes in the first column."""
    label = Column("label", _("Uraian"), 44)
    count = Column("count", _("Jumlah"))
    result = [ReportTable(
        Table(MAIN_TABLE, _("Ringkasan layanan informasi publik"),
              [Column("indicator", _("Kode")), label, Column("value", _("Nilai"))],
              [list(row) for row in summary_rows(data)]),
        note=_("Permohonan dihitung menurut tanggal diterima; keberatan menurut tanggal diajukan; sengketa "
               "menurut tanggal diajukan ke Komisi Informasi. Hari kerja: Senin–Jumat di luar libur "
               "nasional dan cuti bersama."))]
    result.append(ReportTable(Table(
        "pemohon", _("Permohonan menurut jenis pemohon"),
        [Column("applicant_type", _("Kode")), Column("label", _("Jenis pemohon"), 30), count],
        [[r["key"], _label(APPLICANT_LABELS, r["key"]), r["count"]] for r in data["by_applicant_type"]])))
    result.append(ReportTable(Table(
        "kanal", _("Permohonan menurut kanal"),
        [Column("channel", _("Kode")), Column("label", _("Kanal"), 30), count],
        [[r["key"], _label(CHANNEL_LABELS, r["key"]), r["count"]] for r in data["by_channel"]])))
    result.append(ReportTable(Table(
        "keputusan", _("Keputusan atas permohonan"),
        [Column("decision", _("Kode")), Column("label", _("Keputusan"), 30), count,
         Column("percent", _("Persen (%)"))],
        [[r["key"], _label(DECISION_LABELS, r["key"]), r["count"], r["percent"]]
         for r in data["decisions"]])))
    result.append(ReportTable(Table(
        "alasan_penolakan", _("Alasan pengecualian (Pasal 17) pada penolakan dan pengabulan sebagian"),
        [Column("ground", _("Huruf")), Column("label", _("Alasan"), 60), Column("refused", _("Ditolak")),
         Column("granted_in_part", _("Dikabulkan sebagian"))],
        [[r["key"], _ground_label(r["key"]), r["refused"], r["granted_in_part"]]
         for r in data["refusal_grounds"]]),
        note=_("Dasar pengecualian diambil dari Daftar Informasi yang Dikecualikan yang dirujuk keputusan.")))
    result.append(ReportTable(Table(
        "bulanan", _("Permohonan per bulan dan keputusannya"),
        [Column("period", _("Periode")), Column("label", _("Bulan"), 18), Column("received", _("Diterima")),
         *(Column(code, DECISION_LABELS[code]) for code in (*DECISIONS, OPEN))],
        [[m["key"], _month_label(m["key"]), m["received"], *(m["decisions"][code] for code in COLUMNS)]
         for m in data["by_month"]])))
    result.append(ReportTable(Table(
        "keberatan", _("Keberatan menurut alasan (Pasal 35) dan hasilnya"),
        [Column("ground", _("Huruf")), Column("label", _("Alasan keberatan"), 50),
         Column("filed", _("Diajukan")), Column("upheld", _("Diterima")), Column("rejected", _("Ditolak")),
         Column("open", _("Belum dijawab"))],
        [[r["key"], _label(OBJECTION_GROUND_LABELS, r["key"]), r["filed"], r["upheld"], r["rejected"],
          r["open"]] for r in data["objections"]["by_ground"]]),
        note=_("Diterima: atasan PPID menerima keberatan; ditolak: keputusan PPID dikuatkan dengan alasan "
               "tertulis (Pasal 36 ayat 3).")))
    result.append(ReportTable(Table(
        "sengketa", _("Sengketa informasi di Komisi Informasi menurut hasil"),
        [Column("result", _("Kode")), Column("label", _("Hasil"), 36), count],
        [[r["key"], _label(DISPUTE_LABELS, r["key"]), r["count"]] for r in data["disputes"]["by_result"]])))
    return result


def _month_label(key: str) -> str:
    try:
        return periods.parse_period(key).label
    except DomainError:
        return key


def table_ids() -> tuple[str, ...]:
    return (MAIN_TABLE, "pemohon", "kanal", "keputusan", "alasan_penolakan", "bulanan", "keberatan",
            "sengketa")


def chart_data(data: dict[str, Any], shown: list[ReportTable]) -> dict[str, Any]:
    """What static/js/ppid-report-charts.js draws, the labels as in the tables beside them."""
    t = {rt.id: rt for rt in shown}

    def bars(table_id: str, value_index: int = -1) -> dict[str, Any]:
        rows = t[table_id].shown_rows
        return {"labels": [row[0] for row in rows], "data": [row[value_index] for row in rows]}

    months = data["by_month"]
    return {
        "pemohon": bars("pemohon"),
        "kanal": bars("kanal"),
        "keputusan": {"labels": [row[0] for row in t["keputusan"].shown_rows],
                      "data": [row[1] for row in t["keputusan"].shown_rows]},
        "bulanan": {"labels": [row[0] for row in t["bulanan"].shown_rows],
                    "series": [{"key": code, "label": str(DECISION_LABELS[code]),
                                "data": [m["decisions"][code] for m in months]} for code in COLUMNS]},
    }


def as_json(data: dict[str, Any], shown: list[ReportTable]) -> dict[str, Any]:
    """The API answer: the figures and the tables (column keys and labels, records)."""
    from portal.core.tables import records

    return {**data, "tables": [{"id": rt.id, "title": rt.title,
                                "columns": [{"key": c.key, "label": str(c.label)} for c in rt.table.columns],
                                "records": records(rt.table)} for rt in shown]}
