"""XLSX of the WBS quarterly report: counts by category and status, and the follow-up recap table.

Built on portal/core/xlsx.py: text such as `=HYPERLINK(...)` typed by anyone stays text.
"""
from __future__ import annotations

import json

from flask_babel import gettext

from portal.core.periods import ROMAN
from portal.core.tables import Column, Table
from portal.core.xlsx import SafeWorkbook, set_widths
from portal.wbs.models import FOLLOWUP_STATUSES, WBS_CATEGORIES, WBS_STATUSES


def _d(value) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


def quarterly_xlsx(counts: dict, rows: list, *, office_name: str = "") -> bytes:
    book = SafeWorkbook()
    formats = book.house_formats()
    _counts_sheet(book, formats, counts, office_name)
    _recap_sheet(book, formats, counts, rows)
    return book.to_bytes()


def _counts_sheet(book: SafeWorkbook, formats: dict, counts: dict, office_name: str) -> None:
    """Reports by category and status, then the quarter's recommendations by follow-up status."""
    bold, head, cell, num = formats["bold"], formats["head"], formats["cell"], formats["num"]
    sheet = book.add_worksheet(gettext("Jumlah laporan"))
    sheet.write(0, 0, gettext("Rekapitulasi WBS Triwulan %(q)s Tahun %(y)s", q=ROMAN[counts["quarter"]],
                              y=counts["year"]), bold)
    if office_name:
        sheet.write(1, 0, office_name)
    sheet.write(2, 0, gettext("Periode %(a)s s.d. %(b)s", a=counts["start"], b=counts["end"]))
    r, total_col = 4, len(WBS_STATUSES) + 1
    sheet.write(r, 0, gettext("Kategori"), head)
    for j, status in enumerate(WBS_STATUSES):
        sheet.write(r, j + 1, str(WBS_STATUSES[status]), head)
    sheet.write(r, total_col, gettext("Jumlah"), head)
    for i, category in enumerate(WBS_CATEGORIES):
        sheet.write(r + 1 + i, 0, str(WBS_CATEGORIES[category]), cell)
        for j, status in enumerate(WBS_STATUSES):
            sheet.write_number(r + 1 + i, j + 1, counts["matrix"][category][status], num)
        sheet.write_number(r + 1 + i, total_col, counts["by_category"][category], num)
    last = r + 1 + len(WBS_CATEGORIES)
    sheet.write(last, 0, gettext("Jumlah"), head)
    for j, status in enumerate(WBS_STATUSES):
        sheet.write_number(last, j + 1, counts["by_status"][status], head)
    sheet.write_number(last, total_col, counts["total"], head)
    r = last + 2
    sheet.write(r, 0, gettext("Rekomendasi Inspektorat pada triwulan ini"), bold)
    for i, status in enumerate(FOLLOWUP_STATUSES):
        sheet.write(r + 1 + i, 0, str(FOLLOWUP_STATUSES[status]), cell)
        sheet.write_number(r + 1 + i, 1, counts["recommendations"][status], num)
    sheet.write(r + 4, 0, gettext("Persentase selesai ditindaklanjuti"), cell)
    pct = counts["followup_percent"]
    sheet.write(r + 4, 1, "-" if pct is None else f"{pct:.1f}%", num)
    set_widths(sheet, [(0, 0, 34), (1, total_col, 13)])


def _recap_sheet(book: SafeWorkbook, formats: dict, counts: dict, rows: list) -> None:
    """The follow-up recap table: one line per recommendation."""
    recap = book.add_worksheet(gettext("Rekap tindak lanjut"))
    recap.write(0, 0, gettext("Tabel Rekapitulasi Tindak Lanjut WBS Triwulan %(q)s Tahun %(y)s",
                              q=ROMAN[counts["quarter"]], y=counts["year"]), formats["bold"])
    headers = [
        gettext("No"), gettext("Nomor laporan"), gettext("Kategori"), gettext("Tanggal diterima"),
        gettext("Status laporan"), gettext("Pemberi rekomendasi"), gettext("Tanggal rekomendasi"),
        gettext("Rekomendasi"), gettext("Penanggung jawab"), gettext("Batas waktu"),
        gettext("Tindak lanjut"), gettext("Status tindak lanjut"), gettext("Tanggal tindak lanjut"),
    ]
    recap.write_row(2, 0, headers, formats["head"])
    for i, row in enumerate(rows):
        recap.write_number(3 + i, 0, i + 1, formats["num"])
        values = [
            row.number, row.category, _d(row.received_on), row.status, row.issued_by, _d(row.issued_on),
            row.recommendation, row.responsible, _d(row.due_on), row.followup, row.followup_status,
            _d(row.followup_on),
        ]
        for j, value in enumerate(values, start=1):
            recap.write_string(3 + i, j, value or "", formats["cell"])
    set_widths(recap, [(0, 0, 5), (1, 6, 16), (7, 7, 45), (8, 9, 18), (10, 10, 45), (11, 12, 18)])
    recap.freeze_panes(3, 0)


# ------------------------------------------------------------------------------------------- open data
# The PUBLISHED quarterly counts as open tables (portal/core/tables.py, issue 12 §1): numbers only, read
# from the published snapshots, never from the reports. One row per quarter and category (`jumlah`, the
# main table) and one row per quarter for the Inspektorat's recommendations (`rekomendasi`).
MAIN_TABLE = "jumlah"


def snapshot_counts(snapshot) -> dict:
    """The counts a published quarter froze (portal.wbs.service.publish_quarter)."""
    return json.loads(snapshot.data)


def quarter_json(snapshot, data: dict) -> dict:
    """One published quarter in the JSON vocabulary (English snake_case, codes, numbers)."""
    return {
        "period_key": snapshot.period_key, "year": data["year"], "quarter": data["quarter"],
        "start": data["start"], "end": data["end"],
        "published_at": snapshot.published_at.isoformat(timespec="seconds"),
        "total": data["total"],
        "by_category": [{"category": c, "label": str(WBS_CATEGORIES[c]), "total": data["by_category"][c],
                         "by_status": {s: data["matrix"][c][s] for s in WBS_STATUSES}}
                        for c in WBS_CATEGORIES],
        "by_status": {s: data["by_status"][s] for s in WBS_STATUSES},
        "recommendations": {"by_status": {s: data["recommendations"][s] for s in FOLLOWUP_STATUSES},
                            "total": data["recommendations_total"],
                            "followup_percent": data["followup_percent"]},
    }


def open_tables(published: list[tuple[object, dict]]) -> list[Table]:
    counts = Table(MAIN_TABLE, gettext("Jumlah laporan per triwulan"), [
        Column("period", gettext("Triwulan"), 10), Column("category", gettext("Kode"), 24),
        Column("category_label", gettext("Kategori"), 30),
        *(Column(s, str(label)) for s, label in WBS_STATUSES.items()), Column("total", gettext("Jumlah"))])
    recommendations = Table("rekomendasi", gettext("Rekomendasi Inspektorat per triwulan"), [
        Column("period", gettext("Triwulan"), 10),
        *(Column(s, str(label), 18) for s, label in FOLLOWUP_STATUSES.items()),
        Column("total", gettext("Jumlah")),
        Column("followup_percent", gettext("Persentase selesai ditindaklanjuti"), 18)])
    for snapshot, data in published:
        for c, label in WBS_CATEGORIES.items():
            counts.add(snapshot.period_key, c, str(label), *(data["matrix"][c][s] for s in WBS_STATUSES),
                       data["by_category"][c])
        recommendations.add(snapshot.period_key, *(data["recommendations"][s] for s in FOLLOWUP_STATUSES),
                            data["recommendations_total"], data["followup_percent"])
    return [counts, recommendations]
