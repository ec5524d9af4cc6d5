"""XLSX of the semester monev report (laporan monev ZI): one line per row and due period, with evidence
links and notes, plus a summary per area.

Built on portal/core/xlsx.py: a note such as `=HYPERLINK(...)` typed by anyone stays text.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask_babel import gettext as _

from portal.core.formatting import tanggal
from portal.core.xlsx import SafeWorkbook, set_widths
from portal.zi.service import EVIDENCE_STATUS_LABELS, SEMESTERS, MonevArea, monev_total


def _evidence_lines(status, file_url: Callable, auto_url: Callable) -> tuple[str, str, str]:
    """(evidence, team notes, reviewer comments) as multi-line cell texts."""
    evidence, notes, comments = [], [], []
    for auto in status.auto:
        url = auto_url(auto)
        label = _("[Otomatis, terbit %(day)s] %(title)s", day=tanggal(auto.published_on), title=auto.title)
        evidence.append(label + (f" \u2014 {url}" if url else ""))
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
    book = SafeWorkbook()
    formats = book.house_formats()
    title = _("Laporan Monitoring dan Evaluasi Zona Integritas %(semester)s Tahun %(year)s",
              semester=SEMESTERS[semester], year=year)
    sheet = book.add_worksheet(_("Rincian"))
    sheet.write(0, 0, title, formats["bold"])
    sheet.write(1, 0, office_name)
    sheet.write(2, 0, _("Keadaan per %(day)s; batas unggah = akhir periode + %(days)s hari.",
                        day=tanggal(today), days=grace_days))
    header = [_("Area"), _("Kode"), _("Langkah aksi"), _("Bukti fisik (rencana)"), _("Pelaksanaan"),
              _("Penanggung jawab"), _("Periode"), _("Jatuh tempo"), _("Batas unggah"), _("Status reviu"),
              _("Ketepatan waktu"), _("Bukti"), _("Catatan tim"), _("Komentar penilai")]
    sheet.write_row(4, 0, header, formats["head"])
    r = 4
    for area in areas:
        for line in area.lines:
            r += 1
            sheet.write_row(r, 0, _line_values(area, line, file_url, auto_url), formats["cell"])
    set_widths(sheet, [(0, 0, 24), (1, 1, 8), (2, 3, 36), (4, 10, 14), (11, 11, 60), (12, 13, 36)])
    sheet.freeze_panes(5, 2)
    _summary_sheet(book, formats, areas, title, office_name)
    return book.to_bytes()


def _line_values(area: MonevArea, line, file_url: Callable, auto_url: Callable) -> list[str]:
    item, status = line.row.item, line.status
    evidence, notes, comments = _evidence_lines(status, file_url, auto_url)
    values = [f"{area.code}. {area.title}", item.code, item.langkah_aksi, item.bukti_fisik, item.pelaksanaan,
              item.penanggung_jawab, status.period.label, tanggal(status.period.due),
              tanggal(status.deadline), status.review_label, status.timeliness_label, evidence or "-", notes,
              comments]
    return [str(value or "") for value in values]


def _summary_sheet(book: SafeWorkbook, formats: dict, areas: list[MonevArea], title: str,
                   office_name: str) -> None:
    summary = book.add_worksheet(_("Ringkasan"))
    summary.write(0, 0, title, formats["bold"])
    summary.write(1, 0, office_name)
    cols = [_("Area"), _("Kegiatan"), _("Periode jatuh tempo"), _("Lewat batas"), _("Tepat waktu"),
            _("Terlambat"), _("Belum ada"), _("Diterima"), _("Menunggu reviu"), _("Dikembalikan"),
            "% " + _("diterima")]
    summary.write_row(3, 0, cols, formats["head"])
    tallies = [area.tally for area in areas] + [monev_total(areas)]
    for i, tally in enumerate(tallies):
        row = 4 + i
        label_format = formats["head"] if i == len(tallies) - 1 else formats["cell"]
        summary.write_string(row, 0, tally.label, label_format)
        counts = [tally.rows, tally.periods, tally.due, tally.on_time, tally.late, tally.missing,
                  tally.accepted, tally.submitted, tally.returned, round(tally.percent, 1)]
        for j, value in enumerate(counts, start=1):
            summary.write_number(row, j, value, formats["num"])
    set_widths(summary, [(0, 0, 40), (1, 10, 12)])
