"""CSV and XLSX downloads of a recap (every matrix of `recaps.tables(data)`).

Category names are configurable text, so a name such as `=HYPERLINK(...)` must never become a formula:
in CSV every text cell starting with = + - @ (or a tab / carriage return) gets a leading apostrophe; in
XLSX XlsxWriter writes text as text (`strings_to_formulas: False`), and the same prefix is applied so a
later save-as-CSV from a spreadsheet stays safe too.
"""
from __future__ import annotations

import csv
import io
import re
from typing import Any

import xlsxwriter

from portal.recap.service import tables

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Numbers stay numbers; None becomes empty; risky text is prefixed with an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return value
    text = str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def _meta_rows(data: dict[str, Any]) -> list[list[Any]]:
    period = data["period"]
    rows = [["Rekapitulasi pengaduan masyarakat (DUMAS)"], ["Periode", period["label"]],
            ["Dari", period["start"]], ["Sampai", period["end"]], ["Zona waktu", period["timezone"]]]
    if data.get("published_at"):
        rows.append(["Diterbitkan", data["published_at"]])
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


def table_ids(data: dict[str, Any]) -> list[str]:
    return [t["id"] for t in tables(data)]


def _sheet_name(title: str, used: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\']", "", title)[:31].strip() or "Tabel"
    base, n = name, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name.lower())
    return name


def to_xlsx(data: dict[str, Any]) -> bytes:
    """One worksheet per matrix plus an `Info` sheet; numbers as numbers, text never as a formula."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False, "strings_to_numbers": False})
    bold = workbook.add_format({"bold": True})
    header_fmt = workbook.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1, "text_wrap": True})
    cell_fmt = workbook.add_format({"border": 1})
    total_fmt = workbook.add_format({"bold": True, "border": 1, "top": 2})
    used: set[str] = set()

    info = workbook.add_worksheet(_sheet_name("Info", used))
    for r, row in enumerate(_meta_rows(data)):
        for c, value in enumerate(row):
            info.write(r, c, safe_cell(value), bold if c == 0 else None)
    info.set_column(0, 0, 22)
    info.set_column(1, 1, 40)

    for table in tables(data):
        sheet = workbook.add_worksheet(_sheet_name(table.get("sheet") or table["title"], used))
        sheet.write(0, 0, table["title"], bold)
        for c, value in enumerate(table["header"]):
            sheet.write(2, c, safe_cell(value), header_fmt)
        r = 3
        for row in table["rows"]:
            for c, value in enumerate(row):
                sheet.write(r, c, safe_cell(value), cell_fmt)
            r += 1
        if table["footer"]:
            for c, value in enumerate(table["footer"]):
                sheet.write(r, c, safe_cell(value), total_fmt)
            r += 1
        if table.get("note"):
            sheet.write(r + 1, 0, table["note"])
        sheet.set_column(0, 0, 42)
        sheet.set_column(1, len(table["header"]) - 1, 13)
        sheet.freeze_panes(3, 1)
    workbook.close()
    return buffer.getvalue()
