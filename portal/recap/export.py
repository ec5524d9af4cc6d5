"""CSV and XLSX downloads of a recap (every matrix of `recaps.tables(data)`).

The CSV files are open data (portal/core/tables.py): one matrix per file, UTF-8 with a BOM, the column keys
on the first line (`open_tables`); the main table (status per month) at `/rekap/<period>.csv`, every table
at `/rekap/<period>/<table id>.csv`.

Category names are configurable text, so a name such as `=HYPERLINK(...)` must never become a formula
(portal/core/xlsx.py): in CSV every text cell starting with = + - @ (or a tab / carriage return) gets a
leading apostrophe (`csv_cell`); in XLSX text is written as text, and the same prefix is applied so a later
save-as-CSV from a spreadsheet stays safe too.
"""
from __future__ import annotations

import csv
import io
from typing import Any

from flask_babel import gettext as _

from portal.core.tables import Column, Table
from portal.core.xlsx import FORMULA_START, SafeWorkbook, csv_cell, set_widths
from portal.dumas.models import CLOSED_STATUSES
from portal.recap.service import tables

__all__ = ["FORMULA_START", "MAIN_TABLE", "open_tables", "safe_cell", "table_ids", "to_csv", "to_xlsx"]

MAIN_TABLE = "status_bulanan"  # the table at /rekap/<period>.csv
# the rows of the resolution table, in the order of `recaps.tables`
RESOLUTION_KEYS = ("resolved", "median_working_days", "closed", "closed_on_time", "closed_late",
                   "on_time_percent")

safe_cell = csv_cell  # numbers stay numbers; None becomes empty; risky text is prefixed with an apostrophe


def _meta_rows(data: dict[str, Any]) -> list[list[Any]]:
    period = data["period"]
    rows = [[_("Rekapitulasi pengaduan masyarakat (DUMAS)")], [_("Periode"), period["label"]],
            [_("Dari"), period["start"]], [_("Sampai"), period["end"]], [_("Zona waktu"), period["timezone"]]]
    if data.get("published_at"):
        rows.append([_("Diterbitkan"), data["published_at"]])
    return rows


def to_csv(data: dict[str, Any], table_id: str | None = None) -> str:
    """All matrices one after another (title row, header, rows, total, blank line), or just `table_id`."""
    selected = [t for t in tables(data) if table_id is None or t["id"] == table_id]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if table_id is None:
        for row in _meta_rows(data):
            writer.writerow([safe_cell(v) for v in row])
        writer.writerow([])
    for index, table in enumerate(selected):
        if table_id is None:
            writer.writerow([safe_cell(table["title"])])
        writer.writerow([safe_cell(v) for v in table["header"]])
        for row in table["rows"]:
            writer.writerow([safe_cell(v) for v in row])
        if table["footer"]:
            writer.writerow([safe_cell(v) for v in table["footer"]])
        if table_id is None and index < len(selected) - 1:
            writer.writerow([])
    return out.getvalue()


def _count(row: dict[str, Any], key: str) -> int:
    """A status or follow-up row's count under a column code ("total" is the row's total)."""
    return row["total"] if key == "total" else row["counts"][key]


def open_tables(data: dict[str, Any]) -> list[Table]:
    """The recap's matrices as open tables: codes beside the labels (a period key, a category slug, a
    channel or status code), the labels in the reader's language, numbers; no total rows."""
    shown = {t["id"]: t for t in tables(data)}
    status_keys = [col["key"] for col in data["status_columns"]] + ["total"]
    result = []
    for table_id, first, source in (("status_bulanan", "period", data["status"]["months"]),
                                    ("status_triwulan", "period", data["status"]["quarters"])):
        t = shown[table_id]
        columns = [Column(first, _("Periode")), Column("label", t["header"][0], 24),
                   *(Column(k, label) for k, label in zip(status_keys, t["header"][1:], strict=True))]
        result.append(Table(table_id, t["title"], columns,
                            [[row["key"], shown_row[0], *(_count(row, k) for k in status_keys)]
                             for row, shown_row in zip(source, t["rows"], strict=True)]))
    for table_id, first, source in (("kategori", "category", data["by_category"]),
                                    ("kanal", "channel", data["by_channel"])):
        t = shown[table_id]
        columns = [Column(first, _("Kode")), Column("label", t["header"][0], 32),
                   Column("count", t["header"][1])]
        result.append(Table(table_id, t["title"], columns,
                            [[row["key"], shown_row[0], row["count"]]
                             for row, shown_row in zip(source, t["rows"], strict=True)]))
    t = shown["penyelesaian"]
    result.append(Table("penyelesaian", t["title"],
                        [Column("indicator", _("Kode")), Column("label", t["header"][0], 48),
                         Column("value", t["header"][1])],
                        [[key, label, value] for key, (label, value) in zip(RESOLUTION_KEYS, t["rows"],
                                                                             strict=True)]))
    t = shown["tindak_lanjut"]
    keys = [*CLOSED_STATUSES, "total"]
    result.append(Table("tindak_lanjut", t["title"],
                        [Column("category", _("Kode")), Column("label", t["header"][0], 32),
                         *(Column(k, label) for k, label in zip(keys, t["header"][1:], strict=True))],
                        [[row["key"], shown_row[0], *(_count(row, k) for k in keys)]
                         for row, shown_row in zip(data["followed_up"], t["rows"], strict=True)]))
    return result


def table_ids(data: dict[str, Any]) -> list[str]:
    return [t["id"] for t in tables(data)]


def to_xlsx(data: dict[str, Any]) -> bytes:
    """One worksheet per matrix plus an `Info` sheet; numbers as numbers, text never as a formula."""
    book = SafeWorkbook()
    formats = {
        "bold": book.add_format({"bold": True}),
        "head": book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1, "text_wrap": True}),
        "cell": book.add_format({"border": 1}),
        "total": book.add_format({"bold": True, "border": 1, "top": 2}),
    }
    info = book.add_worksheet("Info")
    for r, row in enumerate(_meta_rows(data)):
        for c, value in enumerate(row):
            info.write(r, c, safe_cell(value), formats["bold"] if c == 0 else None)
    set_widths(info, [(0, 0, 22), (1, 1, 40)])
    for table in tables(data):
        _table_sheet(book, formats, table)
    return book.to_bytes()


def _table_sheet(book: SafeWorkbook, formats: dict, table: dict[str, Any]) -> None:
    sheet = book.add_worksheet(table.get("sheet") or table["title"])
    sheet.write(0, 0, table["title"], formats["bold"])
    sheet.write_row(2, 0, [safe_cell(value) for value in table["header"]], formats["head"])
    r = 3
    for row in table["rows"]:
        sheet.write_row(r, 0, [safe_cell(value) for value in row], formats["cell"])
        r += 1
    if table["footer"]:
        sheet.write_row(r, 0, [safe_cell(value) for value in table["footer"]], formats["total"])
        r += 1
    if table.get("note"):
        sheet.write(r + 1, 0, table["note"])
    set_widths(sheet, [(0, 0, 42), (1, len(table["header"]) - 1, 13)])
    sheet.freeze_panes(3, 1)
