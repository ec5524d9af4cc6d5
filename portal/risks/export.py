"""The register's documents as tables (portal/core/tables.py): the Daftar Risiko, the Kartu Kendali of a
period and the Daftar Uji of a year. The print views and the XLSX files read the same tables, so a number
on paper is the number in the file. Request-free: labels are translated in the reader's language."""
from __future__ import annotations

from flask_babel import gettext as _

from portal.core import periods as core_periods
from portal.core.formatting import tanggal
from portal.core.tables import Column, Table
from portal.risks import matrix
from portal.risks import service as risks
from portal.risks.models import Risk, RiskChecklistItem


def _level(value: int | None, bands) -> str:
    code = matrix.level_of(value, bands)
    return str(matrix.LEVEL_LABELS[code]) if code else ""


def _day(value) -> str:
    return tanggal(value, short=True) if value else ""


def register_table(rows: list[Risk], bands, year: int) -> Table:
    """Daftar Risiko: one row per risk with its inherent and residual assessment and its control."""
    table = Table("daftar_risiko", _("Daftar Risiko %(year)s", year=year), [
        Column("code", _("Kode"), 12), Column("unit", _("Unit kerja"), 22),
        Column("activity", _("Kegiatan"), 26),
        Column("statement", _("Pernyataan risiko"), 40), Column("cause", _("Penyebab"), 30),
        Column("cause_class", _("Kelompok penyebab"), 16),
        Column("likelihood", _("Kemungkinan"), 8), Column("impact", _("Dampak"), 8),
        Column("score", _("Skor"), 6), Column("level", _("Level risiko"), 14),
        Column("control_plan", _("Rencana pengendalian"), 36), Column("owner", _("Pemilik risiko"), 20),
        Column("due_on", _("Tenggat"), 12), Column("realisation", _("Realisasi"), 30),
        Column("realised_on", _("Tanggal realisasi"), 12), Column("occurred", _("Risiko terjadi"), 10),
        Column("residual_likelihood", _("Kemungkinan residual"), 10),
        Column("residual_impact", _("Dampak residual"), 10), Column("residual_score", _("Skor residual"), 8),
        Column("residual_level", _("Level residual"), 14)])
    for r in rows:
        table.add(r.code, r.unit, r.activity, r.statement, r.cause, str(risks.CAUSE_LABELS[r.cause_class]),
                  r.likelihood, r.impact, r.inherent_score, _level(r.inherent_score, bands), r.control_plan,
                  r.owner, _day(r.due_on), r.realisation, _day(r.realised_on),
                  _("Ya") if r.occurred else _("Tidak"),
                  r.residual_likelihood, r.residual_impact, r.residual_score, _level(r.residual_score, bands))
    return table


def card_table(rows: list[Risk], bands, period: core_periods.Period) -> Table:
    """Kartu Kendali of a period: one row per risk and quarter of the period (planned vs done)."""
    table = Table("kartu_kendali", _("Kartu Kendali %(period)s", period=period.label), [
        Column("code", _("Kode"), 12), Column("unit", _("Unit kerja"), 22),
        Column("statement", _("Pernyataan risiko"), 36), Column("level", _("Level risiko"), 14),
        Column("quarter", _("Triwulan"), 8), Column("planned", _("Rencana pengendalian"), 36),
        Column("done", _("Pelaksanaan"), 36), Column("status", _("Status"), 16),
        Column("notes", _("Catatan"), 30)])
    for r in rows:
        for q in risks.quarters_in(period):
            card = r.card(q)
            status = str(risks.CARD_STATUS_LABELS[card.status]) if card else _("Belum diisi")
            table.add(r.code, r.unit, r.statement, _level(r.inherent_score, bands), q,
                      card.planned if card else "", card.done if card else "", status,
                      card.notes if card else "")
    return table


def checklist_table(items: list[RiskChecklistItem], year: int) -> Table:
    table = Table("daftar_uji", _("Daftar Uji SPIP %(year)s", year=year), [
        Column("number", _("No."), 6), Column("statement", _("Pernyataan"), 60),
        Column("answer", _("Jawaban"), 12), Column("evidence", _("Bukti / keterangan"), 40)])
    for n, item in enumerate(items, start=1):
        answer = str(risks.ANSWER_LABELS[item.answer]) if item.answer else _("Belum dijawab")
        table.add(n, item.statement, answer, item.evidence)
    return table
