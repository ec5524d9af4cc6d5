"""Conflict-of-interest (benturan kepentingan) tables, seed rows V.3.1-V.3.5: the yearly declarations signed
by attestation (each new one supersedes the previous one of the same person and year, history kept), the
identification register, handling cases (from a declared potential or a WBS report: only the WBS number and
a summary written by the WBS team, never the reporter's content), and the yearly report's narrative parts."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.core.models.base import Base, UTCDateTime, utcnow

KIND_FREE = "bebas"
KIND_POTENTIAL = "potensi"
KINDS = (KIND_FREE, KIND_POTENTIAL)
SOURCE_DECLARATION = "pernyataan"
SOURCE_WBS = "wbs"
SOURCES = (SOURCE_DECLARATION, SOURCE_WBS)
TERMS = ("pendek", "panjang")


class CoiDeclaration(Base):
    """One signed declaration of one employee for one year. `current` marks the one in force; a new
    declaration the same year sets `current` False on the old one and `superseded_at` (kept as history)."""

    __tablename__ = "coi_declarations"
    __table_args__ = (UniqueConstraint("user_id", "year", "version", name="uq_coi_declarations_user_year_v"),
                      Index("ix_coi_declarations_year_current", "year", "current"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)
    kind: Mapped[str] = mapped_column(String(20))
    matter: Mapped[str] = mapped_column(Text, default="")  # the matter (urusan) at stake
    parties: Mapped[str] = mapped_column(Text, default="")  # the parties involved
    duty: Mapped[str] = mapped_column(Text, default="")  # the duty affected
    # the signer's name, position and unit at signing (the letter stays as it was signed)
    signer_name: Mapped[str] = mapped_column(String(120), default="")
    signer_nip: Mapped[str] = mapped_column(String(30), default="")
    signer_jabatan: Mapped[str] = mapped_column(String(160), default="")
    signer_unit: Mapped[str] = mapped_column(String(160), default="")
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    content_hash: Mapped[str] = mapped_column(String(64))  # SHA-256 of the signed content (service.py)
    current: Mapped[bool] = mapped_column(Boolean, default=True)
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class CoiIdentification(Base):
    """A row of the Tabel hasil identifikasi potensi benturan kepentingan (V.3.1), kept by the ZI team; with
    its planned follow-up (V.3.5: short or long term)."""

    __tablename__ = "coi_identifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    description: Mapped[str] = mapped_column(Text)  # uraian potensi benturan kepentingan
    officials: Mapped[str] = mapped_column(Text, default="")  # pejabat / pegawai terkait
    cause: Mapped[str] = mapped_column(Text, default="")  # penyebab
    procedure: Mapped[str] = mapped_column(Text, default="")  # prosedur penanganan / pencegahan
    follow_up: Mapped[str] = mapped_column(Text, default="")  # rencana tindak lanjut
    term: Mapped[str] = mapped_column(String(20), default="pendek")
    declaration_id: Mapped[int | None] = mapped_column(ForeignKey("coi_declarations.id"), nullable=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    declaration: Mapped[CoiDeclaration | None] = relationship()


class CoiCase(Base):
    """A handling case on the case engine (portal/conflicts/workflow.py). From a WBS report only its id and
    the summary written by the WBS team are kept."""

    __tablename__ = "coi_cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    source: Mapped[str] = mapped_column(String(20))
    declaration_id: Mapped[int | None] = mapped_column(ForeignKey("coi_declarations.id"), nullable=True)
    wbs_report_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    wbs_reference: Mapped[str] = mapped_column(String(30), default="")  # WBS-2026-00007
    summary: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="dibuka", index=True)
    measures: Mapped[str] = mapped_column(Text, default="")  # langkah penanganan
    outcome: Mapped[str] = mapped_column(Text, default="")  # hasil
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_activity_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    declaration: Mapped[CoiDeclaration | None] = relationship()
    events: Mapped[list[CoiCaseEvent]] = relationship(back_populates="case", order_by="CoiCaseEvent.id",
                                                      cascade="all, delete-orphan")


class CoiCaseEvent(Base):
    __tablename__ = "coi_case_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("coi_cases.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[CoiCase] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class CoiReport(Base):
    """The narrative parts of the Laporan Benturan Kepentingan of a year (V.3.4), written by the ZI team;
    the numbers are computed (portal/conflicts/report.py)."""

    __tablename__ = "coi_reports"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    procedure: Mapped[str] = mapped_column(Text, default="")
    socialisation: Mapped[str] = mapped_column(Text, default="")
    implementation: Mapped[str] = mapped_column(Text, default="")
    evaluation: Mapped[str] = mapped_column(Text, default="")
    follow_up: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
