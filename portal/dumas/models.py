"""DUMAS (pengaduan masyarakat): complaints, their follow-ups and attachments, categories, workflow states."""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.core.cases import COMPLAINT_STATE_LABELS, State, states
from portal.core.models.base import Base, UTCDateTime, utcnow

# Channels (kanal / linimasa) a complaint can arrive through.
CHANNELS: dict[str, LazyString] = {
    "website": _l("Situs web (formulir daring)"),
    "email": _l("E-mail"),
    "hotline": _l("Hotline / telepon"),
    "whatsapp": _l("WhatsApp"),
    "surat": _l("Surat"),
    "datang": _l("Datang langsung"),
    "medsos": _l("Media sosial"),
    "lapor": _l("SP4N-LAPOR!"),
}

# Kinds of complaint (SP4N-LAPOR! practice) decide the resolution deadline in working days.
KINDS: dict[str, LazyString] = {
    "informasi": _l("Permintaan informasi"),
    "non_pengawasan": _l("Tidak berkadar pengawasan"),
    "pengawasan": _l("Berkadar pengawasan"),
}


def indonesian(label: LazyString | str) -> str:
    """A label as stored text (follow-up notes, e-mails): always Indonesian, whatever language the staff
    member's screen is in."""
    with force_locale("id"):
        return str(label)


# Workflow states (the case engine, portal/core/cases.py; transitions in portal/dumas/workflow.py).
STATES: dict[str, State] = states(COMPLAINT_STATE_LABELS, closed=("selesai", "ditolak", "diteruskan"))
STATUSES: dict[str, str] = {code: state.label for code, state in STATES.items()}  # code -> lazy label
OPEN_STATUSES = tuple(code for code, state in STATES.items() if not state.closed)
CLOSED_STATUSES = tuple(code for code, state in STATES.items() if state.closed)


class Category(Base):
    """Kategori aduan: configurable list."""

    __tablename__ = "complaint_categories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    default_kind: Mapped[str] = mapped_column(String(20), default="non_pengawasan")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    order: Mapped[int] = mapped_column(Integer, default=0)


class ComplaintCounter(Base):
    """Last sequence number per year; incremented under a row lock so numbers never repeat."""

    __tablename__ = "complaint_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


class Complaint(Base):
    __tablename__ = "complaints"
    __table_args__ = (
        UniqueConstraint("year", "seq", name="uq_complaints_year_seq"),
        Index("ix_complaints_status_received", "status", "received_at"),
        Index("ix_complaints_category_received", "category_id", "received_at"),
        Index("ix_complaints_channel_received", "channel", "received_at"),
        # Recaps: the one GROUP BY over a received_at range is an index-only scan (PostgreSQL INCLUDE;
        # a plain received_at index elsewhere). See benchmarks/README.md (1M rows: full year ~0.2-0.4 s).
        Index("ix_complaints_received_cover", "received_at",
              postgresql_include=["status", "category_id", "channel", "days_to_close", "closed_on_time"]),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)  # DUMAS-2026-00001
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    access_code_hash: Mapped[str] = mapped_column(String(128))
    channel: Mapped[str] = mapped_column(String(20), default="website")
    external_id: Mapped[str] = mapped_column(String(64), default="")  # e.g. SP4N-LAPOR! tracking ID

    reporter_name: Mapped[str] = mapped_column(String(120), default="")
    reporter_email: Mapped[str] = mapped_column(String(254), default="")
    reporter_phone: Mapped[str] = mapped_column(String(32), default="")
    # rahasia: the identity is for DUMAS officers only
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)

    category_id: Mapped[int | None] = mapped_column(ForeignKey("complaint_categories.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(20), default="non_pengawasan")
    subject: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    event_place: Mapped[str] = mapped_column(String(200), default="")
    event_date: Mapped[date | None] = mapped_column(Date, nullable=True)

    status: Mapped[str] = mapped_column(String(20), default="diterima", index=True)
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True, index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)

    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)  # ix_complaints_received_cover
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    verify_due: Mapped[date | None] = mapped_column(Date, nullable=True)
    resolve_due: Mapped[date | None] = mapped_column(Date, nullable=True)
    # Working days from receipt to close, and whether the close met its deadline (set when closed; recaps
    # use them).
    days_to_close: Mapped[int | None] = mapped_column(Integer, nullable=True)
    closed_on_time: Mapped[bool | None] = mapped_column(Boolean, nullable=True)

    final_answer: Mapped[str] = mapped_column(Text, default="")
    forwarded_to: Mapped[str] = mapped_column(String(200), default="")
    close_reason: Mapped[str] = mapped_column(Text, default="")

    # The public complaint list (/pengaduan/daftar, Open311): the citizen's choice at filing, and staff's
    # edited summary and publication (portal/dumas/publication.py). Never shown: the original text.
    public_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    public_summary: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    public_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    category: Mapped[Category | None] = relationship()
    assigned_to: Mapped[User | None] = relationship(foreign_keys=[assigned_to_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    followups: Mapped[list[ComplaintFollowUp]] = relationship(
        back_populates="complaint", order_by="ComplaintFollowUp.id", cascade="all, delete-orphan"
    )
    attachments: Mapped[list[ComplaintAttachment]] = relationship(
        back_populates="complaint", order_by="ComplaintAttachment.id", cascade="all, delete-orphan"
    )


class ComplaintFollowUp(Base):
    """Tindak lanjut: a status change, a note, or information added by the reporter."""

    __tablename__ = "complaint_followups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)  # None = the reporter
    from_status: Mapped[str] = mapped_column(String(20), default="")
    to_status: Mapped[str] = mapped_column(String(20), default="")
    public_note: Mapped[str] = mapped_column(Text, default="")  # shown to the reporter on the tracking page
    internal_note: Mapped[str] = mapped_column(Text, default="")  # staff only

    complaint: Mapped[Complaint] = relationship(back_populates="followups")
    actor: Mapped[User | None] = relationship()

    @property
    def by_reporter(self) -> bool:
        return self.actor_id is None


class ComplaintAttachment(Base):
    __tablename__ = "complaint_attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"), index=True)
    followup_id: Mapped[int | None] = mapped_column(ForeignKey("complaint_followups.id"), nullable=True)
    original_name: Mapped[str] = mapped_column(String(255))  # sanitised display name
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)  # random, under UPLOAD_FOLDER/dumas/
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    by_staff: Mapped[bool] = mapped_column(Boolean, default=False)

    complaint: Mapped[Complaint] = relationship(back_populates="attachments")
