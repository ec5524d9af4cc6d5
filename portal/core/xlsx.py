"""Safe spreadsheets: the one way an export (WBS, ZI monev, SKM, DUMAS recap) builds an XLSX or a CSV row.

Text in an export is typed by someone else (a category name, a team's note, a survey suggestion), so text
that looks like a formula (it starts with = + - @, a tab or a carriage return) must never run as one:

- XLSX (`SafeWorkbook`): every text is written as a text cell, never guessed into a formula, a link or a
  number (XlsxWriter's `strings_to_formulas`, `strings_to_urls`, `strings_to_numbers` off); a formula-looking
  text also carries Excel's own "this is text" mark (`quote_prefix`), so it stays text when someone edits the
  cell or re-enters it. Real formulas are written on purpose only, with `write_formula` (the SKM sheet).
- CSV (`csv_cell`): no such mark exists, so a formula-looking text gets a leading apostrophe.

A `SafeWorkbook` lives in memory (`to_bytes()`), names its worksheets validly and uniquely, and offers the
house formats (`house_formats`) and column widths (`set_widths`) the exports share.
"""
from __future__ import annotations

import io
import re
from collections.abc import Iterable
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SAFE_OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                "strings_to_numbers": False}
SHEET_NAME_MAX = 31
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\']")
HEAD_COLOR = "#DDE7F0"


def looks_like_formula(text: str) -> bool:
    """A text a spreadsheet would read as a formula (or a DDE command) if it were typed into a cell."""
    return text.startswith(FORMULA_START)


def csv_cell(value: Any) -> Any:
    """A CSV value: numbers stay numbers, None is empty, formula-looking text gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return value
    text = str(value)
    return "'" + text if looks_like_formula(text) else text


def unique_sheet_name(title: str, used: set[str], *, width: int = SHEET_NAME_MAX,
                      fallback: str = "Tabel") -> str:
    """A valid worksheet name for `title` (no [ ] : * ? / \\ ', at most `width` characters), not in `used`
    (compared without case, as Excel does); the name is added to `used`."""
    base = _SHEET_NAME_FORBIDDEN.sub(" ", title or "").strip()[:width].strip() or fallback
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name = base[: width - len(suffix)].rstrip() + suffix
        n += 1
    used.add(name.lower())
    return name


class SafeWorksheet(Worksheet):
    """A worksheet on which a formula-looking text is written as text with Excel's quote-prefix mark.

    Every text write (`write`, `write_string`, `write_row`, `merge_range`) ends in `_write_string`."""

    _quoted = None  # set by SafeWorkbook.add_worksheet

    def _write_string(self, row: int, col: int, string: str, cell_format: Format | None = None):
        if self._quoted is not None and looks_like_formula(string):
            cell_format = self._quoted(cell_format)
        return super()._write_string(row, col, string, cell_format)


class SafeWorkbook(xlsxwriter.Workbook):
    """An in-memory XlsxWriter workbook on which text is always text (see the module docstring)."""

    def __init__(self, **options: Any):
        self._buffer = io.BytesIO()
        self._properties: dict[int, dict[str, Any]] = {}
        self._twins: dict[int | None, Format] = {}
        self._sheet_names: set[str] = set()
        super().__init__(self._buffer, {**SAFE_OPTIONS, **options})

    def add_format(self, properties: dict[str, Any] | None = None) -> Format:
        cell_format = super().add_format(properties)
        self._properties[id(cell_format)] = dict(properties or {})
        return cell_format

    def _quoted(self, cell_format: Format | None) -> Format:
        """The quote-prefixed twin of a format made here (made once, on first use)."""
        key = None if cell_format is None else id(cell_format)
        if key not in self._twins:
            properties = {} if key is None else self._properties.get(key, {})
            self._twins[key] = self.add_format({**properties, "quote_prefix": True})
        return self._twins[key]

    def add_worksheet(self, name: str | None = None, worksheet_class=None, *, width: int = SHEET_NAME_MAX,
                      fallback: str = "Tabel") -> SafeWorksheet:
        """A new sheet named after `name`, made valid and unique in this workbook (`unique_sheet_name`)."""
        title = unique_sheet_name(name or "", self._sheet_names, width=width, fallback=fallback)
        sheet = super().add_worksheet(title, worksheet_class or SafeWorksheet)
        sheet._quoted = self._quoted
        return sheet

    def house_formats(self, head_color: str = HEAD_COLOR) -> dict[str, Format]:
        """The formats of a staff report: `bold` titles, `head` (shaded header cells), `cell` (bordered,
        wrapped text) and `num` (bordered numbers), all aligned to the top."""
        return {
            "bold": self.add_format({"bold": True}),
            "head": self.add_format({"bold": True, "bg_color": head_color, "border": 1, "text_wrap": True,
                                     "valign": "top"}),
            "cell": self.add_format({"border": 1, "text_wrap": True, "valign": "top"}),
            "num": self.add_format({"border": 1, "valign": "top"}),
        }

    def to_bytes(self) -> bytes:
        """Close the workbook and give the file's bytes."""
        self.close()
        return self._buffer.getvalue()


def set_widths(sheet: Worksheet, widths: Iterable[tuple[int, int, float]]) -> None:
    """Column widths as (first column, last column, width) triples."""
    for first, last, width in widths:
        sheet.set_column(first, last, width)
