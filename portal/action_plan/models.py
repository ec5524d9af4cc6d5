"""Rencana Aksi: one row of the Zona Integritas action plan of a year."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.core.models.base import Base, UTCDateTime, utcnow


def months_to_column(months: list[int] | tuple[int, ...]) -> str:
    """[1, 2, 12] -> ",1,2,12," (so `months LIKE '%,2,%'` finds rows active in February on any backend)."""
    clean = sorted({int(m) for m in months if 1 <= int(m) <= 12})
    return "," + ",".join(str(m) for m in clean) + "," if clean else ""


class ActionPlanItem(Base):
    __tablename__ = "action_plan_items"
    __table_args__ = (UniqueConstraint("year", "code", name="uq_action_plan_items_year_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)  # order in the decree's table
    area_code: Mapped[str] = mapped_column(String(8), index=True)  # "I" .. "VI"
    area_title: Mapped[str] = mapped_column(String(200))  # "MANAJEMEN PERUBAHAN"
    group_code: Mapped[str] = mapped_column(String(8), default="")  # sub-heading number: "2", "I" or ""
    group_title: Mapped[str] = mapped_column(String(300), default="")  # "Pelaksanaan Whistle Blowing System"
    number: Mapped[int] = mapped_column(Integer, default=0)  # original NO in the decree
    code: Mapped[str] = mapped_column(String(16))  # stable: "V.2.1", "V.2.1b", "I.4"
    komponen: Mapped[str] = mapped_column(Text, default="")
    indikator: Mapped[str] = mapped_column(Text, default="")
    langkah_aksi: Mapped[str] = mapped_column(Text, default="")
    bukti_fisik: Mapped[str] = mapped_column(Text, default="")
    pelaksanaan: Mapped[str] = mapped_column(String(200), default="")  # as written: "Juni dan Desember"
    penanggung_jawab: Mapped[str] = mapped_column(String(200), index=True)  # team
    # Month numbers parsed from `pelaksanaan`, stored as ",6,12," (see months_to_column).
    months: Mapped[str] = mapped_column(String(40), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def month_numbers(self) -> list[int]:
        return [int(m) for m in (self.months or "").split(",") if m]

    @classmethod
    def active_in(cls, month: int):
        """SQL condition: the row is scheduled in `month` (1-12)."""
        return cls.months.like(f"%,{int(month)},%")

    @property
    def area_label(self) -> str:
        return f"{self.area_code}. {self.area_title}"

    def __repr__(self) -> str:
        return f"<ActionPlanItem {self.year} {self.code}>"
