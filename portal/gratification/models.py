"""Gratification tables (Unit Pengendalian Gratifikasi, Peraturan KPK 2/2019): the report a member of staff
files about a gift received or refused, with the fields of the KPK's report form, its trail, its evidence
files (cleaned, kept in the database) and the counter of its number GRT-<year>-<5 digits>."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.core.models.base import Base, UTCDateTime, utcnow

# The kind of gift (jenis/bentuk gratifikasi) and what the reporter did with it (Peraturan KPK 2/2019).
KINDS = ("uang", "barang", "makanan", "fasilitas", "voucher", "lainnya")
HANDLINGS = ("ditolak", "disimpan", "diserahkan_upg")
# The decision: the KPK's on a forwarded report (Pasal 12C UU 20/2001), or the UPG's own on a gift outside
# the reporting duty (the reporter keeps it; perishable food goes to a social institution).
KPK_DECISIONS = ("milik_negara", "milik_penerima")
UPG_DECISIONS = ("milik_penerima", "disalurkan_sosial")
DECIDED_BY = ("kpk", "upg")


class GratificationCounter(Base):
    """Last sequence number per year of GRT-<year>-<5 digits> (portal/core/numbering.py)."""

    __tablename__ = "gratification_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


class GratificationReport(Base):
    """A gratification report (laporan penerimaan / penolakan gratifikasi): a case with two clocks counted
    from the day the gift was received or refused (portal/gratification/workflow.py): the reporter to the
    UPG within GRATIFICATION_UPG_DAYS working days (a late report is accepted and marked late), the report
    at the KPK within GRATIFICATION_KPK_DAYS."""

    __tablename__ = "gratification_reports"
    __table_args__ = (
        UniqueConstraint("year", "seq", name="uq_gratification_reports_year_seq"),
        Index("ix_gratification_reports_status_filed", "status", "filed_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)  # GRT-2026-00001
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)

    # the reporter (identitas pelapor)
    reporter_name: Mapped[str] = mapped_column(String(160))
    reporter_nik: Mapped[str] = mapped_column(String(16), default="")
    reporter_position: Mapped[str] = mapped_column(String(160))  # jabatan
    reporter_unit: Mapped[str] = mapped_column(String(160))  # unit kerja
    reporter_phone: Mapped[str] = mapped_column(String(32), default="")
    reporter_email: Mapped[str] = mapped_column(String(254), default="")
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)  # identity masked in UPG lists

    # the gift (data penerimaan)
    giver_name: Mapped[str] = mapped_column(String(160))
    giver_relation: Mapped[str] = mapped_column(String(160))  # hubungan pemberi dengan pelapor
    occasion: Mapped[str] = mapped_column(String(255))  # peristiwa / alasan pemberian
    place: Mapped[str] = mapped_column(String(255))
    received_on: Mapped[date] = mapped_column(Date, index=True)  # received or refused
    kind: Mapped[str] = mapped_column(String(16), index=True)  # KINDS
    description: Mapped[str] = mapped_column(String(500), default="")  # uraian objek
    value: Mapped[int] = mapped_column(BigInteger, default=0)  # estimated value, Rupiah
    chronology: Mapped[str] = mapped_column(Text)
    handling: Mapped[str] = mapped_column(String(16))  # HANDLINGS

    # the case
    status: Mapped[str] = mapped_column(String(24), default="diterima", index=True)
    filed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    filed_on: Mapped[date] = mapped_column(Date, index=True)  # the office's day of filing
    upg_due: Mapped[date | None] = mapped_column(Date, nullable=True)  # the reporter's deadline
    kpk_due: Mapped[date | None] = mapped_column(Date, nullable=True)  # at the KPK by
    filed_late: Mapped[bool] = mapped_column(Boolean, default=False)

    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    forwarded_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    kpk_receipt_number: Mapped[str] = mapped_column(String(64), default="")
    forwarded_late: Mapped[bool | None] = mapped_column(Boolean, nullable=True)

    decision: Mapped[str] = mapped_column(String(20), default="")  # KPK_DECISIONS | UPG_DECISIONS
    decided_by: Mapped[str] = mapped_column(String(8), default="")  # DECIDED_BY
    decision_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    decision_number: Mapped[str] = mapped_column(String(100), default="")  # SK KPK / UPG letter
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    reporter: Mapped[User] = relationship(foreign_keys=[reporter_id])
    events: Mapped[list[GratificationEvent]] = relationship(
        back_populates="report", order_by="GratificationEvent.id", cascade="all, delete-orphan")
    files: Mapped[list[GratificationFile]] = relationship(
        back_populates="report", order_by="GratificationFile.id", cascade="all, delete-orphan")


class GratificationEvent(Base):
    """The report's trail: a status change or a note (`public_note` the reporter reads, `internal_note` the
    UPG only)."""

    __tablename__ = "gratification_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("gratification_reports.id", ondelete="CASCADE"),
                                           index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    from_status: Mapped[str] = mapped_column(String(24), default="")
    to_status: Mapped[str] = mapped_column(String(24))
    public_note: Mapped[str] = mapped_column(Text, default="")
    internal_note: Mapped[str] = mapped_column(Text, default="")

    report: Mapped[GratificationReport] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class GratificationFile(Base):
    """Evidence of a report (a photo of the gift, the letter that came with it), checked by content and
    cleaned (portal/core/attachments.py `prepare`) and kept in the database; read by the reporter and the
    UPG only."""

    __tablename__ = "gratification_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("gratification_reports.id", ondelete="CASCADE"),
                                           index=True)
    original_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    report: Mapped[GratificationReport] = relationship(back_populates="files")
