"""DUMAS reads the one clock (portal.core.clock): PORTAL_TIMEZONE decides which day "today" is for the
register form's default, a past day of receipt and the year of a complaint's number."""
from __future__ import annotations

from datetime import date

from freezegun import freeze_time
from sqlalchemy import select

from portal.core import clock
from portal.dumas import service as complaints
from portal.dumas.models import Complaint
from portal.extensions import db
from tests.dumas_public_helpers import form_data, load_categories

# 31 December 2026, 16:30 UTC: 23:30 in Jakarta (WIB), already 1 January 2027 01:30 in Jayapura (WIT).
NEW_YEAR_IN_PAPUA = "2026-12-31 16:30:00"


def test_today_is_the_office_zone_day(app_factory):
    app = app_factory(PORTAL_TIMEZONE="Asia/Jayapura")
    with freeze_time(NEW_YEAR_IN_PAPUA), app.app_context():
        assert clock.today() == date(2027, 1, 1)
        assert complaints.today() == date(2027, 1, 1)


def test_number_year_and_received_day_follow_the_office_zone(app_factory, make_user):
    app = app_factory(PORTAL_TIMEZONE="Asia/Jayapura")
    categories = load_categories(app)
    with freeze_time(NEW_YEAR_IN_PAPUA), app.app_context():
        officer = make_user("dumas")
        data = form_data(categories["pelayanan"], channel="hotline", received_date="2026-12-30", consent=None)
        complaint, _code = complaints.register_by_staff(db.session, data, [], app.config,
                                                        actor=db.session.merge(officer))
        first = complaints.submit_complaint(db.session, form_data(categories["pelayanan"]), [], app.config)[0]
        assert first.number.startswith("DUMAS-2027-")
        stored = db.session.scalar(select(Complaint).where(Complaint.id == complaint.id))
        # midday in Jayapura on the day staff gave: 03:00 UTC
        assert clock.local_date(stored.received_at) == date(2026, 12, 30)
        assert stored.received_at.astimezone(clock.zone()).hour == 12
