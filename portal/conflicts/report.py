"""The Laporan Benturan Kepentingan of a year (V.3.4) and its follow-up table (V.3.5): the numbers computed
from the declarations, the register and the cases; the narrative parts written by the ZI team
(service.report_narrative). Request-free."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.conflicts import service, workflow
from portal.conflicts.models import (
    KIND_FREE,
    KIND_POTENTIAL,
    SOURCE_DECLARATION,
    SOURCE_WBS,
    CoiCase,
    CoiDeclaration,
    CoiIdentification,
    CoiReport,
)
from portal.core.tables import Column, Table

TERM_LABELS = {"pendek": _l("Jangka pendek"), "panjang": _l("Jangka panjang")}
SOURCE_LABELS = {SOURCE_DECLARATION: _l("Pernyataan pegawai"), SOURCE_WBS: _l("Laporan WBS")}


@dataclass
class Figures:
    year: int
    pegawai: int = 0
    declared: int = 0
    free: int = 0
    potential: int = 0
    not_declared: int = 0
    identified: int = 0
    identified_from_declarations: int = 0
    cases: int = 0
    cases_by_source: dict[str, int] = field(default_factory=dict)
    cases_by_status: dict[str, int] = field(default_factory=dict)

    @property
    def declared_percent(self) -> float:
        return round(100 * self.declared / self.pegawai, 1) if self.pegawai else 0.0

    @property
    def cases_closed(self) -> int:
        return sum(n for s, n in self.cases_by_status.items() if s in workflow.WORKFLOW.closed_states)


@dataclass
class Report:
    figures: Figures
    narrative: CoiReport
    identifications: list[CoiIdentification]
    cases: list[CoiCase]


def figures(session: Session, year: int) -> Figures:
    result = Figures(year=year, pegawai=service.count_pegawai(session),
                     not_declared=service.count_not_declared(session, year))
    kinds = dict(session.execute(
        select(CoiDeclaration.kind, func.count()).where(CoiDeclaration.year == year,
                                                        CoiDeclaration.current.is_(True))
        .group_by(CoiDeclaration.kind)).all())
    result.free, result.potential = kinds.get(KIND_FREE, 0), kinds.get(KIND_POTENTIAL, 0)
    result.declared = result.free + result.potential
    result.identified = session.scalar(select(func.count()).select_from(CoiIdentification)
                                       .where(CoiIdentification.year == year)) or 0
    result.identified_from_declarations = session.scalar(
        select(func.count()).select_from(CoiIdentification)
        .where(CoiIdentification.year == year, CoiIdentification.declaration_id.is_not(None))) or 0
    by_source: Counter[str] = Counter()
    by_status: Counter[str] = Counter()
    for source, status, n in session.execute(
            select(CoiCase.source, CoiCase.status, func.count()).where(CoiCase.year == year)
            .group_by(CoiCase.source, CoiCase.status)):
        by_source[source] += n
        by_status[status] += n
    result.cases = sum(by_source.values())
    result.cases_by_source = {s: by_source.get(s, 0) for s in (SOURCE_DECLARATION, SOURCE_WBS)}
    result.cases_by_status = {s: by_status.get(s, 0) for s in workflow.STATUSES}
    return result


def build(session: Session, year: int) -> Report:
    service.check_year(year)
    return Report(figures(session, year), service.report_narrative(session, year),
                  service.identifications(session, year), workflow.cases(session, year))


def identification_table(rows: list[CoiIdentification]) -> Table:
    table = Table("identifikasi", _l("Identifikasi potensi benturan kepentingan"), (
        Column("no", _l("No."), 6), Column("description", _l("Uraian potensi benturan kepentingan"), 40),
        Column("officials", _l("Pejabat/pegawai terkait"), 28), Column("cause", _l("Penyebab"), 30),
        Column("procedure", _l("Prosedur penanganan/pencegahan"), 40)))
    for n, row in enumerate(rows, start=1):
        table.add(n, row.description, row.officials, row.cause, row.procedure)
    return table


def follow_up_table(report: Report) -> Table:
    """V.3.5: each identified potential with its planned follow-up and term, then each handling case with
    its measures, outcome and state."""
    table = Table("tindak_lanjut", _l("Tindak lanjut benturan kepentingan"), (
        Column("no", _l("No."), 6), Column("source", _l("Sumber"), 22),
        Column("matter", _l("Hal"), 40), Column("follow_up", _l("Tindak lanjut / langkah penanganan"), 40),
        Column("term", _l("Jangka"), 16), Column("result", _l("Hasil"), 30),
        Column("status", _l("Status"), 16)))
    n = 0
    for row in report.identifications:
        n += 1
        table.add(n, _l("Identifikasi"), row.description, row.follow_up or row.procedure,
                  TERM_LABELS.get(row.term, row.term), "", "")
    for case in sorted(report.cases, key=lambda c: c.id):
        n += 1
        source = SOURCE_LABELS.get(case.source, case.source)
        if case.wbs_reference:
            source = f"{source} {case.wbs_reference}"
        table.add(n, source, case.summary, case.measures, "", case.outcome,
                  workflow.STATUSES.get(case.status, case.status))
    return table


def figures_table(f: Figures) -> Table:
    table = Table("angka", _l("Angka laporan"),
                  (Column("item", _l("Uraian"), 50), Column("value", _l("Jumlah"), 12)))
    for label, value in (
            (_l("Pegawai aktif"), f.pegawai), (_l("Pegawai yang menyatakan"), f.declared),
            (_l("Pernyataan bebas benturan kepentingan"), f.free),
            (_l("Pernyataan potensi benturan kepentingan"), f.potential),
            (_l("Pegawai yang belum menyatakan"), f.not_declared),
            (_l("Potensi teridentifikasi (tabel identifikasi)"), f.identified),
            (_l("Kasus penanganan"), f.cases), (_l("Kasus selesai atau ditutup"), f.cases_closed)):
        table.add(label, value)
    return table


def narrative_table(narrative: CoiReport) -> Table:
    table = Table("uraian", _l("Uraian laporan"),
                  (Column("part", _l("Bagian"), 30), Column("text", _l("Isi"), 90)))
    for label, name in zip(NARRATIVE_LABELS, service.NARRATIVE_FIELDS, strict=True):
        table.add(label, getattr(narrative, name) or "")
    return table


NARRATIVE_LABELS = (_l("Prosedur penanganan"), _l("Sosialisasi"), _l("Implementasi"), _l("Evaluasi internal"),
                    _l("Tindak lanjut"))


def tables(report: Report) -> list[Table]:
    return [figures_table(report.figures), narrative_table(report.narrative),
            identification_table(report.identifications), follow_up_table(report)]
