"""XLSX of the semester monev report (laporan monev ZI): one line per row and due period, with evidence
links and notes, plus a summary per area.

XlsxWriter with `strings_to_formulas` (and URL/number guessing) off: a note such as `=HYPERLINK(...)` typed
by anyone stays text.
"""
from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

import xlsxwriter

from portal.core.formatting import tanggal
from portal.zi.service import EVIDENCE_STATUS_LABELS, SEMESTERS, MonevArea, monev_total


def _evidence_lines(status, file_url: Callable, auto_url: Callable) -> tuple[str, str, str]:
    """(evidence, team notes, reviewer comments) as multi-line cell texts."""
    evidence, notes, comments = [], [], []
    for auto in status.auto:
        url = auto_url(auto)
        evidence.append(f"[Otomatis, terbit {tanggal(auto.published_on)}] {auto.title}" + (f" \u2014 {url}" if url else ""))
    for ev in status.evidence:
        where = file_url(ev) if ev.is_file else ev.url
        who = (ev.uploaded_by.name or ev.uploaded_by.email) if ev.uploaded_by else "-"
        evidence.append(f"[{EVIDENCE_STATUS_LABELS[ev.status]}, {tanggal(ev.submitted_at)}, {who}] {ev.label}"
                        + (f" \u2014 {where}" if ev.is_file else ""))
        if ev.note and ev.note not in notes:
            notes.append(ev.note)
        if ev.review_comment:
            comments.append(f"{ev.label}: {ev.review_comment}")
    return "\n".join(evidence), "\n".join(notes), "\n".join(comments)


def monev_xlsx(areas: list[MonevArea], *, year: int, semester: int, today: date, grace_days: int,
               office_name: str, file_url: Callable, auto_url: Callable) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                     "strings_to_urls": False, "strings_to_numbers": False})
    bold = book.add_format({"bold": True})
    head = book.add_format({"bold": True, "bg_color": "#DDE7F0", "border": 1, "text_wrap": True, "valign": "top"})
    cell = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    num = book.add_format({"border": 1, "valign": "top"})
    title = f"Laporan Monitoring dan Evaluasi Zona Integritas {SEMESTERS[semester]} Tahun {year}"

    sheet = book.add_worksheet("Rincian")
    sheet.write(0, 0, title, bold)
    sheet.write(1, 0, office_name)
    sheet.write(2, 0, f"Keadaan per {tanggal(today)}; batas unggah = akhir periode + {grace_days} hari.")
    header = ["Area", "Kode", "Langkah aksi", "Bukti fisik (rencana)", "Pelaksanaan", "Penanggung jawab",
              "Periode", "Jatuh tempo", "Batas unggah", "Status reviu", "Ketepatan waktu", "Bukti",
              "Catatan tim", "Komentar penilai"]
    r = 4
    for j, name in enumerate(header):
        sheet.write(r, j, name, head)
    for area in areas:
        for line in area.lines:
            r += 1
            item, status = line.row.item, line.status
            evidence, notes, comments = _evidence_lines(status, file_url, auto_url)
            values = [f"{area.code}. {area.title}", item.code, item.langkah_aksi, item.bukti_fisik, item.pelaksanaan,
                      item.penanggung_jawab, status.period.label, tanggal(status.period.due), tanggal(status.deadline),
                      status.review_label, status.timeliness_label, evidence or "-", notes, comments]
            for j, value in enumerate(values):
                sheet.write_string(r, j, value or "", cell)
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 1, 8)
    sheet.set_column(2, 3, 36)
    sheet.set_column(4, 10, 14)
    sheet.set_column(11, 11, 60)
    sheet.set_column(12, 13, 36)
    sheet.freeze_panes(5, 2)

    summary = book.add_worksheet("Ringkasan")
    summary.write(0, 0, title, bold)
    summary.write(1, 0, office_name)
    cols = ["Area", "Kegiatan", "Periode jatuh tempo", "Lewat batas", "Tepat waktu", "Terlambat", "Belum ada",
            "Diterima", "Menunggu reviu", "Dikembalikan", "% diterima"]
    for j, name in enumerate(cols):
        summary.write(3, j, name, head)
    tallies = [area.tally for area in areas] + [monev_total(areas)]
    for i, tally in enumerate(tallies):
        row = 4 + i
        summary.write_string(row, 0, tally.label, head if i == len(tallies) - 1 else cell)
        for j, value in enumerate([tally.rows, tally.periods, tally.due, tally.on_time, tally.late, tally.missing,
                                   tally.accepted, tally.submitted, tally.returned], start=1):
            summary.write_number(row, j, value, num)
        summary.write_number(row, 10, round(tally.percent, 1), num)
    summary.set_column(0, 0, 40)
    summary.set_column(1, 10, 12)
    book.close()
    return out.getvalue()
