"""PPID tables: the Daftar Informasi Publik (DIP) and the Daftar Informasi yang Dikecualikan, each row with
its revision history (every save keeps the previous version as a JSON snapshot); information requests, their
trail and files, and objections with the Komisi Informasi dispute."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
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


# --- information requests (permohonan informasi) and objections (keberatan), on the case engine -----------
# Who may ask (UU 14/2008 Pasal 1 angka 12: an Indonesian citizen or legal body; angka 10: perorangan,
# kelompok orang, badan hukum); the identity each shows (Perki 1/2021): a KTP for a person, the deed (akta
# pendirian / dasar hukum) for a legal body.
APPLICANT_TYPES = ("perorangan", "badan_hukum")
# How a request arrives: the web form, or registered by staff from a letter, an e-mail or a visit.
REQUEST_CHANNELS = ("website", "surat", "email", "datang")
# How the applicant wants the information: to view / read it, a soft copy by e-mail, a download from the
# tracking page, a hard copy to collect.
DELIVERY_METHODS = ("lihat", "email", "unduh", "salinan")
# File kinds of a request: the applicant's identity scan (PPID role only) and the documents released.
FILE_IDENTITY = "identitas"
FILE_RELEASED = "dokumen"
# UU 14/2008 Pasal 35 ayat (1) a-g: the grounds of an objection.
OBJECTION_GROUNDS = tuple("abcdefg")
OBJECTION_OUTCOMES = ("diterima", "ditolak")  # the atasan PPID upholds the objection, or rejects it
DISPUTE_RESULTS = ("dikabulkan", "dikabulkan_sebagian", "ditolak", "mediasi", "dicabut", "gugur")


class InfoRequestCounter(Base):
    """Last sequence number per year of PPID-<year>-<5 digits> (portal/core/numbering.py)."""

    __tablename__ = "ppid_request_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


class InfoRequest(Base):
    """A request for public information (UU 14/2008 Pasal 22): a case with a clock — a written notice within
    PPID_NOTICE_DAYS working days of receipt, one extension of at most PPID_EXTENSION_DAYS (portal/ppid/
    workflow.py). The applicant reads it with the number and the access code."""

    __tablename__ = "ppid_requests"
    __table_args__ = (
        UniqueConstraint("year", "seq", name="uq_ppid_requests_year_seq"),
        Index("ix_ppid_requests_status_received", "status", "received_at"),
        # the report: one GROUP BY over a received_at range (PostgreSQL INCLUDE makes it index-only)
        Index("ix_ppid_requests_received_cover", "received_at",
              postgresql_include=["status", "applicant_type", "channel", "days_to_answer",
                                  "answered_on_time", "extended_at", "exemption_id"]),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)  # PPID-2026-00001
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    access_code_hash: Mapped[str] = mapped_column(String(128))
    channel: Mapped[str] = mapped_column(String(20), default="website")  # REQUEST_CHANNELS

    applicant_type: Mapped[str] = mapped_column(String(20), default="perorangan")  # APPLICANT_TYPES
    applicant_name: Mapped[str] = mapped_column(String(160))  # the person, or the legal body's name
    identity_number: Mapped[str] = mapped_column(String(64), default="")  # NIK, or the deed's number
    representative: Mapped[str] = mapped_column(String(160), default="")  # who acts for a legal body
    address: Mapped[str] = mapped_column(String(300), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    occupation: Mapped[str] = mapped_column(String(120), default="")

    information: Mapped[str] = mapped_column(Text)  # rincian informasi yang dibutuhkan
    purpose: Mapped[str] = mapped_column(Text)  # tujuan penggunaan informasi
    delivery: Mapped[str] = mapped_column(String(20), default="unduh")  # DELIVERY_METHODS

    status: Mapped[str] = mapped_column(String(24), default="diterima", index=True)
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True, index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)

    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    notice_due: Mapped[date | None] = mapped_column(Date, nullable=True)  # the first deadline
    extended_due: Mapped[date | None] = mapped_column(Date, nullable=True)  # after the one extension
    extended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    extension_reason: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)  # the written notice
    days_to_answer: Mapped[int | None] = mapped_column(Integer, nullable=True)  # working days, on close
    answered_on_time: Mapped[bool | None] = mapped_column(Boolean, nullable=True)

    # The decision, as the written notice states it (Pasal 22 ayat 7; Perki 1/2021).
    exemption_id: Mapped[int | None] = mapped_column(ForeignKey("ppid_exemptions.id"), nullable=True)
    decision_reason: Mapped[str] = mapped_column(Text, default="")  # why refused / why not held
    holding_body: Mapped[str] = mapped_column(String(255), default="")  # not held: who holds it (ayat 7 b)
    redaction_note: Mapped[str] = mapped_column(Text, default="")  # partial: what is blacked out and why
    answer_format: Mapped[str] = mapped_column(String(120), default="")  # softcopy / hardcopy, file types
    cost: Mapped[int] = mapped_column(Integer, default=0)  # Rupiah (copy costs); normally 0
    payment_note: Mapped[str] = mapped_column(String(255), default="")  # how to pay it (ayat 7 g)
    delivery_note: Mapped[str] = mapped_column(Text, default="")  # how and when it is delivered
    notice_text: Mapped[str] = mapped_column(Text, default="")  # further words of the notice

    assigned_to: Mapped[User | None] = relationship(foreign_keys=[assigned_to_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    exemption: Mapped[Exemption | None] = relationship()
    events: Mapped[list[InfoRequestEvent]] = relationship(
        back_populates="request", order_by="InfoRequestEvent.id", cascade="all, delete-orphan")
    files: Mapped[list[InfoRequestFile]] = relationship(
        back_populates="request", order_by="InfoRequestFile.id", cascade="all, delete-orphan")
    objections: Mapped[list[Objection]] = relationship(
        back_populates="request", order_by="Objection.id", cascade="all, delete-orphan")

    @property
    def due(self) -> date | None:
        """The deadline that applies: the extended one once extended."""
        return self.extended_due or self.notice_due

    @property
    def released_files(self) -> list[InfoRequestFile]:
        return [f for f in self.files if f.kind == FILE_RELEASED and f.removed_at is None]

    @property
    def identity_files(self) -> list[InfoRequestFile]:
        return [f for f in self.files if f.kind == FILE_IDENTITY and f.removed_at is None]


class InfoRequestEvent(Base):
    """The request's trail: a status change or a note (public: the applicant reads it; internal: staff)."""

    __tablename__ = "ppid_request_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("ppid_requests.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)  # None = applicant
    from_status: Mapped[str] = mapped_column(String(24), default="")
    to_status: Mapped[str] = mapped_column(String(24), default="")
    public_note: Mapped[str] = mapped_column(Text, default="")
    internal_note: Mapped[str] = mapped_column(Text, default="")

    request: Mapped[InfoRequest] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()


class InfoRequestFile(Base):
    """A file of a request, checked by content and cleaned (portal/core/attachments.py `prepare`) and kept
    in the database: the applicant's identity scan (`identitas`, served to the PPID role only, never to the
    public or another role) or a document released with the decision (`dokumen`, downloaded by the
    applicant with the access code)."""

    __tablename__ = "ppid_request_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("ppid_requests.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # FILE_IDENTITY | FILE_RELEASED
    original_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    request: Mapped[InfoRequest] = relationship(back_populates="files")


class Objection(Base):
    """An objection (keberatan, UU 14/2008 Pasal 35-36) against a request's handling: filed within
    PPID_OBJECTION_FILING_DAYS working days of the ground arising, answered by the atasan PPID within
    PPID_OBJECTION_ANSWER_DAYS; then, if the applicant takes it to the Komisi Informasi (within
    PPID_DISPUTE_DAYS of the answer, Pasal 37), the dispute and its result."""

    __tablename__ = "ppid_objections"
    __table_args__ = (Index("ix_ppid_objections_filed", "filed_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("ppid_requests.id", ondelete="CASCADE"), index=True)
    ground: Mapped[str] = mapped_column(String(1))  # OBJECTION_GROUNDS
    reasons: Mapped[str] = mapped_column(Text)  # the applicant's account (kasus posisi, Penjelasan Pasal 35)
    ground_arose_on: Mapped[date] = mapped_column(Date)  # the day the ground arose (filing window start)
    filed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answer_due: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="diajukan", index=True)  # diajukan | dijawab
    outcome: Mapped[str] = mapped_column(String(16), default="")  # OBJECTION_OUTCOMES once answered
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    answered_on_time: Mapped[bool | None] = mapped_column(Boolean, nullable=True)

    # The dispute at the Komisi Informasi (sengketa informasi), recorded by staff.
    dispute_filed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    dispute_register: Mapped[str] = mapped_column(String(80), default="")  # the Komisi's register number
    dispute_result: Mapped[str] = mapped_column(String(24), default="")  # DISPUTE_RESULTS, once decided
    dispute_decided_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    dispute_note: Mapped[str] = mapped_column(Text, default="")

    request: Mapped[InfoRequest] = relationship(back_populates="objections")
    answered_by: Mapped[User | None] = relationship()
