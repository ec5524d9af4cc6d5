"""Conflict-of-interest declarations and the identification register (request-free; DomainError out,
nothing committed).

A declaration is signed by attestation: the employee types their password again; it is checked with the
accounts service. What was signed is kept with its SHA-256 (`content_hash` over the canonical JSON of the
signer, year, version, kind, texts and moment), so a later change to the row shows. One declaration per
person and year is in force: a new one supersedes the previous (kept, `current` False)."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from portal.accounts import service as accounts
from portal.accounts.models import StaffProfile, User
from portal.conflicts.models import (
    KIND_POTENTIAL,
    KINDS,
    TERMS,
    CoiCase,
    CoiDeclaration,
    CoiIdentification,
    CoiReport,
)
from portal.core import audit, clock
from portal.core.errors import DomainError

TEXT_LIMIT = 2000
MIN_YEAR, MAX_YEAR = 2000, 2100


def check_year(year: int) -> int:
    if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise DomainError("Tahun tidak valid.")
    return year


def _text(value: str | None, limit: int = TEXT_LIMIT) -> str:
    text = (value or "").strip()
    if len(text) > limit:
        raise DomainError("Isian terlalu panjang (maksimal %(n)s karakter).", n=limit)
    return text


def content_hash(declaration: CoiDeclaration) -> str:
    body = {
        "user_id": declaration.user_id, "year": declaration.year, "version": declaration.version,
        "kind": declaration.kind, "matter": declaration.matter, "parties": declaration.parties,
        "duty": declaration.duty, "signer_name": declaration.signer_name,
        "signer_nip": declaration.signer_nip,
        "signer_jabatan": declaration.signer_jabatan, "signer_unit": declaration.signer_unit,
        "signed_at": declaration.signed_at.isoformat(),
    }
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def hash_intact(declaration: CoiDeclaration) -> bool:
    return declaration.content_hash == content_hash(declaration)


def current_declaration(session: Session, user_id: int, year: int) -> CoiDeclaration | None:
    return session.scalar(select(CoiDeclaration).where(
        CoiDeclaration.user_id == user_id, CoiDeclaration.year == year, CoiDeclaration.current.is_(True)))


def own_declarations(session: Session, user_id: int) -> list[CoiDeclaration]:
    return list(session.scalars(select(CoiDeclaration).where(CoiDeclaration.user_id == user_id)
                                .order_by(CoiDeclaration.year.desc(), CoiDeclaration.version.desc())))


def sign_declaration(session: Session, user: User, *, year: int, kind: str, password: str, matter: str = "",
                     parties: str = "", duty: str = "", at: datetime | None = None) -> CoiDeclaration:
    """Sign this year's declaration for `user` (a `pegawai`). Every rule is checked before anything is
    written: the kind, the three descriptions of a potential conflict, the lengths, then the password."""
    if not user.has_role("pegawai"):
        raise DomainError("Hanya pegawai yang dapat menandatangani pernyataan benturan kepentingan.")
    check_year(year)
    if kind not in KINDS:
        raise DomainError("Pilih jenis pernyataan: bebas atau potensi benturan kepentingan.")
    matter, parties, duty = _text(matter), _text(parties), _text(duty)
    if kind == KIND_POTENTIAL:
        if not matter:
            raise DomainError("Uraikan urusan yang berpotensi menimbulkan benturan kepentingan.")
        if not parties:
            raise DomainError("Sebutkan pihak-pihak yang terkait.")
        if not duty:
            raise DomainError("Sebutkan tugas atau kewenangan yang terpengaruh.")
    else:
        matter = parties = duty = ""
    if not password or not accounts.verify_password(user.password_hash, password):
        raise DomainError("Kata sandi salah: pernyataan tidak ditandatangani.")
    moment = at or clock.utcnow()
    previous = current_declaration(session, user.id, year)
    version = (session.scalar(select(func.max(CoiDeclaration.version)).where(
        CoiDeclaration.user_id == user.id, CoiDeclaration.year == year)) or 0) + 1
    if previous is not None:
        previous.current = False
        previous.superseded_at = moment
        session.flush()
    profile = session.get(StaffProfile, user.id)
    declaration = CoiDeclaration(
        user_id=user.id, year=year, version=version, kind=kind, matter=matter, parties=parties, duty=duty,
        signer_name=user.name or user.email, signer_nip=profile.nip if profile else "",
        signer_jabatan=profile.jabatan if profile else "", signer_unit=profile.unit if profile else "",
        signed_at=moment, current=True)
    declaration.content_hash = content_hash(declaration)
    session.add(declaration)
    session.flush()
    audit.record(session, user, "conflicts.declaration.sign", declaration, kind=kind, period=str(year),
                 number=version)
    return declaration


# ------------------------------------------------------------------------------------- who has declared
@dataclass(frozen=True)
class Undeclared:
    user_id: int
    name: str
    email: str
    nip: str
    jabatan: str
    unit: str


def _pegawai_clause():
    # roles are a space-separated list: match the word `pegawai`
    padded = " " + User.roles + " "
    return padded.like("% pegawai %")


def not_declared(session: Session, year: int) -> list[Undeclared]:
    """Active `pegawai` accounts without a declaration in force for `year`, by name."""
    signed = select(CoiDeclaration.id).where(CoiDeclaration.user_id == User.id, CoiDeclaration.year == year,
                                             CoiDeclaration.current.is_(True)).exists()
    rows = session.execute(
        select(User, StaffProfile).outerjoin(StaffProfile, StaffProfile.user_id == User.id)
        .where(User.active.is_(True), _pegawai_clause(), ~signed).order_by(User.name, User.email))
    return [Undeclared(u.id, u.name, u.email, p.nip if p else "", p.jabatan if p else "", p.unit if p else "")
            for u, p in rows]


def count_not_declared(session: Session, year: int) -> int:
    signed = select(CoiDeclaration.id).where(CoiDeclaration.user_id == User.id, CoiDeclaration.year == year,
                                             CoiDeclaration.current.is_(True)).exists()
    return session.scalar(select(func.count()).select_from(User).where(
        User.active.is_(True), _pegawai_clause(), ~signed)) or 0


def count_pegawai(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User).where(
        User.active.is_(True), _pegawai_clause())) or 0


def declarations(session: Session, year: int, *, kind: str = "", page: int = 1, per_page: int = 50
                 ) -> tuple[list[CoiDeclaration], int]:
    """Declarations in force for `year` (optionally of one kind), by signer; and their total."""
    where = [CoiDeclaration.year == year, CoiDeclaration.current.is_(True)]
    if kind in KINDS:
        where.append(CoiDeclaration.kind == kind)
    total = session.scalar(select(func.count()).select_from(CoiDeclaration).where(and_(*where))) or 0
    rows = session.scalars(select(CoiDeclaration).where(*where)
                           .order_by(CoiDeclaration.signer_name, CoiDeclaration.id)
                           .offset((max(page, 1) - 1) * per_page).limit(per_page))
    return list(rows), total


def followed_up(declaration_ids: list[int], session: Session) -> tuple[set[int], dict[int, int]]:
    """Of these declarations: the ids already in the identification register, and id -> the case opened."""
    if not declaration_ids:
        return set(), {}
    recorded = set(session.scalars(select(CoiIdentification.declaration_id).where(
        CoiIdentification.declaration_id.in_(declaration_ids))))
    opened = dict(session.execute(select(CoiCase.declaration_id, CoiCase.id).where(
        CoiCase.declaration_id.in_(declaration_ids))).all())
    return recorded, opened


# ------------------------------------------------------------------------------ identification register
def _identification_values(description: str, officials: str, cause: str, procedure: str, follow_up: str,
                           term: str) -> dict:
    values = {"description": _text(description), "officials": _text(officials), "cause": _text(cause),
              "procedure": _text(procedure), "follow_up": _text(follow_up), "term": term or "pendek"}
    if not values["description"]:
        raise DomainError("Uraian potensi benturan kepentingan wajib diisi.")
    if not values["officials"]:
        raise DomainError("Pejabat/pegawai terkait wajib diisi.")
    if not values["procedure"]:
        raise DomainError("Prosedur penanganan/pencegahan wajib diisi.")
    if values["term"] not in TERMS:
        raise DomainError("Jangka tindak lanjut tidak dikenal.")
    return values


def add_identification(session: Session, actor: User, *, year: int, description: str, officials: str = "",
                       cause: str = "", procedure: str = "", follow_up: str = "", term: str = "pendek",
                       declaration_id: int | None = None) -> CoiIdentification:
    check_year(year)
    values = _identification_values(description, officials, cause, procedure, follow_up, term)
    if declaration_id is not None:
        declaration = session.get(CoiDeclaration, declaration_id)
        if declaration is None or declaration.kind != KIND_POTENTIAL:
            raise DomainError("Pernyataan potensi benturan kepentingan tidak ditemukan.")
    row = CoiIdentification(year=year, declaration_id=declaration_id, created_by_id=actor.id,
                            created_at=clock.utcnow(), updated_at=clock.utcnow(), **values)
    session.add(row)
    session.flush()
    audit.record(session, actor, "conflicts.identification.create", row, period=str(year),
                 declaration=declaration_id)
    return row


def update_identification(session: Session, actor: User, row: CoiIdentification, *, description: str,
                          officials: str = "", cause: str = "", procedure: str = "", follow_up: str = "",
                          term: str = "pendek") -> CoiIdentification:
    values = _identification_values(description, officials, cause, procedure, follow_up, term)
    for key, value in values.items():
        setattr(row, key, value)
    row.updated_at = clock.utcnow()
    audit.record(session, actor, "conflicts.identification.update", row)
    return row


def identifications(session: Session, year: int) -> list[CoiIdentification]:
    return list(session.scalars(select(CoiIdentification).where(CoiIdentification.year == year)
                                .order_by(CoiIdentification.id)))


def prefill_from_declaration(declaration: CoiDeclaration) -> dict:
    """The register row's fields suggested by a declared potential."""
    who = declaration.signer_name + (f" ({declaration.signer_jabatan})" if declaration.signer_jabatan else "")
    return {"description": declaration.matter, "officials": who, "cause": declaration.parties,
            "procedure": "", "follow_up": "", "term": "pendek"}


# ------------------------------------------------------------------------------------ report narrative
NARRATIVE_FIELDS = ("procedure", "socialisation", "implementation", "evaluation", "follow_up")


def report_narrative(session: Session, year: int) -> CoiReport:
    return session.get(CoiReport, year) or CoiReport(year=year, procedure="", socialisation="",
                                                     implementation="", evaluation="", follow_up="")


def save_report_narrative(session: Session, actor: User, year: int, **texts: str) -> CoiReport:
    check_year(year)
    values = {name: _text(texts.get(name), 5000) for name in NARRATIVE_FIELDS}
    report = session.get(CoiReport, year)
    if report is None:
        report = CoiReport(year=year)
        session.add(report)
    for name, value in values.items():
        setattr(report, name, value)
    report.updated_by_id, report.updated_at = actor.id, clock.utcnow()
    session.flush()
    audit.record(session, actor, "conflicts.report.update", report, object_id=year, period=str(year))
    return report
