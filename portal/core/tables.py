"""Published tables in open formats (issue 12 §1): one description, three files.

A published table (a DUMAS recap matrix, the SKM results of a period, the action plan, the WBS quarterly
counts) is a `Table`: a key (its name in URLs and file names), a title, its columns (an English snake_case
key and a label each) and its rows (one value per column). From it:

- CSV (`to_csv`): UTF-8 **with a byte-order mark** (Indonesian Excel then reads the letters right), lines
  ending in CRLF, one table per file, the first line the column **keys** (stable across languages: a script
  reading the file does not break when someone downloads it with ?lang=en), every cell through
  `portal.core.xlsx.csv_cell` (a formula-looking text gets a leading apostrophe). Rows only: no title line,
  no total line (a total is a sum a reader makes; a total row would be summed twice);
- XLSX (`to_xlsx`): one worksheet per table (`portal.core.xlsx.SafeWorkbook`: text is never a formula), the
  first row the column **labels** in the reader's language, the rows below it, numbers as numbers;
- JSON (`records`): a list of objects keyed by the column keys.

The values are the same in the three files; text that is the portal's own label follows the reader's
language (the page does the same), codes and numbers never change.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from portal.core.xlsx import SafeWorkbook, csv_cell

BOM = "\ufeff"


@dataclass(frozen=True)
class Column:
    """A column: `key` in English snake_case (CSV header, JSON field), `label` for people (a lazy msgid)."""

    key: str
    label: Any = ""
    width: float = 14


@dataclass
class Table:
    key: str
    title: Any
    columns: Sequence[Column]
    rows: list[Sequence[Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        keys = [c.key for c in self.columns]
        if len(set(keys)) != len(keys):
            raise ValueError(f"table {self.key}: duplicate column keys {keys}")
        for row in self.rows:
            if len(row) != len(keys):
                raise ValueError(f"table {self.key}: a row of {len(row)} values for {len(keys)} columns")

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]

    def add(self, *values: Any) -> None:
        if len(values) != len(self.columns):
            raise ValueError(f"table {self.key}: {len(values)} values for {len(self.columns)} columns")
        self.rows.append(values)

    def records(self) -> list[dict[str, Any]]:
        """The rows as JSON objects keyed by the column keys."""
        return [dict(zip(self.keys, row, strict=True)) for row in self.rows]


def _plain(value: Any) -> Any:
    """A value a file can hold: lazy strings become text, numbers and None stay as they are."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return str(value)


def records(table: Table) -> list[dict[str, Any]]:
    return [{k: _plain(v) for k, v in row.items()} for row in table.records()]


def to_csv(table: Table) -> bytes:
    """One table as a CSV file (see the module docstring): BOM, CRLF, key header, safe cells."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.keys)
    for row in table.rows:
        writer.writerow([csv_cell(_plain(value)) for value in row])
    return (BOM + out.getvalue()).encode("utf-8")


def to_xlsx(tables: Iterable[Table]) -> bytes:
    """Every table on its own worksheet named after its title: labels on the first row, frozen."""
    book = SafeWorkbook()
    head = book.add_format({"bold": True, "bg_color": "#DDE7F0", "border": 1, "text_wrap": True,
                            "valign": "top"})
    for table in tables:
        sheet = book.add_worksheet(str(table.title), fallback=table.key)
        sheet.write_row(0, 0, [str(c.label or c.key) for c in table.columns], head)
        for r, row in enumerate(table.rows, start=1):
            for c, value in enumerate(row):
                value = _plain(value)
                if value is None:
                    continue
                if isinstance(value, bool):
                    value = int(value)
                if isinstance(value, (int, float)):
                    sheet.write_number(r, c, value)
                else:
                    sheet.write_string(r, c, value)
        for c, column in enumerate(table.columns):
            sheet.set_column(c, c, column.width)
        sheet.freeze_panes(1, 0)
    return book.to_bytes()


def send(body: bytes, download_name: str):
    """A published table's file as a download (`send_export(public=True)`), its body in memory so that
    @open_data can give it an ETag and answer If-None-Match with a 304."""
    from portal.core.downloads import send_export

    response = send_export(body, download_name, public=True)
    response.direct_passthrough = False
    response.set_data(body)
    return response


def find(tables: Iterable[Table], key: str) -> Table | None:
    return next((t for t in tables if t.key == key), None)
