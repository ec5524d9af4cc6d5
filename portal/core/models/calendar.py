"""The office calendar: holidays skipped when counting working days (portal/core/workdays.py)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Date, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.models.base import Base


class Holiday(Base):
    """Libur nasional and cuti bersama: skipped when counting working days."""

    __tablename__ = "holidays"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
