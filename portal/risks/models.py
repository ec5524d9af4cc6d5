"""Tables of the SPIP risk register: risks (per year, unit and activity), their quarterly control-card rows
(Kartu Kendali) and the yearly SPIP test checklist (Daftar Uji Penyelenggaraan SPIP).

Scores are stored (likelihood x impact); the level is never stored: it is read from the configured bands
(portal/risks/matrix.py) whenever a page or a file is made, so changing the bands changes every level."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.models.base import Base, UTCDateTime, utcnow

MAX_CODE = 32
MAX_LINE = 255


class RiskCounter(Base):
    """The last automatic number R-<year>-<seq> given in a year (portal/core/numbering.py)."""

    __tablename__ = "risk_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


class Risk(Base):
    __tablename__ = "risks"
    __table_args__ = (UniqueConstraint("year", "code", name="uq_risks_year_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(MAX_CODE))
    year: Mapped[int] = mapped_column(Integer, index=True)
    unit: Mapped[str] = mapped_column(String(MAX_LINE))
    activity: Mapped[str] = mapped_column(String(MAX_LINE))
    statement: Mapped[str] = mapped_column(Text)
    cause: Mapped[str] = mapped_column(Text, default="")
    cause_class: Mapped[str] = mapped_column(String(16))
    likelihood: Mapped[int] = mapped_column(Integer)
    impact: Mapped[int] = mapped_column(Integer)
    inherent_score: Mapped[int] = mapped_column(Integer, index=True)
    control_plan: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(MAX_LINE), default="")
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    realisation: Mapped[str] = mapped_column(Text, default="")
    realised_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    occurred: Mapped[bool] = mapped_column(Boolean, default=False)
    residual_likelihood: Mapped[int | None] = mapped_column(Integer, nullable=True)
    residual_impact: Mapped[int | None] = mapped_column(Integer, nullable=True)
    residual_score: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    cards: Mapped[list[RiskControlCard]] = relationship(
        back_populates="risk", cascade="all, delete-orphan", order_by="RiskControlCard.quarter")

    @property
    def realised(self) -> bool:
        return self.realised_on is not None

    def card(self, quarter: int) -> RiskControlCard | None:
        return next((c for c in self.cards if c.quarter == quarter), None)


class RiskControlCard(Base):
    """One row of the Kartu Kendali: what was planned for a risk in a quarter and what was done."""

    __tablename__ = "risk_control_cards"
    __table_args__ = (UniqueConstraint("risk_id", "quarter", name="uq_risk_control_cards_risk_quarter"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    risk_id: Mapped[int] = mapped_column(ForeignKey("risks.id", ondelete="CASCADE"), index=True)
    quarter: Mapped[int] = mapped_column(Integer)
    planned: Mapped[str] = mapped_column(Text, default="")
    done: Mapped[str] = mapped_column(Text, default="")
    # terlaksana | sebagian | belum (CARD_STATUS_LABELS in service.py)
    status: Mapped[str] = mapped_column(String(16), default="belum")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    risk: Mapped[Risk] = relationship(back_populates="cards")


class RiskChecklistItem(Base):
    """One statement of the year's Daftar Uji Penyelenggaraan SPIP and its answer (ya / tidak / sebagian)."""

    __tablename__ = "risk_checklist_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    statement: Mapped[str] = mapped_column(Text)
    answer: Mapped[str | None] = mapped_column(String(16), nullable=True)
    evidence: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
