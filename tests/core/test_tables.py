"""portal/core/tables.py: one published table, three open formats (issue 12 §1)."""
from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from portal.core import tables
from portal.core.tables import Column, Table


def _table() -> Table:
    return Table("kategori", "Aduan per kategori",
                 [Column("category", "Kategori"), Column("count", "Jumlah"), Column("share", "Persen")],
                 [["Pelayanan", 3, 37.5], ['=HYPERLINK("http://contoh.invalid","klik")', 1, None],
                  ["Perizinan ñ é", 4, 50.0]])


def test_csv_has_a_bom_crlf_key_header_and_safe_cells():
    body = tables.to_csv(_table())
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    assert text.count("\r\n") == 4 and "\n" not in text.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["category", "count", "share"]
    assert rows[1] == ["Pelayanan", "3", "37.5"]
    assert rows[2] == ["'=HYPERLINK(\"http://contoh.invalid\",\"klik\")", "1", ""]
    assert rows[3][0] == "Perizinan ñ é"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_one_table_per_csv_and_json_records():
    table = _table()
    assert len(list(csv.reader(io.StringIO(tables.to_csv(table).decode("utf-8-sig"))))) == 1 + len(table.rows)
    assert tables.records(table)[0] == {"category": "Pelayanan", "count": 3, "share": 37.5}
    assert tables.records(table)[1]["share"] is None


def test_xlsx_opens_with_the_same_rows_and_text_never_a_formula():
    other = Table("kanal", "Aduan per kanal", [Column("channel", "Kanal"), Column("count", "Jumlah")],
                  [["website", 5], ["-1 surat", 2]])
    book = openpyxl.load_workbook(io.BytesIO(tables.to_xlsx([_table(), other])))
    assert book.sheetnames == ["Aduan per kategori", "Aduan per kanal"]
    grid = [list(r) for r in book["Aduan per kategori"].iter_rows(values_only=True)]
    assert grid[0] == ["Kategori", "Jumlah", "Persen"]
    assert grid[1:] == [list(r) for r in _table().rows]
    assert all(c.data_type != "f" for sheet in book for row in sheet.iter_rows() for c in row)
    evil = book["Aduan per kategori"]["A3"]
    assert evil.data_type == "s" and evil.quotePrefix
    assert [list(r) for r in book["Aduan per kanal"].iter_rows(min_row=2, values_only=True)] == [
        ["website", 5], ["-1 surat", 2]]


def test_a_table_refuses_rows_that_do_not_fit_its_columns():
    with pytest.raises(ValueError):
        Table("x", "X", [Column("a"), Column("a")])
    with pytest.raises(ValueError):
        Table("x", "X", [Column("a"), Column("b")], [[1]])
    table = Table("x", "X", [Column("a"), Column("b")])
    with pytest.raises(ValueError):
        table.add(1, 2, 3)
    table.add(1, 2)
    assert tables.find([table], "x") is table and tables.find([table], "y") is None


def test_a_line_break_inside_a_cell_stays_inside_its_quoted_cell():
    table = Table("t", "T", [Column("text"), Column("n")], [["baris satu\nbaris dua", 1], ["lain", 2]])
    text = tables.to_csv(table).decode("utf-8-sig")
    assert text == 'text,n\r\n"baris satu\nbaris dua",1\r\nlain,2\r\n'
    assert list(csv.reader(io.StringIO(text, newline="")))[1] == ["baris satu\nbaris dua", "1"]
