"""SKM (Survei Kepuasan Masyarakat, PermenPAN-RB 14/2017): responses, per-service survey settings,
one-time QR tokens, follow-up plans (rencana tindak lanjut) and published period results.

The nine answers are stored as one small-integer column per unsur (not JSON) so that SQL can SUM and
COUNT them per service in one pass; the unsur keys are the column names.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.core.models.base import Base, UTCDateTime, utcnow
from portal.standards.models import Service

# Column names, in the order of the regulation (U1..U9). Labels and answer wording: portal.survey.ikm.
UNSUR_KEYS: tuple[str, ...] = (
    "persyaratan", "prosedur", "waktu", "biaya", "produk", "kompetensi", "perilaku", "pengaduan", "sarana",
)

# How a free service's Biaya/Tarif question is handled (SurveyServiceSetting.biaya_mode).
# BIAYA_ASK: asked with its four answers, "Gratis" the best one (the regulation's questionnaire).
# BIAYA_EXCLUDE: not asked; the IKM is the mean over the unsur answered ("total unsur yang terisi").
BIAYA_ASK = "tanya"
BIAYA_EXCLUDE = "kecualikan"
BIAYA_MODES = (BIAYA_ASK, BIAYA_EXCLUDE)


def _answer_range(key: str) -> CheckConstraint:
    return CheckConstraint(f"{key} IS NULL OR ({key} >= 1 AND {key} <= 4)", name=f"{key}_range")


class SurveyServiceSetting(Base):
    """SKM settings of one service (jenis layanan); a service without a row uses the defaults below."""

    __tablename__ = "survey_service_settings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"), unique=True)
    survey_open: Mapped[bool] = mapped_column(Boolean, default=True)  # shown on /survei
    is_free: Mapped[bool] = mapped_column(Boolean, default=True)  # tidak dipungut biaya
    biaya_mode: Mapped[str] = mapped_column(String(16), default=BIAYA_ASK)  # only used when is_free
    # users per year, for the minimum sample (Krejcie & Morgan)
    annual_population: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # answers accepted only with a one-time QR token
    require_token: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    service: Mapped[Service] = relationship()


class SurveyToken(Base):
    """A one-time token printed on a QR card: one answer per card. Only its SHA-256 is stored."""

    __tablename__ = "survey_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"), index=True)
    batch: Mapped[str] = mapped_column(String(32), index=True)  # one printed sheet
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    service: Mapped[Service] = relationship()


class SurveyResponse(Base):
    """One completed SKM questionnaire. No name, contact or address of the respondent is asked or kept."""

    __tablename__ = "survey_responses"
    __table_args__ = (
        # Period (by local submission date) x service: the results and the admin list filter on both.
        Index("ix_survey_responses_submitted_on_service_id", "submitted_on", "service_id"),
        CheckConstraint("gender IN ('L', 'P')", name="gender_code"),
        CheckConstraint("age >= 10 AND age <= 100", name="age_range"),
        *(_answer_range(key) for key in UNSUR_KEYS),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), index=True)
    service_date: Mapped[date] = mapped_column(Date)  # tanggal menerima layanan
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_on: Mapped[date] = mapped_column(Date)  # local (WIB) date of submitted_at: the survey period
    gender: Mapped[str] = mapped_column(String(1))  # L / P
    age: Mapped[int] = mapped_column(SmallInteger)
    education: Mapped[str] = mapped_column(String(60))  # label from the configurable list
    occupation: Mapped[str] = mapped_column(String(60))
    persyaratan: Mapped[int] = mapped_column(SmallInteger)
    prosedur: Mapped[int] = mapped_column(SmallInteger)
    waktu: Mapped[int] = mapped_column(SmallInteger)
    # NULL: not asked (a free service that excludes it)
    biaya: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    produk: Mapped[int] = mapped_column(SmallInteger)
    kompetensi: Mapped[int] = mapped_column(SmallInteger)
    perilaku: Mapped[int] = mapped_column(SmallInteger)
    pengaduan: Mapped[int] = mapped_column(SmallInteger)
    sarana: Mapped[int] = mapped_column(SmallInteger)
    suggestion: Mapped[str] = mapped_column(Text, default="")  # saran
    service_was_free: Mapped[bool] = mapped_column(Boolean, default=True)  # the setting when answered
    token_id: Mapped[int | None] = mapped_column(ForeignKey("survey_tokens.id"), nullable=True, unique=True)

    service: Mapped[Service] = relationship()

    def answers(self) -> dict[str, int | None]:
        return {key: getattr(self, key) for key in UNSUR_KEYS}


class SurveyFollowUp(Base):
    """Rencana tindak lanjut for one unsur (normally the weakest) of one period, for the whole office
    (service_id NULL) or for one service."""

    __tablename__ = "survey_follow_ups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period_key: Mapped[str] = mapped_column(String(20), index=True)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"),
                                                   nullable=True)
    unsur: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(Text)  # rencana tindak lanjut
    timeline: Mapped[str] = mapped_column(String(120), default="")  # waktu pelaksanaan
    responsible: Mapped[str] = mapped_column(String(160), default="")  # penanggung jawab
    progress: Mapped[str] = mapped_column(Text, default="")  # realisasi / perkembangan
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)

    service: Mapped[Service | None] = relationship()
    author: Mapped[User | None] = relationship()


class SurveyPublication(Base):
    """The published results of one period: a frozen JSON snapshot (every service and the whole office,
    with the follow-up plans). Publishing again replaces the snapshot and bumps `version`."""

    __tablename__ = "survey_publications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period_key: Mapped[str] = mapped_column(String(20), unique=True)
    period_type: Mapped[str] = mapped_column(String(12))
    period_start: Mapped[date] = mapped_column(Date, index=True)
    period_end: Mapped[date] = mapped_column(Date)
    data: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")  # ringkasan / analisis
    version: Mapped[int] = mapped_column(Integer, default=1)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)

    published_by: Mapped[User | None] = relationship()
