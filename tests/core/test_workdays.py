"""Working-day arithmetic (portal/core/workdays.py) and the 2026 holiday loader.

Expected dates are counted by hand on the 2026 calendar (comments show the count).
"""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from portal.core import holidays, registry
from portal.core.models.calendar import Holiday
from portal.core.workdays import add_working_days, due_date, local_date, working_days_between
from portal.extensions import db
from portal.features import FEATURES

NO_HOLIDAYS: set[date] = set()
HOLIDAYS_2026 = {day for day, _name in holidays.HOLIDAYS_2026}


def test_weekend_is_skipped():
    friday = date(2026, 7, 10)
    assert add_working_days(friday, 1, NO_HOLIDAYS) == date(2026, 7, 13)  # Monday
    assert add_working_days(friday, 3, NO_HOLIDAYS) == date(2026, 7, 15)
    saturday = date(2026, 7, 11)
    assert add_working_days(saturday, 1, NO_HOLIDAYS) == date(2026, 7, 13)
    assert working_days_between(friday, date(2026, 7, 13), NO_HOLIDAYS) == 1
    assert working_days_between(friday, date(2026, 7, 12), NO_HOLIDAYS) == 0  # the weekend counts nothing


def test_zero_days_and_reverse_span():
    day = date(2026, 7, 8)
    assert add_working_days(day, 0, NO_HOLIDAYS) == day
    assert working_days_between(day, day, NO_HOLIDAYS) == 0
    assert working_days_between(day, date(2026, 7, 1), NO_HOLIDAYS) == 0


def test_national_holiday_is_skipped():
    # Friday 14 Aug 2026 + 1 -> Mon 17 Aug is Proklamasi -> Tue 18 Aug
    assert add_working_days(date(2026, 8, 14), 1, {date(2026, 8, 17)}) == date(2026, 8, 18)
    assert add_working_days(date(2026, 8, 14), 1, NO_HOLIDAYS) == date(2026, 8, 17)
    assert working_days_between(date(2026, 8, 14), date(2026, 8, 18), {date(2026, 8, 17)}) == 1


def test_cuti_bersama_counts_like_a_holiday():
    # Idulfitri 1447 H: Wed 18 (cuti Nyepi), Thu 19 (Nyepi), Fri 20 (cuti), Sat-Sun 21-22 (Idulfitri),
    # Mon 23 and Tue 24 (cuti). From Tue 17 March, 3 working days: Wed 25 (1), Thu 26 (2), Fri 27 (3).
    assert add_working_days(date(2026, 3, 17), 3, HOLIDAYS_2026) == date(2026, 3, 27)
    # Without cuti bersama (national holidays only): Wed 18 (1), Thu 19 Nyepi, Fri 20 (2), Mon 23 (3).
    national_only = {d for d, n in holidays.HOLIDAYS_2026 if not n.startswith("Cuti bersama")}
    assert add_working_days(date(2026, 3, 17), 3, national_only) == date(2026, 3, 23)


def test_sixty_working_days_across_many_holidays():
    # From Fri 2 Jan 2026: January 19 (16 Jan off), February 18 (16-17 Feb off) -> 37; March 2-13 -> 47;
    # 16-20 Mar only Mon-Tue -> 49; 23-27 Mar only Wed-Fri -> 52; 30 Mar-2 Apr -> 56; 3 Apr Good Friday off;
    # 6-9 Apr -> 60. Twelve plain weeks would have ended on Fri 27 March.
    start = date(2026, 1, 2)
    assert add_working_days(start, 60, NO_HOLIDAYS) == date(2026, 3, 27)
    assert add_working_days(start, 60, HOLIDAYS_2026) == date(2026, 4, 9)
    assert working_days_between(start, date(2026, 4, 9), HOLIDAYS_2026) == 60


def test_local_date_is_jakarta():
    assert local_date(datetime(2026, 1, 1, 16, 59, tzinfo=UTC)) == date(2026, 1, 1)
    assert local_date(datetime(2026, 1, 1, 17, 0, tzinfo=UTC)) == date(2026, 1, 2)  # 00.00 WIB


def test_due_date_reads_holidays_from_the_database(app):
    with app.app_context():
        assert due_date(db.session, date(2026, 8, 14), 1) == date(2026, 8, 17)
        db.session.add(Holiday(day=date(2026, 8, 17), name="Proklamasi Kemerdekaan"))
        db.session.flush()
        assert due_date(db.session, date(2026, 8, 14), 1) == date(2026, 8, 18)
        # 60 working days from 2 January, holidays far ahead included (the function looks far enough)
        holidays.load_default_holidays(db.session)
        assert due_date(db.session, date(2026, 1, 2), 60) == date(2026, 4, 9)


def test_default_2026_list_is_sound():
    days = [day for day, _name in holidays.HOLIDAYS_2026]
    assert len(days) == len(set(days)) == 25  # 17 hari libur nasional + 8 hari cuti bersama (SKB 2026)
    cuti = [name for _day, name in holidays.HOLIDAYS_2026 if name.startswith("Cuti bersama")]
    assert len(cuti) == 8
    assert all(day.year == 2026 for day in days)
    assert date(2026, 8, 17) in days and date(2026, 12, 25) in days and date(2026, 3, 21) in days
    assert "SKB" in holidays.HOLIDAYS_SOURCE_2026 and "2026" in holidays.HOLIDAYS_SOURCE_2026


def test_holiday_loader_is_idempotent(app, runner):
    with app.app_context():
        db.session.add(Holiday(day=date(2026, 8, 17), name="Diubah admin"))
        db.session.commit()
        first = holidays.load_default_holidays(db.session)
        db.session.commit()
        second = holidays.load_default_holidays(db.session)
        db.session.commit()
        assert first.startswith("24 hari") and second.startswith("0 hari")
        assert db.session.scalar(select(func.count()).select_from(Holiday)) == 25
        assert db.session.get(Holiday, date(2026, 8, 17)).name == "Diubah admin"  # existing rows are kept


def test_holiday_loader_is_registered_for_init():
    loaders = registry.Registry.from_names(FEATURES).loaders()
    assert "portal.core.holidays:load_default_holidays" in [loader.load for loader in loaders]
    assert any(registry.resolve(loader.load) is holidays.load_default_holidays for loader in loaders)


@pytest.mark.parametrize(("day", "weekday"),
                         [(date(2026, 3, 21), 5), (date(2026, 1, 1), 3), (date(2026, 12, 24), 3)])
def test_listed_weekdays(day, weekday):
    assert day.weekday() == weekday  # Sat 21 Mar (Idulfitri), Thu 1 Jan, Thu 24 Dec (cuti bersama)
