"""Zona Integritas monitoring: the teams of the action plan, their members, reviewers and the evidence
(bukti dukung) a team hands in for one row of the Rencana Aksi and one due period.

Who may do what (enforced in portal.zi.service):
* every active staff account reads the monitoring (dashboard, row pages, monev report);
* a member of a team (`ZiTeamMember`) hands in evidence for the rows whose `penanggung_jawab` is that
  team, and withdraws their own evidence while it is not reviewed yet;
* a reviewer (role `admin`, or a user listed in `ZiReviewer`) accepts evidence or sends it back with a
  comment, never their own upload;
* `admin` manages team membership and the reviewer list.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.action_plan.models import ActionPlanItem
from portal.core.models.base import Base, UTCDateTime, utcnow

EVIDENCE_FILE = "file"
EVIDENCE_LINK = "link"
EVIDENCE_KINDS = (EVIDENCE_FILE, EVIDENCE_LINK)

EVIDENCE_SUBMITTED = "submitted"
EVIDENCE_ACCEPTED = "accepted"
EVIDENCE_RETURNED = "returned"
EVIDENCE_STATUSES = (EVIDENCE_SUBMITTED, EVIDENCE_ACCEPTED, EVIDENCE_RETURNED)


class ZiTeam(Base):
    """A team of the ZI working group. `name` is written as in the decree's PENANGGUNG JAWAB column
    ("TIM PENGUATAN PENGAWASAN"); rows are matched to teams on the normalised name (`key`)."""

    __tablename__ = "zi_teams"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200), unique=True)  # upper case, single spaces
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    members: Mapped[list[ZiTeamMember]] = relationship(
        back_populates="team", cascade="all, delete-orphan", order_by="ZiTeamMember.id")

    def __repr__(self) -> str:
        return f"<ZiTeam {self.key}>"


class ZiTeamMember(Base):
    __tablename__ = "zi_team_members"
    __table_args__ = (UniqueConstraint("team_id", "user_id", name="uq_zi_team_members_team_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("zi_teams.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)

    team: Mapped[ZiTeam] = relationship(back_populates="members")
    user: Mapped[User] = relationship(foreign_keys=[user_id])


class ZiReviewer(Base):
    """A user who reviews evidence (besides every `admin`), e.g. the ZI coordinator or internal assessor."""

    __tablename__ = "zi_reviewers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class ZiEvidence(Base):
    """One piece of evidence (a stored file or a link) for one action-plan row and one due period."""

    __tablename__ = "zi_evidence"
    __table_args__ = (Index("ix_zi_evidence_item_period", "item_id", "period_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("action_plan_items.id", ondelete="CASCADE"))
    period_key: Mapped[str] = mapped_column(String(20))  # 2026-06 | 2026-T2 | 2026-S1 | 2026
    kind: Mapped[str] = mapped_column(String(10))  # file | link
    # kind == file: the stored file (portal.core.attachments, area "zi")
    stored_name: Mapped[str] = mapped_column(String(80), default="")
    original_name: Mapped[str] = mapped_column(String(200), default="")
    content_type: Mapped[str] = mapped_column(String(100), default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    # kind == link
    url: Mapped[str] = mapped_column(String(500), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(12), default=EVIDENCE_SUBMITTED, index=True)
    review_comment: Mapped[str] = mapped_column(Text, default="")
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    item: Mapped[ActionPlanItem] = relationship()
    uploaded_by: Mapped[User | None] = relationship(foreign_keys=[uploaded_by_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])

    @property
    def is_file(self) -> bool:
        return self.kind == EVIDENCE_FILE

    @property
    def label(self) -> str:
        return self.original_name if self.is_file else self.url

    @property
    def is_live(self) -> bool:
        """Counts for its period: handed in and not sent back."""
        return self.status in (EVIDENCE_SUBMITTED, EVIDENCE_ACCEPTED)

    def __repr__(self) -> str:
        return f"<ZiEvidence {self.item_id} {self.period_key} {self.kind} {self.status}>"
