"""The action plan's rows as an open table (portal/core/tables.py, issue 12 §1): /rencana-aksi.csv and
.xlsx, the rows the page shows for the same filters. The row texts are the decree's, in Indonesian."""
from __future__ import annotations

from flask_babel import gettext as _

from portal.action_plan.models import ActionPlanItem
from portal.core.tables import Column, Table


def plan_table(items: list[ActionPlanItem], year: int | None) -> Table:
    table = Table("rencana_aksi", _("Rencana Aksi %(year)s", year=year or ""), [
        Column("code", _("Kode"), 10), Column("year", _("Tahun"), 8), Column("sequence", _("Urutan"), 8),
        Column("area_code", _("Area"), 8), Column("area_title", _("Judul area"), 30),
        Column("subgroup_code", _("Kode"), 8), Column("subgroup_title", _("Subjudul"), 30),
        Column("number", _("Nomor"), 8), Column("component", _("Komponen"), 30),
        Column("indicator", _("Indikator"), 30), Column("action_step", _("Langkah aksi"), 40),
        Column("evidence", _("Bukti fisik"), 30), Column("schedule", _("Pelaksanaan"), 20),
        Column("months", _("Bulan"), 12), Column("responsible", _("Penanggung jawab"), 24)])
    for item in items:
        table.add(item.code, item.year, item.seq, item.area_code, item.area_title,
                  item.group_code if item.group_title else None, item.group_title or None, item.number,
                  item.komponen, item.indikator, item.langkah_aksi, item.bukti_fisik, item.pelaksanaan,
                  " ".join(str(m) for m in item.month_numbers), item.penanggung_jawab)
    return table
