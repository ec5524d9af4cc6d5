"""DUMAS recaps (matriks rekapitulasi): live figures for staff, frozen snapshots for the public.

Every figure is a SQL aggregate over the `complaints` table: one GROUP BY (month bucket, status,
category, channel) with count(*) and on-time sums gives every count (see `Cube`), and the median is a
percentile query of its own. Python only folds the aggregated rows of that GROUP BY (a few thousand at
most: months into triwulan, statuses into the public columns) and never loops over complaint rows.
Because every count comes from the same scan, the matrices of one recap always add up to one total.

Periods (portal.core.periods) are calendar periods in the office's zone (PORTAL_TIMEZONE, WIB) by the
complaint's `received_at`. The local start and end of a period are turned into UTC instants and the filter is
`received_at >= start AND received_at < end`: index-friendly on SQLite and PostgreSQL, and correct at
month boundaries (a complaint at 31 March 23.30 WIB = 16.30 UTC belongs to March; one at 1 April
00.30 WIB = 31 March 17.30 UTC belongs to April).

Public status columns (how the six workflow states are grouped):
  diterima   = diterima (received, not yet verified)
  diproses   = diverifikasi + diproses (open and verified: being followed up)
  selesai, ditolak, diteruskan = the closed states as they are
The raw count of each of the six states is kept next to them under "by_status".

Keys are English snake_case (docs/api.md, the snapshot is published as-is at /api/v1/rekap/dumas/<period>):
a status row is {key, label, counts: {public column code: n}, total, by_status: {state code: n}}; maps keyed
by the portal's codes stay maps. Snapshots published before this naming are upgraded when read
(`upgrade_keys`).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel.speaklater import LazyString
from sqlalchemy import case, func, literal_column, select
from sqlalchemy.orm import Session

from portal.accounts.models import User
from portal.core import audit
from portal.core.clock import today
from portal.core.errors import DomainError
from portal.core.formatting import tanggal
from portal.core.models.base import utcnow
from portal.core.periods import Period, Segment, month_segments, parse_period, quarter_period
from portal.dumas.models import CHANNELS, CLOSED_STATUSES, STATUSES, Category, Complaint, indonesian
from portal.recap.models import RecapSnapshot


def N_(text: str) -> str:
    """Marks a label for the catalogue (Babel's default keyword) and keeps it as is: a snapshot stores
    Indonesian; `tables` and `chart_data` translate when the recap is shown."""
    return text


KINDS = {"dumas": N_("Pengaduan masyarakat (DUMAS)")}

# Public status columns: key, label, the workflow states counted in it.
STATUS_GROUPS: list[tuple[str, str, tuple[str, ...]]] = [
    ("diterima", N_("Diterima"), ("diterima",)),
    ("diproses", N_("Diproses"), ("diverifikasi", "diproses")),
    ("selesai", N_("Selesai"), ("selesai",)),
    ("ditolak", N_("Ditolak"), ("ditolak",)),
    ("diteruskan", N_("Diteruskan"), ("diteruskan",)),
]
STATUS_LABELS = {key: label for key, label, _members in STATUS_GROUPS}
STATUS_NOTE = N_("Diproses = aduan yang telah diverifikasi dan sedang ditindaklanjuti "
                 "(status diverifikasi dan diproses).")
NO_CATEGORY_KEY, NO_CATEGORY_LABEL = "tanpa-kategori", N_("Tanpa kategori")
PARTIAL_SUFFIX = " (sebagian)"


# ------------------------------------------------------------------------------------------ aggregates
def _in_period(period: Period):
    return (Complaint.received_at >= period.start_utc, Complaint.received_at < period.end_utc)


def _status_row(key: str, label: str, raw: dict[str, int], **extra: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"key": key, "label": label, **extra}
    row["counts"] = {group: sum(raw.get(status, 0) for status in members)
                     for group, _label, members in STATUS_GROUPS}
    row["total"] = sum(raw.get(status, 0) for status in STATUSES)
    row["by_status"] = {status: raw.get(status, 0) for status in STATUSES}
    return row


@dataclass(frozen=True)
class Cube:
    """The one GROUP BY behind every count of a recap: (month bucket, status, category, channel) with
    the number of complaints, how many carry an on-time flag, and how many of those were on time.

    At most months x statuses x categories x channels rows (a few thousand for a year), whatever the
    number of complaints; every matrix but the median is folded from it, so all of them come from the
    same scan and always add up to the same total.
    """

    segments: list[Segment]
    rows: list[tuple[int, str, int | None, str, int, int, int]]


def cube(session: Session, period: Period) -> Cube:
    """One range scan on received_at (index-only on PostgreSQL with ix_complaints_received_cover).

    The month of each complaint is a CASE over the UTC instants of the local month starts, computed
    in a subquery and grouped outside it (PostgreSQL would not match two differently-bound copies
    of the same CASE in SELECT and GROUP BY).
    """
    segments = month_segments(period)
    bucket = case(
        *[(Complaint.received_at < seg.end_utc, literal_column(str(i)))
          for i, seg in enumerate(segments[:-1])],
        else_=literal_column(str(len(segments) - 1)),
    ) if len(segments) > 1 else literal_column("0")
    inner = select(
        bucket.label("bucket"), Complaint.status.label("status"), Complaint.category_id.label("category_id"),
        Complaint.channel.label("channel"), Complaint.closed_on_time.label("closed_on_time"),
    ).where(*_in_period(period)).subquery()
    keys = (inner.c.bucket, inner.c.status, inner.c.category_id, inner.c.channel)
    rows = session.execute(
        select(*keys, func.count(), func.count(inner.c.closed_on_time),
               func.coalesce(func.sum(case((inner.c.closed_on_time.is_(True), 1), else_=0)), 0))
        .group_by(*keys)
    ).all()
    return Cube(segments, [(int(b), st, cat, ch, int(n), int(flagged), int(in_time))
                           for b, st, cat, ch, n, flagged, in_time in rows])


def status_matrix(session: Session, period: Period, data: Cube | None = None) -> dict[str, Any]:
    """Counts by status per month, per triwulan and for the whole period."""
    data = data or cube(session, period)
    segments = data.segments
    raw_by_month: list[dict[str, int]] = [{} for _ in segments]
    for index, status, _cat, _channel, count, _flagged, _in_time in data.rows:
        raw_by_month[index][status] = raw_by_month[index].get(status, 0) + count

    months = [_status_row(seg.key, seg.label, raw) for seg, raw in zip(segments, raw_by_month)]

    quarters: list[dict[str, Any]] = []
    quarter_raw: dict[tuple[int, int], dict[str, int]] = {}
    for seg, raw in zip(segments, raw_by_month):  # months into triwulan: at most 12 cells a year
        target = quarter_raw.setdefault((seg.year, (seg.month - 1) // 3 + 1), {})
        for status, count in raw.items():
            target[status] = target.get(status, 0) + count
    for (year, quarter), raw in quarter_raw.items():
        full = quarter_period(year, quarter)
        partial = full.start < period.start or full.end > period.end
        label = full.label + (PARTIAL_SUFFIX if partial else "")
        quarters.append(_status_row(full.key, label, raw, partial=partial))

    total_raw: dict[str, int] = {}
    for raw in raw_by_month:
        for status, count in raw.items():
            total_raw[status] = total_raw.get(status, 0) + count
    total = _status_row(period.key, N_("Jumlah"), total_raw)
    return {"months": months, "quarters": quarters, "total": total}


def _category_list(session: Session, ids_with_data: set[int]) -> list[Category]:
    query = select(Category).order_by(Category.order, Category.name)
    if ids_with_data:
        query = query.where(Category.active.is_(True) | Category.id.in_(ids_with_data))
    else:
        query = query.where(Category.active.is_(True))
    return list(session.scalars(query))


def by_category(session: Session, period: Period, data: Cube | None = None) -> list[dict[str, Any]]:
    """Complaints received in the period per category (active categories listed even at zero)."""
    counts: dict[int | None, int] = {}
    for _b, _status, category_id, _channel, count, _f, _t in (data or cube(session, period)).rows:
        counts[category_id] = counts.get(category_id, 0) + count
    rows = [{"key": cat.slug, "label": cat.name, "count": counts.get(cat.id, 0)}
            for cat in _category_list(session, {cid for cid in counts if cid is not None})]
    rows.append({"key": NO_CATEGORY_KEY, "label": NO_CATEGORY_LABEL, "count": counts.get(None, 0)})
    return rows


def by_channel(session: Session, period: Period, data: Cube | None = None) -> list[dict[str, Any]]:
    """Complaints received in the period per channel, every channel listed."""
    counts: dict[str, int] = {}
    for _b, _status, _cat, channel, count, _f, _t in (data or cube(session, period)).rows:
        counts[channel] = counts.get(channel, 0) + count
    rows = [{"key": key, "label": indonesian(label), "count": counts.pop(key, 0)}  # stored: Indonesian
            for key, label in CHANNELS.items()]
    rows += [{"key": key, "label": key, "count": count} for key, count in sorted(counts.items())]
    return rows


def median_days_to_resolve(session: Session, period: Period) -> float | None:
    """Median working days from receipt to close of the `selesai` cases received in the period.

    PostgreSQL: percentile_cont(0.5). Elsewhere (SQLite): the middle row(s) by ORDER BY/LIMIT/OFFSET,
    averaged in SQL.
    """
    where = (*_in_period(period), Complaint.status == "selesai", Complaint.days_to_close.is_not(None))
    if session.get_bind().dialect.name == "postgresql":
        value = session.scalar(
            select(func.percentile_cont(0.5).within_group(Complaint.days_to_close)).where(*where))
        return None if value is None else round(float(value), 1)
    n = session.scalar(select(func.count()).where(*where)) or 0
    if n == 0:
        return None
    middle = (select(Complaint.days_to_close.label("d")).where(*where).order_by(Complaint.days_to_close)
              .limit(2 - n % 2).offset((n - 1) // 2).subquery())
    value = session.scalar(select(func.avg(middle.c.d)))
    return round(float(value), 1)


def on_time(session: Session, period: Period, data: Cube | None = None) -> dict[str, Any]:
    """Closed cases (selesai, ditolak, diteruskan) received in the period and how many met their deadline."""
    closed = in_time = 0
    for _b, status, _cat, _channel, _count, flagged, on_time_count in (data or cube(session, period)).rows:
        if status in CLOSED_STATUSES:
            closed += flagged
            in_time += on_time_count
    return {"closed": closed, "on_time": in_time, "late": closed - in_time,
            "on_time_share": round(100.0 * in_time / closed, 1) if closed else None}


def followed_up_by_category(session: Session, period: Period,
                            data: Cube | None = None) -> list[dict[str, Any]]:
    """Kategorisasi aduan yang telah ditindaklanjuti: closed cases by category x final status."""
    counts: dict[int | None, dict[str, int]] = {}
    for _b, status, category_id, _channel, count, _f, _t in (data or cube(session, period)).rows:
        if status in CLOSED_STATUSES:
            cells = counts.setdefault(category_id, {})
            cells[status] = cells.get(status, 0) + count

    def row(key: str, label: str, cells: dict[str, int]) -> dict[str, Any]:
        values = {status: cells.get(status, 0) for status in CLOSED_STATUSES}
        return {"key": key, "label": label, "counts": values, "total": sum(values.values())}

    rows = [row(cat.slug, cat.name, counts.get(cat.id, {}))
            for cat in _category_list(session, {cid for cid in counts if cid is not None})]
    rows.append(row(NO_CATEGORY_KEY, NO_CATEGORY_LABEL, counts.get(None, {})))
    return rows


def compute(session: Session, period: Period, kind: str = "dumas") -> dict[str, Any]:
    """Every matrix of the recap as plain JSON-serialisable values."""
    if kind not in KINDS:
        raise DomainError("Jenis rekap tidak dikenal.")
    data = cube(session, period)
    status = status_matrix(session, period, data)
    timing = on_time(session, period, data)
    resolution = {
        "resolved": status["total"]["counts"]["selesai"],
        "median_days": median_days_to_resolve(session, period),
        **timing,
    }
    return {
        "kind": kind,
        "period": period.as_dict(),
        "generated_at": utcnow().isoformat(timespec="seconds"),
        "status_columns": [{"key": key, "label": label, "includes": list(members)}
                           for key, label, members in STATUS_GROUPS],
        "status_note": STATUS_NOTE,
        "status": status,
        "by_category": by_category(session, period, data),
        "by_channel": by_channel(session, period, data),
        "resolution": resolution,
        "followed_up": followed_up_by_category(session, period, data),
        "totals": {"total": status["total"]["total"], "resolved": status["total"]["counts"]["selesai"],
                   "on_time_share": timing["on_time_share"], "median_days": resolution["median_days"]},
    }


# ------------------------------------------------------------------------------------------ publishing
def get_snapshot(session: Session, period_key: str, kind: str = "dumas") -> RecapSnapshot | None:
    return session.scalar(select(RecapSnapshot).where(RecapSnapshot.kind == kind,
                                                      RecapSnapshot.period_key == period_key))


def published_query(kind: str = "dumas"):
    """Published periods, newest first (latest end date; a longer period before the shorter ones inside
    it)."""
    return (select(RecapSnapshot).where(RecapSnapshot.kind == kind)
            .order_by(RecapSnapshot.period_end.desc(), RecapSnapshot.period_start, RecapSnapshot.id.desc()))


def snapshot_data(snapshot: RecapSnapshot) -> dict[str, Any]:
    data = upgrade_keys(json.loads(snapshot.data))
    data["published_at"] = snapshot.published_at.isoformat(timespec="seconds")
    return data


def _upgrade_status_row(row: dict[str, Any], groups: list[str]) -> None:
    if "counts" not in row:
        row["counts"] = {group: row.pop(group, 0) for group in groups}
    if "rincian" in row:
        row["by_status"] = row.pop("rincian")


def upgrade_keys(data: dict[str, Any]) -> dict[str, Any]:
    """A snapshot published before the English key names (issue 12 §1), in today's shape; others as they
    are. Old: status columns and closed states as keys of each row, "rincian", "selesai" in resolution and
    totals."""
    groups = [column["key"] for column in data.get("status_columns", [])]
    status = data.get("status") or {}
    for row in [*status.get("months", []), *status.get("quarters", []),
                *([status["total"]] if status.get("total") else [])]:
        _upgrade_status_row(row, groups)
    for row in data.get("followed_up", []):
        if "counts" not in row:
            row["counts"] = {state: row.pop(state, 0) for state in CLOSED_STATUSES}
    for part in ("resolution", "totals"):
        if part in data and "selesai" in data[part]:
            data[part]["resolved"] = data[part].pop("selesai")
    return data


def publish(session: Session, period: Period, actor: User, *, kind: str = "dumas",
            replace: bool = False) -> RecapSnapshot:
    """Freeze the recap of `period` into a RecapSnapshot; replacing one needs `replace=True`. Audited."""
    if kind not in KINDS:
        raise DomainError("Jenis rekap tidak dikenal.")
    if period.start > today():
        raise DomainError("Periode ini belum dimulai; rekap belum dapat diterbitkan.")
    existing = get_snapshot(session, period.key, kind)
    if existing is not None and not replace:
        raise DomainError(
            "Rekap %(period)s sudah diterbitkan pada %(moment)s. Centang konfirmasi penggantian untuk "
            "menerbitkan ulang dengan angka terkini.",
            period=period.label, moment=tanggal(existing.published_at, with_time=True))
    with force_locale("id"):  # stored: Indonesian, whatever language the publisher's screen is in
        data = compute(session, period, kind)
    now = utcnow()
    payload = json.dumps(data, ensure_ascii=False)
    if existing is None:
        snapshot = RecapSnapshot(kind=kind, period_type=period.type, period_key=period.key,
                                 period_start=period.start, period_end=period.end, published_at=now,
                                 published_by_id=actor.id, data=payload)
        session.add(snapshot)
        session.flush()
        audit.record(session, actor, "recap.publish", snapshot, kind=kind, period=period.key,
                     total=data["totals"]["total"])
    else:
        previous = existing.published_at
        previous_total = json.loads(existing.data).get("totals", {}).get("total")
        existing.published_at, existing.published_by_id, existing.data = now, actor.id, payload
        snapshot = existing
        audit.record(session, actor, "recap.republish", snapshot, kind=kind, period=period.key,
                     total=data["totals"]["total"], previous_total=previous_total,
                     previous_published_at=previous.isoformat(timespec="seconds"))
    return snapshot


# -------------------------------------------------------------------------------------------- tables
# A snapshot keeps the labels of the day it was published; the labels below are put back in the reader's
# language when the recap is shown (`tables`, `chart_data`): by key for the portal's own labels, as they
# are for names the office typed (categories).
def _translated(text: Any) -> str:
    """A label in the reader's language: a lazy label (the DUMAS channels) is translated already, a marked
    literal (N_) or a label read back from a snapshot goes through the catalogue."""
    if not text:
        return ""
    return str(text) if isinstance(text, LazyString) else _(str(text))


def _status_column(column: dict[str, Any]) -> str:
    return _translated(STATUS_LABELS.get(column["key"], column["label"]))


def _period_row_label(row: dict[str, Any]) -> str:
    """A month or triwulan row, named again from its key (portal.core.periods) in the reader's language, the
    "(sebagian)" of a triwulan cut by the period too; the stored label when the key names no period."""
    try:
        label = parse_period(row["key"]).label
    except DomainError:
        label = row["label"].removesuffix(PARTIAL_SUFFIX)
    return label + " " + _("(sebagian)") if row.get("partial") else label


def _counted_label(row: dict[str, Any], fixed: dict[str, Any]) -> str:
    """A category or channel row: the portal's own label translated, a name the office typed as it is."""
    return _translated(fixed[row["key"]]) if row["key"] in fixed else row["label"]


def _category_label(row: dict[str, Any]) -> str:
    return _counted_label(row, {NO_CATEGORY_KEY: NO_CATEGORY_LABEL})


def _channel_label(row: dict[str, Any]) -> str:
    return _counted_label(row, CHANNELS)


def _status_cells(row: dict[str, Any], keys: list[str]) -> list[int]:
    """A status row's counts in column order, "total" last."""
    return [row["total"] if key == "total" else row["counts"][key] for key in keys]


def _status_tables(data: dict[str, Any]) -> list[dict[str, Any]]:
    columns = [_status_column(col) for col in data["status_columns"]] + [_("Jumlah")]
    keys = [col["key"] for col in data["status_columns"]] + ["total"]
    status = data["status"]
    total_row = [_("Jumlah")] + _status_cells(status["total"], keys)
    note = _translated(STATUS_NOTE) if data.get("status_note") else ""
    return [
        {"id": "status_bulanan", "sheet": _("Status per bulan"), "title": _("Status aduan per bulan"),
         "header": [_("Bulan")] + columns,
         "rows": [[_period_row_label(row)] + _status_cells(row, keys) for row in status["months"]],
         "footer": total_row, "note": note},
        {"id": "status_triwulan", "sheet": _("Status per triwulan"), "title": _("Status aduan per triwulan"),
         "header": [_("Triwulan")] + columns,
         "rows": [[_period_row_label(row)] + _status_cells(row, keys) for row in status["quarters"]],
         "footer": total_row, "note": note},
    ]


def _count_table(table_id: str, sheet: str, title: str, first: str, rows: list[dict[str, Any]],
                 label) -> dict[str, Any]:
    return {"id": table_id, "sheet": sheet, "title": title, "header": [first, _("Jumlah")],
            "rows": [[label(row), row["count"]] for row in rows],
            "footer": [_("Jumlah"), sum(row["count"] for row in rows)], "note": ""}


def _resolution_table(res: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": "penyelesaian", "sheet": _("Penyelesaian"), "title": _("Waktu dan ketepatan penyelesaian"),
        "header": [_("Indikator"), _("Nilai")],
        "rows": [
            [_("Aduan selesai"), res["resolved"]],
            [_("Median hari kerja penyelesaian (aduan selesai)"), res["median_days"]],
            [_("Aduan ditutup (selesai, ditolak, diteruskan)"), res["closed"]],
            [_("Ditutup tepat waktu"), res["on_time"]],
            [_("Ditutup melewati batas waktu"), res["late"]],
            [_("Persentase tepat waktu (%)"), res["on_time_share"]],
        ],
        "footer": None, "note": _("Hari kerja: Senin–Jumat di luar libur nasional dan cuti bersama."),
    }


def _followed_up_table(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": "tindak_lanjut", "sheet": _("Tindak lanjut per kategori"),
        "title": _("Kategorisasi aduan yang telah ditindaklanjuti"),
        "header": [_("Kategori")] + [_translated(STATUSES[s]) for s in CLOSED_STATUSES] + [_("Jumlah")],
        "rows": [[_category_label(row)] + [row["counts"][s] for s in CLOSED_STATUSES] + [row["total"]]
                 for row in rows],
        "footer": [_("Jumlah")] + [sum(row["counts"][s] for row in rows) for s in CLOSED_STATUSES]
                  + [sum(row["total"] for row in rows)],
        "note": "",
    }


def tables(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The recap as generic tables (id, title, header, rows, footer) for HTML, CSV and XLSX alike, in the
    reader's language."""
    return [
        *_status_tables(data),
        _count_table("kategori", _("Per kategori"), _("Aduan per kategori"), _("Kategori"),
                     data["by_category"], _category_label),
        _count_table("kanal", _("Per kanal"), _("Aduan per kanal"), _("Kanal"), data["by_channel"],
                     _channel_label),
        _resolution_table(data["resolution"]),
        _followed_up_table(data["followed_up"]),
    ]


def chart_data(data: dict[str, Any], prefix: str = "rekap") -> dict[str, Any]:
    """What static/js/recap-charts.js draws: stacked bars per month by status, doughnuts by category and
    channel (labels in the reader's language, like the tables beside them)."""
    months = data["status"]["months"]
    categories = [r for r in data["by_category"] if r["count"]]
    channels = [r for r in data["by_channel"] if r["count"]]
    return {
        "targets": {"status": f"{prefix}-grafik-status", "category": f"{prefix}-grafik-kategori",
                    "channel": f"{prefix}-grafik-kanal"},
        "status": {
            "labels": [_period_row_label(row) for row in months],
            "series": [{"key": col["key"], "label": _status_column(col),
                        "data": [row["counts"][col["key"]] for row in months]}
                       for col in data["status_columns"]],
        },
        "category": {"labels": [_category_label(r) for r in categories],
                     "data": [r["count"] for r in categories]},
        "channel": {"labels": [_channel_label(r) for r in channels], "data": [r["count"] for r in channels]},
    }
