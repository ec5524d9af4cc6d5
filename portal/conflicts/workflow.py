"""Handling cases of a conflict of interest on the case engine (portal/core/cases.py).

A case is opened from a declared potential (by the ZI team) or from a WBS report of category
"benturan_kepentingan" (by the WBS team: only the report's id and reference and a summary the WBS officer
writes are kept, never what the reporter wrote). States: dibuka -> ditangani (measures taken) -> selesai
(outcome), or dibuka -> ditutup (no conflict found, with the reason as outcome)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.accounts.models import User
from portal.conflicts.models import (
    KIND_POTENTIAL,
    SOURCE_DECLARATION,
    SOURCE_WBS,
    CoiCase,
    CoiCaseEvent,
    CoiDeclaration,
)
from portal.core import audit, clock
from portal.core.cases import Move, Stamps, State, Workflow, max_length, required
from portal.core.errors import DomainError
from portal.wbs.models import WbsReport

WBS_CATEGORY = "benturan_kepentingan"
TEXT_LIMIT = 4000


def _log(move: Move) -> CoiCaseEvent:
    entry = CoiCaseEvent(case_id=move.case.id, from_status=move.from_state, to_status=move.to_state,
                         note=move.text("note"), actor_id=move.actor.id if move.actor else None, at=move.at)
    move.session.add(entry)
    audit.record(move.session, move.actor, "conflicts.case.transition", move.case,
                 from_status=move.from_state,
                 to_status=move.to_state)
    return entry


def _set(attr: str, name: str):
    def effect(move: Move) -> None:
        setattr(move.case, attr, move.text(name))
    return effect


WORKFLOW = Workflow(
    states={"dibuka": State(_l("Dibuka")), "ditangani": State(_l("Ditangani")),
            "selesai": State(_l("Selesai"), closed=True), "ditutup": State(_l("Ditutup tanpa benturan"),
                                                                           closed=True)},
    transitions={"dibuka": ("ditangani", "ditutup"), "ditangani": ("selesai",), "selesai": (),
                 "ditutup": ()},
    checks=(max_length("measures", TEXT_LIMIT,
                       "Langkah penanganan terlalu panjang (maksimal %(n)s karakter)."),
            max_length("outcome", TEXT_LIMIT, "Hasil penanganan terlalu panjang (maksimal %(n)s karakter)."),
            max_length("note", TEXT_LIMIT, "Catatan terlalu panjang (maksimal %(n)s karakter).")),
    requires={"ditangani": (required("measures", "Langkah penanganan wajib diisi."),),
              "selesai": (required("outcome", "Hasil penanganan wajib diisi."),),
              "ditutup": (required("outcome", "Alasan penutupan wajib diisi."),)},
    effects={"ditangani": (_set("measures", "measures"),), "selesai": (_set("outcome", "outcome"),),
             "ditutup": (_set("outcome", "outcome"),)},
    log=_log,
    stamps=Stamps(closed="closed_at", activity="last_activity_at"),
)
STATUSES = WORKFLOW.labels


def _summary(text: str) -> str:
    summary = (text or "").strip()
    if not summary:
        raise DomainError("Ringkasan kasus wajib diisi.")
    if len(summary) > TEXT_LIMIT:
        raise DomainError("Ringkasan terlalu panjang (maksimal %(n)s karakter).", n=TEXT_LIMIT)
    return summary


def open_from_declaration(session: Session, actor: User, declaration: CoiDeclaration, *, summary: str
                          ) -> CoiCase:
    if declaration.kind != KIND_POTENTIAL:
        raise DomainError("Hanya pernyataan potensi benturan kepentingan yang dapat dibuka sebagai kasus.")
    if session.scalar(select(CoiCase.id).where(CoiCase.declaration_id == declaration.id)) is not None:
        raise DomainError("Pernyataan ini sudah dibuka sebagai kasus.")
    case = CoiCase(year=declaration.year, source=SOURCE_DECLARATION, declaration_id=declaration.id,
                   summary=_summary(summary), status="dibuka", opened_by_id=actor.id,
                   opened_at=clock.utcnow())
    session.add(case)
    session.flush()
    audit.record(session, actor, "conflicts.case.open", case, source=SOURCE_DECLARATION,
                 declaration=declaration.id)
    return case


def open_from_wbs(session: Session, actor: User, *, reference: str, summary: str) -> CoiCase:
    """The WBS team opens a case for a report of category benturan kepentingan: `reference` is the report's
    staff number (WBS-2026-00007). Nothing of the report's content is copied."""
    report = _wbs_report(session, reference)
    if report is None:
        raise DomainError("Laporan WBS dengan nomor itu tidak ditemukan.")
    if report.category != WBS_CATEGORY:
        raise DomainError("Laporan WBS itu bukan kategori benturan kepentingan.")
    if session.scalar(select(CoiCase.id).where(CoiCase.wbs_report_id == report.id)) is not None:
        raise DomainError("Laporan WBS ini sudah dibuka sebagai kasus.")
    case = CoiCase(year=report.received_on.year, source=SOURCE_WBS, wbs_report_id=report.id,
                   wbs_reference=report.number, summary=_summary(summary), status="dibuka",
                   opened_by_id=actor.id, opened_at=clock.utcnow())
    session.add(case)
    session.flush()
    audit.record(session, actor, "conflicts.case.open", case, source=SOURCE_WBS, report=report.id)
    return case


def _wbs_report(session: Session, reference: str) -> WbsReport | None:
    text = (reference or "").strip().upper()
    parts = text.split("-")
    if len(parts) != 3 or parts[0] != "WBS" or not parts[1].isdigit() or not parts[2].isdigit():
        return None
    report_id = int(parts[2])
    if not 0 < report_id < 2**31:
        return None
    report = session.get(WbsReport, report_id)
    return report if report is not None and report.number == text else None


def cases(session: Session, year: int | None = None) -> list[CoiCase]:
    query = select(CoiCase).order_by(CoiCase.id.desc())
    if year is not None:
        query = query.where(CoiCase.year == year)
    return list(session.scalars(query))
