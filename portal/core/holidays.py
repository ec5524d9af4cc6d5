"""Libur nasional and cuti bersama (the Holiday table), skipped when counting working days.

Adding or removing a day lets the case feature that owns the deadlines recompute the due dates of open cases
whose deadline lies on or after that day (`on_change`; DUMAS: portal/dumas/staff.py
`recompute_open_deadlines`), so the inbox stays consistent with the calendar. The default list for 2026 is
loaded by `flask --app portal init` and must be checked against the year's SKB before use.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import extract, select
from sqlalchemy.orm import Session

from portal.accounts.models import User
from portal.core import audit
from portal.core.errors import DomainError
from portal.core.models.calendar import Holiday

CUTI_BERSAMA_PREFIX = "Cuti bersama"

# Source: SKB Menteri Agama, Menteri Ketenagakerjaan dan Menteri PANRB Nomor 1497 Tahun 2025, Nomor 2 Tahun
# 2025, Nomor 5 Tahun 2025 tentang Hari Libur Nasional dan Cuti Bersama Tahun 2026 (announced 19 September
# 2025): 17 hari libur nasional and 8 hari cuti bersama. Written from published copies of the decree; CHECK IT
# AGAINST THE SIGNED SKB EVERY YEAR (the government can change dates by a later SKB) and add the next year's
# list on the holidays page (/admin/pengaduan/libur).
HOLIDAYS_SOURCE_2026 = (
    "SKB 3 Menteri (Menag, Menaker, MenPANRB) No. 1497/2025, 2/2025, 5/2025 tentang Hari Libur Nasional "
    "dan Cuti Bersama Tahun 2026"
)
HOLIDAYS_2026: tuple[tuple[date, str], ...] = (
    (date(2026, 1, 1), "Tahun Baru 2026 Masehi"),
    (date(2026, 1, 16), "Isra Mikraj Nabi Muhammad SAW"),
    (date(2026, 2, 16), "Cuti bersama Tahun Baru Imlek 2577 Kongzili"),
    (date(2026, 2, 17), "Tahun Baru Imlek 2577 Kongzili"),
    (date(2026, 3, 18), "Cuti bersama Hari Suci Nyepi (Tahun Baru Saka 1948)"),
    (date(2026, 3, 19), "Hari Suci Nyepi (Tahun Baru Saka 1948)"),
    (date(2026, 3, 20), "Cuti bersama Idulfitri 1447 Hijriah"),
    (date(2026, 3, 21), "Idulfitri 1447 Hijriah"),
    (date(2026, 3, 22), "Idulfitri 1447 Hijriah"),
    (date(2026, 3, 23), "Cuti bersama Idulfitri 1447 Hijriah"),
    (date(2026, 3, 24), "Cuti bersama Idulfitri 1447 Hijriah"),
    (date(2026, 4, 3), "Wafat Yesus Kristus"),
    (date(2026, 4, 5), "Kebangkitan Yesus Kristus (Paskah)"),
    (date(2026, 5, 1), "Hari Buruh Internasional"),
    (date(2026, 5, 14), "Kenaikan Yesus Kristus"),
    (date(2026, 5, 15), "Cuti bersama Kenaikan Yesus Kristus"),
    (date(2026, 5, 27), "Iduladha 1447 Hijriah"),
    (date(2026, 5, 28), "Cuti bersama Iduladha 1447 Hijriah"),
    (date(2026, 5, 31), "Hari Raya Waisak 2570 BE"),
    (date(2026, 6, 1), "Hari Lahir Pancasila"),
    (date(2026, 6, 16), "1 Muharam Tahun Baru Islam 1448 Hijriah"),
    (date(2026, 8, 17), "Proklamasi Kemerdekaan Republik Indonesia"),
    (date(2026, 8, 25), "Maulid Nabi Muhammad SAW"),
    (date(2026, 12, 24), "Cuti bersama Kelahiran Yesus Kristus"),
    (date(2026, 12, 25), "Kelahiran Yesus Kristus"),
)


def is_cuti_bersama(holiday: Holiday) -> bool:
    return holiday.name.lower().startswith(CUTI_BERSAMA_PREFIX.lower())


def years(session: Session) -> list[int]:
    """Years that have holidays, newest first."""
    rows = session.scalars(select(Holiday.day).order_by(Holiday.day))
    return sorted({day.year for day in rows}, reverse=True)


def list_year(session: Session, year: int) -> list[Holiday]:
    query = select(Holiday).where(extract("year", Holiday.day) == year).order_by(Holiday.day)
    return list(session.scalars(query))


# What a case feature does when the calendar changes: fn(session, day) -> how many cases' deadlines moved.
CalendarChange = Callable[[Session, date], int]


def add(session: Session, actor: User, day: date, name: str, on_change: CalendarChange, *,
        cuti_bersama: bool = False) -> Holiday:
    name = " ".join((name or "").split())
    if not name:
        raise DomainError("Nama hari libur wajib diisi.")
    if cuti_bersama and not name.lower().startswith(CUTI_BERSAMA_PREFIX.lower()):
        name = f"{CUTI_BERSAMA_PREFIX} {name}"
    if len(name) > 160:
        raise DomainError("Nama hari libur terlalu panjang (maksimal 160 karakter).")
    if session.get(Holiday, day) is not None:
        raise DomainError("Tanggal tersebut sudah tercatat sebagai hari libur.")
    holiday = Holiday(day=day, name=name)
    session.add(holiday)
    _calendar_changed(session, actor, "holiday.add", day, on_change)
    return holiday


def delete(session: Session, actor: User, day: date, on_change: CalendarChange) -> Holiday:
    holiday = session.get(Holiday, day)
    if holiday is None:
        raise DomainError("Hari libur tidak ditemukan.")
    session.delete(holiday)
    _calendar_changed(session, actor, "holiday.delete", day, on_change)
    return holiday


def _calendar_changed(session: Session, actor: User, action: str, day: date,
                      on_change: CalendarChange) -> None:
    """After a holiday is added or removed: the open deadlines it moves recomputed (by the case feature that
    owns them, `on_change`), the change audited."""
    session.flush()
    changed = on_change(session, day)
    audit.record(session, actor, action, object_type="holidays", object_id=day.isoformat(),
                 recomputed_cases=changed)



def load_default_holidays(session: Session) -> str:
    """Idempotent: adds the 2026 days that are missing, never changes or removes existing rows."""
    added = 0
    for day, name in HOLIDAYS_2026:
        if session.get(Holiday, day) is None:
            session.add(Holiday(day=day, name=name))
            added += 1
    session.flush()
    return f"{added} hari ditambahkan ({HOLIDAYS_SOURCE_2026}; periksa setiap tahun)"
