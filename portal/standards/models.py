"""Services (jenis layanan) and their service standards (standar pelayanan, PermenPAN-RB 15/2014).

`Service` is the general list of public services the office offers: the service standards hang off
it, and the SKM survey and DUMAS reuse it as their "jenis layanan" list.

A standard is kept as immutable published revisions. Each revision stores its 14 components as
one row per component (`ServiceStandardComponent`), so a single component can be queried across
services and revisions (e.g. every `biaya` text) and two revisions can be compared component by
component.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.core.models.base import Base, UTCDateTime, utcnow

STATUS_DRAFT = "draft"
STATUS_PUBLISHED = "published"
REVISION_STATUSES = (STATUS_DRAFT, STATUS_PUBLISHED)


class Service(Base):
    """Jenis layanan: one public service of the office (PPID, pengaduan, data pemilih, ...)."""

    __tablename__ = "services"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    order: Mapped[int] = mapped_column(Integer, default=0)  # display order in lists (ascending)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    revisions: Mapped[list[ServiceStandardRevision]] = relationship(
        back_populates="service", order_by="ServiceStandardRevision.number", cascade="all, delete-orphan",
    )

    def __repr__(self) -> str:
        return f"<Service {self.slug}>"


class ServiceStandardRevision(Base):
    """One revision of a service's standard: a draft, or a published (immutable) version."""

    __tablename__ = "service_standard_revisions"
    __table_args__ = (
        UniqueConstraint("service_id", "number", name="uq_service_standard_revisions_service_number"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, 3 ... per service ("Revisi ke-")
    effective_date: Mapped[date] = mapped_column(Date, index=True)  # tanggal berlaku
    status: Mapped[str] = mapped_column(String(16), default=STATUS_DRAFT, index=True)
    note: Mapped[str] = mapped_column(Text, default="")  # catatan perubahan
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)  # sample text still to be edited
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    service: Mapped[Service] = relationship(back_populates="revisions")
    author: Mapped[User | None] = relationship()
    components: Mapped[list[ServiceStandardComponent]] = relationship(
        back_populates="revision", cascade="all, delete-orphan", lazy="selectin",
    )

    @property
    def is_published(self) -> bool:
        return self.status == STATUS_PUBLISHED

    @property
    def texts(self) -> dict[str, str]:
        """Component key -> Markdown text."""
        return {c.key: c.body for c in self.components}

    def __repr__(self) -> str:
        return f"<ServiceStandardRevision {self.service_id}#{self.number} {self.status}>"


class ServiceStandardComponent(Base):
    """The Markdown text of one of the 14 components in one revision."""

    __tablename__ = "service_standard_components"
    __table_args__ = (
        UniqueConstraint("revision_id", "key", name="uq_service_standard_components_revision_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision_id: Mapped[int] = mapped_column(
        ForeignKey("service_standard_revisions.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(40), index=True)  # see portal.standards.service.COMPONENTS
    body: Mapped[str] = mapped_column(Text, default="")

    revision: Mapped[ServiceStandardRevision] = relationship(back_populates="components")
