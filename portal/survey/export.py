"""SKM export to XLSX in the layout of an SKM processing sheet ("pengolahan data per responden dan per
unsur"): one row per respondent, one column per unsur, and under them the rows Jumlah nilai, Jumlah
kuesioner terisi, NRR per unsur, NRR tertimbang, IKM, IKM konversi, mutu and kinerja.

The summary rows are real Excel formulas (so an auditor can follow them in the sheet), written with their
computed values cached, so readers that do not recalculate (and the tests) see the same figures as the
portal. A first sheet "Rekap" lists every service and the whole office.

Built on portal/core/xlsx.py: strings are never turned into formulas, so a suggestion that starts with
"=" stays text; the summary formulas are written on purpose with `write_formula`.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from xlsxwriter.utility import xl_col_to_name

from portal.core.errors import DomainError
from portal.core.formatting import tanggal
from portal.core.periods import Period
from portal.core.tables import Column, Table
from portal.core.xlsx import SafeWorkbook
from portal.survey import ikm
from portal.survey import service as survey
from portal.survey.models import UNSUR_KEYS, SurveyResponse

MAX_EXPORT_ROWS = 50_000
SHEET_NAME_WIDTH = 28  # a service's sheet: its name, cut to leave room for a " (2)" of a namesake
PROFILE_COLUMNS = 7  # No, tanggal isi, tanggal layanan, jenis kelamin, umur, pendidikan, pekerjaan


def build_workbook(session: Session, period: Period, office_name: str,
                   service_slug: str | None = None) -> bytes:
    data = survey.compute(session, period)
    entries = [e for e in data["services"] if not service_slug or e["slug"] == service_slug]
    if service_slug and not entries:
        raise DomainError("Layanan tidak ditemukan.")
    query = select(func.count()).select_from(SurveyResponse).where(
        SurveyResponse.submitted_on >= period.start, SurveyResponse.submitted_on <= period.end)
    if service_slug:
        query = query.where(SurveyResponse.service_id == entries[0]["id"])
    rows = session.scalar(query) or 0
    if rows > MAX_EXPORT_ROWS:
        raise DomainError("Terlalu banyak responden (%(n)s) untuk satu berkas; pilih periode yang lebih "
                          "pendek atau satu layanan.", n=rows)

    book = SafeWorkbook(default_date_format="dd/mm/yyyy")
    fmt = {
        "title": book.add_format({"bold": True, "font_size": 12}),
        "head": book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1, "text_wrap": True,
                                 "valign": "vcenter", "align": "center"}),
        "cell": book.add_format({"border": 1}),
        "num": book.add_format({"border": 1, "align": "center"}),
        "date": book.add_format({"border": 1, "num_format": "dd/mm/yyyy"}),
        "wrap": book.add_format({"border": 1, "text_wrap": True}),
        "label": book.add_format({"bold": True, "border": 1, "bg_color": "#F8F9FA"}),
        "sum": book.add_format({"bold": True, "border": 1, "align": "center", "bg_color": "#F8F9FA"}),
        "nrr": book.add_format({"bold": True, "border": 1, "align": "center", "num_format": "0.000",
                                "bg_color": "#F8F9FA"}),
        "w": book.add_format({"border": 1, "align": "center", "num_format": "0.0000", "bg_color": "#F8F9FA"}),
        "ikm": book.add_format({"bold": True, "border": 1, "align": "center", "num_format": "0.0000"}),
        "conv": book.add_format({"bold": True, "border": 1, "align": "center", "num_format": "0.00"}),
        "low": book.add_format({"bold": True, "border": 1, "align": "center", "num_format": "0.000",
                                "bg_color": "#F8D7DA"}),
        "small": book.add_format({"italic": True, "font_color": "#555555"}),
    }
    _summary_sheet(book, fmt, data, entries, period, office_name, service_slug)
    for entry in entries:
        _service_sheet(session, book, fmt, entry, period, office_name)
    return book.to_bytes()


def _period_text(period: Period) -> str:
    return f"{period.label} ({tanggal(period.start)} – {tanggal(period.end)})"


def _float(value: str | None) -> float | None:
    return None if value is None else float(value)


def _summary_sheet(book: SafeWorkbook, fmt, data, entries, period: Period, office_name: str,
                   service_slug: str | None) -> None:
    sheet = book.add_worksheet("Rekap")
    sheet.write(0, 0, _("REKAPITULASI SURVEI KEPUASAN MASYARAKAT (SKM)"), fmt["title"])
    sheet.write(1, 0, office_name)
    sheet.write(2, 0, _("Periode: %(p)s", p=_period_text(period)))
    head = [_("Layanan"), _("Responden")] + [u.code for u in ikm.UNSUR] + [
        _("IKM (nilai indeks)"), _("IKM konversi"), _("Mutu"), _("Kinerja unit pelayanan"),
        _("Populasi periode"), _("Sampel minimum (Krejcie & Morgan)")]
    sheet.write_row(4, 0, head, fmt["head"])
    rows = [(e["name"], e) for e in entries]
    if not service_slug:
        rows.append((_("Seluruh layanan"), data["total"]))
    for i, (name, result) in enumerate(rows, start=5):
        sheet.write_string(i, 0, name, fmt["label"] if result is data["total"] else fmt["cell"])
        sheet.write_number(i, 1, result["respondents"], fmt["num"])
        for j, row in enumerate(result["unsur"]):
            if row["nrr"] is None:
                sheet.write_blank(i, 2 + j, None, fmt["num"])
            else:
                sheet.write_number(i, 2 + j, float(row["nrr"]), fmt["low"] if row["weakest"] else fmt["nrr"])
        col = 2 + len(ikm.UNSUR)
        if result["ikm"] is None:
            sheet.write_row(i, col, ["–", "–", "–", "–"], fmt["num"])
        else:
            grade = ikm.MUTU_BY_CODE[result["mutu"]]
            sheet.write_number(i, col, float(result["ikm"]), fmt["ikm"])
            sheet.write_number(i, col + 1, float(result["konversi"]), fmt["conv"])
            sheet.write_string(i, col + 2, grade.code, fmt["num"])
            sheet.write_string(i, col + 3, str(grade.label), fmt["cell"])
        for k, value in enumerate((result["population"], result["min_sample"])):
            if value is None:
                sheet.write_string(i, col + 4 + k, "–", fmt["num"])
            else:
                sheet.write_number(i, col + 4 + k, value, fmt["num"])
    last = 5 + len(rows) + 1
    sheet.write(last, 0, _("Keterangan unsur:"), fmt["small"])
    for n, unsur in enumerate(ikm.UNSUR, start=1):
        sheet.write(last + n, 0, f"{unsur.code} = {unsur.label}", fmt["small"])
    legend = last + len(ikm.UNSUR) + 2
    sheet.write(legend, 0, _("Mutu pelayanan (IKM konversi):"), fmt["small"])
    for n, text in enumerate(("A (Sangat Baik): 88,31 – 100,00", "B (Baik): 76,61 – 88,30",
                              "C (Kurang Baik): 65,00 – 76,60", "D (Tidak Baik): 25,00 – 64,99"), start=1):
        sheet.write(legend + n, 0, text, fmt["small"])
    sheet.set_column(0, 0, 38)
    sheet.set_column(1, len(head) - 1, 11)
    sheet.freeze_panes(5, 1)


def _service_sheet(session: Session, book: SafeWorkbook, fmt, entry: dict[str, Any], period: Period,
                   office_name: str) -> None:
    sheet = book.add_worksheet(entry["name"], width=SHEET_NAME_WIDTH, fallback="Layanan")
    first_unsur = PROFILE_COLUMNS
    last_col = first_unsur + len(UNSUR_KEYS)  # the Saran column
    sheet.write(0, 0, _("PENGOLAHAN DATA SURVEI KEPUASAN MASYARAKAT PER RESPONDEN DAN PER UNSUR PELAYANAN"),
                fmt["title"])
    sheet.write(1, 0, office_name)
    sheet.write(2, 0, _("Layanan: %(s)s", s=entry["name"]))
    sheet.write(3, 0, _("Periode: %(p)s", p=_period_text(period)))
    head = [_("No."), _("Tanggal pengisian"), _("Tanggal layanan"), _("Jenis kelamin"), _("Umur"),
            _("Pendidikan"), _("Pekerjaan")] + [u.code for u in ikm.UNSUR] + [_("Saran")]
    header_row = 5
    sheet.write_row(header_row, 0, head, fmt["head"])
    columns = [SurveyResponse.submitted_on, SurveyResponse.service_date, SurveyResponse.gender,
               SurveyResponse.age, SurveyResponse.education, SurveyResponse.occupation,
               *(getattr(SurveyResponse, k) for k in UNSUR_KEYS), SurveyResponse.suggestion]
    query = (select(*columns)
             .where(SurveyResponse.service_id == entry["id"], SurveyResponse.submitted_on >= period.start,
                    SurveyResponse.submitted_on <= period.end)
             .order_by(SurveyResponse.submitted_at, SurveyResponse.id)
             .execution_options(yield_per=2000))
    row = header_row
    for number, values in enumerate(session.execute(query), start=1):
        row = header_row + number
        submitted_on, service_date, gender, age, education, occupation = values[:6]
        answers, suggestion = values[6:6 + len(UNSUR_KEYS)], values[-1]
        sheet.write_number(row, 0, number, fmt["num"])
        sheet.write_datetime(row, 1, _as_date(submitted_on), fmt["date"])
        sheet.write_datetime(row, 2, _as_date(service_date), fmt["date"])
        sheet.write_string(row, 3, str(survey.GENDERS.get(gender, gender)), fmt["cell"])
        sheet.write_number(row, 4, age, fmt["num"])
        sheet.write_string(row, 5, education, fmt["cell"])
        sheet.write_string(row, 6, occupation, fmt["cell"])
        for j, answer in enumerate(answers):
            if answer is None:
                sheet.write_blank(row, first_unsur + j, None, fmt["num"])
            else:
                sheet.write_number(row, first_unsur + j, answer, fmt["num"])
        sheet.write_string(row, last_col, suggestion or "", fmt["wrap"])
    first_data, last_data = header_row + 2, row + 1  # 1-based Excel rows of the respondent block
    has_rows = row > header_row
    labels = [_("Jumlah nilai per unsur"), _("Jumlah kuesioner terisi"), _("NRR per unsur"),
              _("NRR tertimbang per unsur (× 1/%(k)s)", k=entry["unsur_used"] or 9)]
    base = row + 2  # 0-based row of "Jumlah nilai"
    for offset, label in enumerate(labels):
        sheet.merge_range(base + offset, 0, base + offset, first_unsur - 1, label, fmt["label"])
    weighted_cells = []
    for j, result in enumerate(entry["unsur"]):
        col = first_unsur + j
        letter = xl_col_to_name(col)
        rng = f"{letter}{first_data}:{letter}{last_data}"
        if has_rows:
            sheet.write_formula(base, col, f"=SUM({rng})", fmt["sum"], result["sum"])
            sheet.write_formula(base + 1, col, f"=COUNT({rng})", fmt["sum"], result["count"])
        else:
            sheet.write_number(base, col, 0, fmt["sum"])
            sheet.write_number(base + 1, col, 0, fmt["sum"])
        if result["nrr"] is None:
            sheet.write_string(base + 2, col, "–", fmt["sum"])
            sheet.write_string(base + 3, col, "–", fmt["sum"])
            continue
        nrr_cell = f"{letter}{base + 3}"
        sheet.write_formula(base + 2, col, f"={letter}{base + 1}/{letter}{base + 2}",
                            fmt["low"] if result["weakest"] else fmt["nrr"], float(result["nrr"]))
        sheet.write_formula(base + 3, col, f"={nrr_cell}/{entry['unsur_used']}", fmt["w"],
                            float(result["weighted"]))
        weighted_cells.append(f"{letter}{base + 4}")
    summary = base + 5
    rows = [
        (_("IKM (nilai indeks) = jumlah NRR tertimbang"),
         f"=SUM({','.join(weighted_cells)})" if weighted_cells else None, _float(entry["ikm"]), fmt["ikm"]),
        (_("IKM konversi = IKM × 25"), f"=ROUND({xl_col_to_name(first_unsur)}{summary + 1}*25,2)"
         if weighted_cells else None, _float(entry["konversi"]), fmt["conv"]),
    ]
    for offset, (label, formula, value, style) in enumerate(rows):
        sheet.merge_range(summary + offset, 0, summary + offset, first_unsur - 1, label, fmt["label"])
        if formula is None:
            sheet.write_string(summary + offset, first_unsur, "–", style)
        else:
            sheet.write_formula(summary + offset, first_unsur, formula, style, value)
    grade = ikm.MUTU_BY_CODE.get(entry["mutu"] or "")
    sheet.merge_range(summary + 2, 0, summary + 2, first_unsur - 1, _("Mutu pelayanan"), fmt["label"])
    sheet.write_string(summary + 2, first_unsur, grade.code if grade else "–", fmt["sum"])
    sheet.merge_range(summary + 3, 0, summary + 3, first_unsur - 1, _("Kinerja unit pelayanan"), fmt["label"])
    sheet.write_string(summary + 3, first_unsur, str(grade.label) if grade else "–", fmt["sum"])
    weakest = ", ".join(f"{ikm.UNSUR_BY_KEY[k].code} {ikm.UNSUR_BY_KEY[k].label}" for k in entry["weakest"])
    sheet.merge_range(summary + 4, 0, summary + 4, first_unsur - 1, _("Unsur terendah"), fmt["label"])
    sheet.write_string(summary + 4, first_unsur, weakest or "–", fmt["cell"])
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 2, 12)
    sheet.set_column(3, 6, 16)
    sheet.set_column(first_unsur, last_col - 1, 7)
    sheet.set_column(last_col, last_col, 50)
    sheet.freeze_panes(header_row + 1, 1)


def _as_date(value: date):
    from datetime import datetime

    return datetime(value.year, value.month, value.day)


# --------------------------------------------------------------------------------------------- open data
# The published results of a period as open tables (portal/core/tables.py, issue 12 §1): the IKM per
# service (the whole office first) and the NRR per unsur per service. Read from the frozen publication only.
def _number(value: str | None) -> float | None:
    return None if value in (None, "") else float(value)


def _mutu_label(code: str | None) -> str | None:
    return None if not code else str(ikm.MUTU_BY_CODE[code].label)


def open_result(result: dict[str, Any]) -> dict[str, Any]:
    """One scope's published result in the JSON vocabulary (English snake_case, numbers as numbers)."""
    return {
        "respondents": result["respondents"],
        "ikm": _number(result["ikm"]),
        "ikm_conversion": _number(result["konversi"]),
        "mutu": result["mutu"],
        "performance": _mutu_label(result["mutu"]),
        "unsur_used": result["unsur_used"],
        "unsur": [{"code": ikm.UNSUR_BY_KEY[row["key"]].code, "key": row["key"],
                   "label": str(ikm.UNSUR_BY_KEY[row["key"]].label), "sum": row["sum"],
                   "responses": row["count"], "nrr": _number(row["nrr"]),
                   "nrr_weighted": _number(row["weighted"]), "ikm_conversion": _number(row["konversi"]),
                   "mutu": row["mutu"], "weakest": row["weakest"]}
                  for row in result["unsur"]],
    }


def _scopes(data: dict[str, Any]) -> list[tuple[str | None, str, dict[str, Any]]]:
    """(service slug or None for the whole office, name, result), the whole office first."""
    return [(None, _("Seluruh layanan"), data["total"]),
            *((entry["slug"], entry["name"], entry) for entry in data["services"])]


MAIN_TABLE = "layanan"


def open_tables(data: dict[str, Any]) -> list[Table]:
    """The IKM per service (`layanan`, the main table) and the NRR per unsur per service (`unsur`)."""
    services = Table(MAIN_TABLE, _("IKM per layanan"), [
        Column("service", _("Kode"), 20), Column("service_name", _("Layanan"), 36),
        Column("respondents", _("Responden")), Column("ikm", _("IKM (nilai indeks)")),
        Column("ikm_conversion", _("IKM konversi")), Column("mutu", _("Mutu")),
        Column("performance", _("Kinerja unit pelayanan"), 18)])
    unsur = Table("unsur", _("NRR per unsur"), [
        Column("service", _("Kode"), 20), Column("service_name", _("Layanan"), 36),
        Column("unsur_code", _("Unsur"), 8), Column("unsur_key", _("Kode"), 12),
        Column("unsur_label", _("Unsur"), 36), Column("sum", _("Jumlah nilai")),
        Column("responses", _("Jumlah kuesioner terisi")), Column("nrr", _("NRR")),
        Column("nrr_weighted", _("NRR tertimbang")), Column("ikm_conversion", _("IKM konversi")),
        Column("mutu", _("Mutu"))])
    for slug, name, result in _scopes(data):
        row = open_result(result)
        services.add(slug, name, row["respondents"], row["ikm"], row["ikm_conversion"], row["mutu"],
                     row["performance"])
        for u in row["unsur"]:
            unsur.add(slug, name, u["code"], u["key"], u["label"], u["sum"], u["responses"], u["nrr"],
                      u["nrr_weighted"], u["ikm_conversion"], u["mutu"])
    return [services, unsur]
