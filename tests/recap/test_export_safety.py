"""Safe spreadsheets (portal/core/xlsx.py): a formula-looking text typed by anyone comes out of every
export (WBS quarterly report, ZI monev report, SKM workbook, DUMAS recap) as text, never as a formula,
and carries Excel's quote-prefix mark so that editing the cell does not turn it into one either."""
from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from portal.core.xlsx import SafeWorkbook, csv_cell, looks_like_formula, unique_sheet_name
from portal.extensions import db
from portal.survey import export as skm_export
from portal.survey import service as survey
from portal.wbs.export import quarterly_xlsx
from portal.wbs.models import FOLLOWUP_STATUSES, WBS_CATEGORIES, WBS_STATUSES
from portal.wbs.service import RecapRow
from tests.survey.test_skm import make_service, post_survey

RISKY = ['=HYPERLINK("http://contoh.invalid","klik")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def _cells(data: bytes):
    book = load_workbook(io.BytesIO(data))
    return [cell for sheet in book for row in sheet.iter_rows() for cell in row
            if isinstance(cell.value, str)]


def _assert_text(cells, fragment: str) -> None:
    found = [cell for cell in cells if cell.value.startswith(fragment)]
    assert found, fragment
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in found)


@pytest.mark.parametrize("text", RISKY)
def test_every_way_of_writing_text_keeps_a_formula_looking_text_as_marked_text(text):
    book = SafeWorkbook()
    bordered = book.add_format({"border": 1})
    sheet = book.add_worksheet("Data")
    sheet.write(0, 0, text, bordered)
    sheet.write_string(1, 0, text)
    sheet.write_row(2, 0, [text, "biasa"], bordered)
    sheet.merge_range(3, 0, 3, 2, text, bordered)
    sheet.write(4, 0, "http://contoh.invalid")
    sheet.write(4, 1, "12")
    cells = {cell.coordinate: cell for row in load_workbook(io.BytesIO(book.to_bytes()))["Data"].iter_rows()
             for cell in row}
    for ref in ("A1", "A2", "A3", "A4"):
        assert cells[ref].value == text.replace("\r", "_x000D_")  # how openpyxl reads a stored CR
        assert cells[ref].data_type == "s" and cells[ref].quotePrefix
    assert cells["A1"].border.left.style == "thin"  # the cell keeps its own format besides the mark
    assert not cells["B3"].quotePrefix and cells["B3"].value == "biasa"
    assert cells["A5"].data_type == "s" and cells["A5"].hyperlink is None
    assert cells["B5"].value == "12" and cells["B5"].data_type == "s"


def test_csv_cells_and_sheet_names():
    assert [csv_cell(text)[0] for text in RISKY] == ["'"] * len(RISKY)
    assert csv_cell(-5) == -5 and csv_cell(None) == "" and csv_cell(True) == 1 and csv_cell("Aman") == "Aman"
    assert looks_like_formula("-5 aduan") and not looks_like_formula("5 aduan")
    used: set[str] = set()
    assert unique_sheet_name("Rekap: 2026/01", used) == "Rekap  2026 01"
    assert unique_sheet_name("rekap  2026 01", used) == "rekap  2026 01 (2)"
    assert unique_sheet_name("[]", used, fallback="Layanan") == "Layanan"
    assert unique_sheet_name("x" * 40, used) == "x" * 31
    assert unique_sheet_name("x" * 40, used) == "x" * 27 + " (2)"


def test_wbs_quarterly_report_keeps_a_typed_formula_as_text(app):
    zero = dict.fromkeys(WBS_STATUSES, 0)
    counts = {"year": 2026, "quarter": 1, "start": "2026-01-01", "end": "2026-03-31",
              "matrix": {c: dict(zero) for c in WBS_CATEGORIES}, "by_status": dict(zero),
              "by_category": dict.fromkeys(WBS_CATEGORIES, 0), "total": 0,
              "recommendations": dict.fromkeys(FOLLOWUP_STATUSES, 0), "followup_percent": None}
    row = RecapRow(number="WBS-2026-0001", category="Gratifikasi", received_on=date(2026, 1, 5),
                   status="Diproses", issued_by="Inspektorat", issued_on=date(2026, 2, 1),
                   recommendation=RISKY[0], responsible="@admin", due_on=None,
                   followup="-cmd|' /C calc'!A0", followup_status="Belum", followup_on=None)
    with app.test_request_context():
        cells = _cells(quarterly_xlsx(counts, [row], office_name="=Kantor"))
    for text in (RISKY[0], "@admin", "-cmd|", "=Kantor", "-"):
        _assert_text(cells, text)


def test_skm_workbook_keeps_a_formula_looking_suggestion_as_text(app, client):
    make_service(app, "layanan-dpt", "=Layanan Data Pemilih", survey_open=True)
    assert post_survey(client, "layanan-dpt", [3] * 9, suggestion="@SUM(A1:A9)").status_code in (200, 302)
    with app.test_request_context():
        data = skm_export.build_workbook(db.session, survey.current_period(), "+Kantor")
    cells = _cells(data)
    for text in ("@SUM(A1:A9)", "=Layanan Data Pemilih", "+Kantor"):
        _assert_text(cells, text)
