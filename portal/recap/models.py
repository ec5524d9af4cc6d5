"""Published recaps: frozen copies of the DUMAS, WBS and SKM matrices for one period."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.core.models.base import Base, UTCDateTime, utcnow


class RecapSnapshot(Base):
    """A published recap: a dated, frozen copy of the matrices for one period (later edits don't change
    it)."""

    __tablename__ = "recap_snapshots"
    __table_args__ = (UniqueConstraint("kind", "period_key", name="uq_recap_snapshots_kind_period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), default="dumas")  # dumas | wbs | skm
    period_type: Mapped[str] = mapped_column(String(10))  # bulan | triwulan | semester | tahun
    period_key: Mapped[str] = mapped_column(String(20))  # 2026-03 | 2026-T1 | 2026-S1 | 2026
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)  # inclusive
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    data: Mapped[str] = mapped_column(Text)  # JSON of the matrices

    published_by: Mapped[User | None] = relationship()
