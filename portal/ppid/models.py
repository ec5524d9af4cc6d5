"""PPID tables: the Daftar Informasi Publik (DIP) and the Daftar Informasi yang Dikecualikan, each row with
its revision history (every save keeps the previous version as a JSON snapshot)."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.core.models.base import Base, UTCDateTime, utcnow

CATEGORIES = ("berkala", "serta_merta", "setiap_saat")
STATUS_ACTIVE = "aktif"
STATUS_WITHDRAWN = "ditarik"
STATUSES = (STATUS_ACTIVE, STATUS_WITHDRAWN)
PASAL_17_GROUNDS = tuple("abcdefghij")


class DipEntry(Base):
    """One entry of the Daftar Informasi Publik, with the fields of the standard (Perki 1/2021)."""

    __tablename__ = "ppid_dip_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    category: Mapped[str] = mapped_column(String(20), index=True)  # CATEGORIES
    title: Mapped[str] = mapped_column(String(255))
    summary: Mapped[str] = mapped_column(Text, default="")  # ringkasan isi informasi
    holder: Mapped[str] = mapped_column(String(255), default="")  # unit/pejabat yang menguasai
    responsible: Mapped[str] = mapped_column(String(255), default="")  # penanggung jawab
    origin: Mapped[str] = mapped_column(String(255), default="")  # waktu dan tempat pembuatan
    formats: Mapped[str] = mapped_column(String(255), default="")  # bentuk informasi yang tersedia
    retention: Mapped[str] = mapped_column(String(255), default="")  # jangka waktu penyimpanan
    year: Mapped[int] = mapped_column(Integer, index=True)
    updated_on: Mapped[date] = mapped_column(Date)  # when the information itself was last updated
    link_url: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(16), default=STATUS_ACTIVE, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    revisions: Mapped[list[DipRevision]] = relationship(
        back_populates="entry", order_by="DipRevision.version.desc()", cascade="all, delete-orphan")
    documents: Mapped[list[DipDocument]] = relationship(
        back_populates="entry", order_by="DipDocument.id", cascade="all, delete-orphan")

    @property
    def current_documents(self) -> list[DipDocument]:
        return [d for d in self.documents if d.removed_at is None]

    @property
    def is_active(self) -> bool:
        return self.status == STATUS_ACTIVE


class DipRevision(Base):
    """A previous version of a DIP entry (the values it had before a save)."""

    __tablename__ = "ppid_dip_revisions"
    __table_args__ = (UniqueConstraint("entry_id", "version", name="uq_ppid_dip_revisions_entry_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("ppid_dip_entries.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    values: Mapped[dict[str, Any]] = mapped_column(JSON)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    entry: Mapped[DipEntry] = relationship(back_populates="revisions")
    author: Mapped[User | None] = relationship()


class DipDocument(Base):
    """A file of a DIP entry: checked by content and cleaned (portal/core/attachments.py `prepare`), kept in
    the database like WBS files (published documents: backups carry them, a failed save leaves no stray
    file). Removing one hides it and keeps the row (history)."""

    __tablename__ = "ppid_dip_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("ppid_dip_entries.id", ondelete="CASCADE"), index=True)
    original_name: Mapped[str] = mapped_column(String(255))  # sanitised display name
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)  # the cleaned bytes; lists never load it
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    entry: Mapped[DipEntry] = relationship(back_populates="documents")


class Exemption(Base):
    """One item of the Daftar Informasi yang Dikecualikan, with its uji konsekuensi (UU 14/2008 Pasal 17)."""

    __tablename__ = "ppid_exemptions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(255))  # the information exempted
    ground: Mapped[str] = mapped_column(String(1), index=True)  # Pasal 17 letter, PASAL_17_GROUNDS
    legal_basis: Mapped[str] = mapped_column(String(255), default="")  # other rule cited, if any
    consequence: Mapped[str] = mapped_column(Text, default="")  # what harm opening it would cause
    period: Mapped[str] = mapped_column(String(120), default="")  # jangka waktu pengecualian
    decided_on: Mapped[date] = mapped_column(Date)  # tanggal penetapan
    status: Mapped[str] = mapped_column(String(16), default=STATUS_ACTIVE, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    revisions: Mapped[list[ExemptionRevision]] = relationship(
        back_populates="exemption", order_by="ExemptionRevision.version.desc()", cascade="all, delete-orphan")

    @property
    def is_active(self) -> bool:
        return self.status == STATUS_ACTIVE


class ExemptionRevision(Base):
    """A previous version of an exemption."""

    __tablename__ = "ppid_exemption_revisions"
    __table_args__ = (
        UniqueConstraint("exemption_id", "version", name="uq_ppid_exemption_revisions_exemption_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exemption_id: Mapped[int] = mapped_column(ForeignKey("ppid_exemptions.id", ondelete="CASCADE"),
                                              index=True)
    version: Mapped[int] = mapped_column(Integer)
    values: Mapped[dict[str, Any]] = mapped_column(JSON)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    exemption: Mapped[Exemption] = relationship(back_populates="revisions")
    author: Mapped[User | None] = relationship()
