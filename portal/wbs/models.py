"""WBS (Whistle Blowing System): anonymous reports, the message thread with the WBS team, attachments,
and Inspektorat recommendations with their follow-up (tabel rekapitulasi tindak lanjut).

Protection rules (docs/wbs-privacy.md) shape these tables:
- no address, user agent or precise time of anything the reporter does: only the day (`*_on` Date columns);
- every free text a reporter or the team writes is stored encrypted (`*_enc` columns, see
  portal/wbs/crypto.py); only category, status and days are plain, for the recaps;
- the receipt is stored only as a keyed hash (HMAC-SHA256), looked up by equality.
"""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.core.cases import COMPLAINT_STATE_LABELS, State, states
from portal.core.models.base import Base

# Kinds of misconduct a WBS report can be about (seed rows V.1 gratifikasi, V.2 WBS, V.3 benturan
# kepentingan).
WBS_CATEGORIES: dict[str, str] = {
    "korupsi": _l("Korupsi"),
    "gratifikasi": _l("Gratifikasi"),
    "benturan_kepentingan": _l("Benturan kepentingan"),
    "penyalahgunaan_wewenang": _l("Penyalahgunaan wewenang"),
    "pelanggaran_kode_etik": _l("Pelanggaran kode etik/disiplin"),
    "pengadaan": _l("Pengadaan barang/jasa"),
    "lainnya": _l("Lainnya"),
}

# Workflow states (the case engine, portal/core/cases.py; transitions in portal/wbs/service.py). The same
# codes as DUMAS, but a forwarded report stays open until the Inspektorat's recommendations are followed up.
WBS_STATES: dict[str, State] = states(COMPLAINT_STATE_LABELS, closed=("selesai", "ditolak"))
WBS_STATUSES: dict[str, str] = {code: state.label for code, state in WBS_STATES.items()}  # code -> lazy label
WBS_OPEN_STATUSES = tuple(code for code, state in WBS_STATES.items() if not state.closed)
WBS_CLOSED_STATUSES = tuple(code for code, state in WBS_STATES.items() if state.closed)

# Follow-up state of one Inspektorat recommendation (status tindak lanjut rekomendasi).
FOLLOWUP_STATUSES: dict[str, str] = {
    "belum": _l("Belum ditindaklanjuti"),
    "proses": _l("Dalam proses"),
    "selesai": _l("Selesai ditindaklanjuti"),
}

# Kinds of thread entries.
ENTRY_MESSAGE = "pesan"  # a message between the reporter and the team (visible to both)
ENTRY_NOTE = "catatan"  # internal team note (never shown to the reporter)
ENTRY_STATUS = "status"  # a workflow transition (shown to the reporter with its public note)


class WbsReport(Base):
    __tablename__ = "wbs_reports"
    __table_args__ = (
        Index("ix_wbs_reports_category_received", "category", "received_on"),
        Index("ix_wbs_reports_status_received", "status", "received_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # HMAC-SHA256 of the 16-digit receipt under a key kept outside the database (hex).
    receipt_hash: Mapped[str] = mapped_column(String(64), unique=True)
    category: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="diterima", index=True)
    # The day only: a precise time could point to the person who was at a desk at that minute.
    received_on: Mapped[date] = mapped_column(Date, index=True)
    closed_on: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    last_activity_on: Mapped[date] = mapped_column(Date)
    # Deadlines in working days: verification counted from received_on, resolution
    # from the day the team verified it (or forwarded it unverified). NULL = no deadline (older rows).
    verify_due: Mapped[date | None] = mapped_column(Date, nullable=True)
    resolve_due: Mapped[date | None] = mapped_column(Date, nullable=True)
    # True when the reporter wrote something the team has not opened yet.
    unread: Mapped[bool] = mapped_column(Boolean, default=True)

    # 4W1H, encrypted: apa (what), siapa (who), di mana (where), kapan (when), bagaimana (how).
    what_enc: Mapped[str] = mapped_column(Text)
    who_enc: Mapped[str] = mapped_column(Text, default="")
    where_enc: Mapped[str] = mapped_column(Text, default="")
    when_enc: Mapped[str] = mapped_column(Text, default="")
    how_enc: Mapped[str] = mapped_column(Text, default="")
    # optional, only if the reporter chose to give it
    contact_enc: Mapped[str] = mapped_column(Text, default="")
    # Outcome told to the reporter (final answer, reason for rejection or forwarding), encrypted.
    outcome_enc: Mapped[str] = mapped_column(Text, default="")
    forwarded_to: Mapped[str] = mapped_column(String(200), default="")  # e.g. Inspektorat

    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True, index=True)
    # Retention: set when `flask wbs-purge` wiped the content; counts for the recaps stay.
    purged_on: Mapped[date | None] = mapped_column(Date, nullable=True)

    assigned_to: Mapped[User | None] = relationship()
    entries: Mapped[list[WbsMessage]] = relationship(
        back_populates="report", order_by="WbsMessage.id", cascade="all, delete-orphan"
    )
    attachments: Mapped[list[WbsAttachment]] = relationship(
        back_populates="report", order_by="WbsAttachment.id", cascade="all, delete-orphan"
    )
    recommendations: Mapped[list[WbsRecommendation]] = relationship(
        back_populates="report", order_by="WbsRecommendation.id"
    )

    @property
    def number(self) -> str:
        """Staff reference (not secret, not the receipt): WBS-2026-00007."""
        return f"WBS-{self.received_on.year}-{self.id:05d}"


class WbsMessage(Base):
    """One entry in a report's thread: a message, an internal note, or a status change."""

    __tablename__ = "wbs_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("wbs_reports.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10), default=ENTRY_MESSAGE)
    # None = the reporter
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_on: Mapped[date] = mapped_column(Date)
    from_status: Mapped[str] = mapped_column(String(20), default="")
    to_status: Mapped[str] = mapped_column(String(20), default="")
    body_enc: Mapped[str] = mapped_column(Text, default="")

    report: Mapped[WbsReport] = relationship(back_populates="entries")
    author: Mapped[User | None] = relationship()
    attachments: Mapped[list[WbsAttachment]] = relationship(back_populates="message",
                                                            order_by="WbsAttachment.id")

    @property
    def by_reporter(self) -> bool:
        return self.author_id is None

    @property
    def visible_to_reporter(self) -> bool:
        return self.kind in (ENTRY_MESSAGE, ENTRY_STATUS)


class WbsAttachment(Base):
    """A file, stored encrypted IN the database (`data_enc`), shown and downloaded as `lampiran-N.<ext>`.

    Nothing about a WBS file is written to the upload folder: a file's birth/change time and its folder's
    mtime would tell the second of submission (docs/wbs-privacy.md). The reporter's original file name
    is not kept at all (it can carry the time of day and the device, e.g. IMG_20261201_081530.jpg).
    `stored_name`/`name_enc` are legacy: rows from before migration 0004 named a ciphertext file under
    UPLOAD_FOLDER/wbs/ (moved into the database by `flask wbs-files-to-db`); `name_enc` is always "".
    No hash of the plaintext is kept: it would let whoever reads the database confirm a guessed file.
    """

    __tablename__ = "wbs_attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("wbs_reports.id", ondelete="CASCADE"), index=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("wbs_messages.id"), nullable=True)
    by_reporter: Mapped[bool] = mapped_column(Boolean, default=True)
    name_enc: Mapped[str] = mapped_column(Text, default="")  # legacy, always blank (no original name kept)
    # legacy file only
    stored_name: Mapped[str | None] = mapped_column(String(80), unique=True, nullable=True)
    # The ciphertext (WbsCipher.encrypt_bytes, field "attachment.data"); deferred so lists never load it.
    data_enc: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True, deferred=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)  # plaintext size after cleaning
    uploaded_on: Mapped[date] = mapped_column(Date)
    # What was done to the file's metadata (EXIF removed, DOCX author removed, ...), shown to the team.
    cleaning_note: Mapped[str] = mapped_column(String(200), default="")

    report: Mapped[WbsReport] = relationship(back_populates="attachments")
    message: Mapped[WbsMessage | None] = relationship(back_populates="attachments")


class WbsRecommendation(Base):
    """A recommendation of the Inspektorat and its follow-up (tindak lanjut rekomendasi).

    Either about one forwarded report, or (report_id empty) from the quarterly evaluation of how the
    WBS is run: seed row V.2 "Penerapan rekomendasi hasil evaluasi yang dilakukan inspektorat".
    """

    __tablename__ = "wbs_recommendations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("wbs_reports.id", ondelete="SET NULL"),
                                                  nullable=True, index=True)
    issued_by: Mapped[str] = mapped_column(String(200), default="Inspektorat")
    issued_on: Mapped[date] = mapped_column(Date, index=True)
    text_enc: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    followup_status: Mapped[str] = mapped_column(String(10), default="belum", index=True)
    followup_enc: Mapped[str] = mapped_column(Text, default="")
    followup_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    responsible: Mapped[str] = mapped_column(String(200), default="")  # penanggung jawab tindak lanjut
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)

    report: Mapped[WbsReport | None] = relationship(back_populates="recommendations")
    created_by: Mapped[User | None] = relationship()
