"""XLSX of the WBS quarterly report: counts by category and status, and the follow-up recap table.

XlsxWriter with `strings_to_formulas` off, so text such as `=HYPERLINK(...)` typed by anyone stays text.
"""
from __future__ import annotations

import io

import xlsxwriter
from flask_babel import gettext

from portal.core.periods import ROMAN
from portal.wbs.models import FOLLOWUP_STATUSES, WBS_CATEGORIES, WBS_STATUSES


def _d(value) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


def quarterly_xlsx(counts: dict, rows: list, *, office_name: str = "") -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                     "strings_to_urls": False, "strings_to_numbers": False})
    bold = book.add_format({"bold": True})
    head = book.add_format({"bold": True, "bg_color": "#DDE7F0", "border": 1, "text_wrap": True, "valign": "top"})
    cell = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    num = book.add_format({"border": 1, "valign": "top"})
    title = gettext("Rekapitulasi WBS Triwulan %(q)s Tahun %(y)s", q=ROMAN[counts["quarter"]], y=counts["year"])

    sheet = book.add_worksheet(gettext("Jumlah laporan")[:31])
    sheet.write(0, 0, title, bold)
    if office_name:
        sheet.write(1, 0, office_name)
    sheet.write(2, 0, gettext("Periode %(a)s s.d. %(b)s", a=counts["start"], b=counts["end"]))
    r = 4
    sheet.write(r, 0, gettext("Kategori"), head)
    for j, status in enumerate(WBS_STATUSES):
        sheet.write(r, j + 1, str(WBS_STATUSES[status]), head)
    sheet.write(r, len(WBS_STATUSES) + 1, gettext("Jumlah"), head)
    for i, category in enumerate(WBS_CATEGORIES):
        sheet.write(r + 1 + i, 0, str(WBS_CATEGORIES[category]), cell)
        for j, status in enumerate(WBS_STATUSES):
            sheet.write_number(r + 1 + i, j + 1, counts["matrix"][category][status], num)
        sheet.write_number(r + 1 + i, len(WBS_STATUSES) + 1, counts["by_category"][category], num)
    last = r + 1 + len(WBS_CATEGORIES)
    sheet.write(last, 0, gettext("Jumlah"), head)
    for j, status in enumerate(WBS_STATUSES):
        sheet.write_number(last, j + 1, counts["by_status"][status], head)
    sheet.write_number(last, len(WBS_STATUSES) + 1, counts["total"], head)
    r = last + 2
    sheet.write(r, 0, gettext("Rekomendasi Inspektorat pada triwulan ini"), bold)
    for i, status in enumerate(FOLLOWUP_STATUSES):
        sheet.write(r + 1 + i, 0, str(FOLLOWUP_STATUSES[status]), cell)
        sheet.write_number(r + 1 + i, 1, counts["recommendations"][status], num)
    sheet.write(r + 4, 0, gettext("Persentase selesai ditindaklanjuti"), cell)
    pct = counts["followup_percent"]
    sheet.write(r + 4, 1, "-" if pct is None else f"{pct:.1f}%", num)
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, len(WBS_STATUSES) + 1, 13)

    recap = book.add_worksheet(gettext("Rekap tindak lanjut")[:31])
    recap.write(0, 0, gettext("Tabel Rekapitulasi Tindak Lanjut WBS Triwulan %(q)s Tahun %(y)s",
                              q=ROMAN[counts["quarter"]], y=counts["year"]), bold)
    headers = [
        gettext("No"), gettext("Nomor laporan"), gettext("Kategori"), gettext("Tanggal diterima"),
        gettext("Status laporan"), gettext("Pemberi rekomendasi"), gettext("Tanggal rekomendasi"),
        gettext("Rekomendasi"), gettext("Penanggung jawab"), gettext("Batas waktu"),
        gettext("Tindak lanjut"), gettext("Status tindak lanjut"), gettext("Tanggal tindak lanjut"),
    ]
    for j, text in enumerate(headers):
        recap.write(2, j, text, head)
    for i, row in enumerate(rows):
        values = [
            i + 1, row.number, row.category, _d(row.received_on), row.status, row.issued_by, _d(row.issued_on),
            row.recommendation, row.responsible, _d(row.due_on), row.followup, row.followup_status,
            _d(row.followup_on),
        ]
        for j, value in enumerate(values):
            if isinstance(value, int):
                recap.write_number(3 + i, j, value, num)
            else:
                recap.write_string(3 + i, j, value or "", cell)
    recap.set_column(0, 0, 5)
    recap.set_column(1, 6, 16)
    recap.set_column(7, 7, 45)
    recap.set_column(8, 9, 18)
    recap.set_column(10, 10, 45)
    recap.set_column(11, 12, 18)
    recap.freeze_panes(3, 0)
    book.close()
    return out.getvalue()
