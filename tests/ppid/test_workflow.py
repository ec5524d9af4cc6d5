"""The request workflow and its clock (portal/ppid/workflow.py), request-free: deadlines in working days over
the holiday table, days to answer and "on time" across holidays, the extension rule, what a decision keeps,
the recount after a calendar change."""
from __future__ import annotations

from datetime import date

import pytest
from freezegun import freeze_time

from portal.accounts.models import User
from portal.core.errors import DomainError
from portal.extensions import db
from portal.ppid import handling, workflow
from portal.ppid.models import InfoRequest
from tests.ppid.test_ppid import add_exemption
from tests.ppid.test_requests_admin import add_holidays, make_request

DEADLINES = workflow.Deadlines()


def _load(number: str) -> InfoRequest:
    from sqlalchemy import select

    return db.session.scalar(select(InfoRequest).where(InfoRequest.number == number))


@pytest.fixture
def officer(make_user):
    return make_user("ppid")


def test_the_deadlines_come_from_the_settings(app):
    deadlines = workflow.Deadlines.from_config(app.config)
    assert (deadlines.notice, deadlines.extension, deadlines.objection_filing, deadlines.objection_answer,
            deadlines.dispute) == (10, 7, 30, 30, 14)


def test_an_answer_on_the_deadline_across_a_holiday_is_on_time(app, officer):
    add_holidays(app, date(2026, 11, 16))  # Monday
    with freeze_time("2026-11-13 03:00:00"):  # Friday
        number = make_request(app)
    with app.app_context():
        item = _load(number)
        # 16 off: 17, 18, 19, 20, 23, 24, 25, 26, 27, 30
        assert item.notice_due == date(2026, 11, 30)
        with freeze_time("2026-11-30 08:00:00"):  # 15.00 WIB on the deadline
            workflow.transition(db.session, item, "dikabulkan", db.session.get(User, officer.id), DEADLINES,
                                delivery_note="Diunduh.")
        assert (item.days_to_answer, item.answered_on_time) == (10, True)
        assert item.closed_at is not None


def test_an_answer_a_day_late_is_counted_late_in_working_days(app, officer):
    add_holidays(app, date(2026, 11, 16))
    with freeze_time("2026-11-13 03:00:00"):
        number = make_request(app)
    with app.app_context():
        item = _load(number)
        with freeze_time("2026-12-01 03:00:00"):
            workflow.transition(db.session, item, "tidak_dikuasai", db.session.get(User, officer.id),
                                DEADLINES, reason="Dikuasai KPU Provinsi.", holding_body="KPU Provinsi")
        assert (item.days_to_answer, item.answered_on_time) == (11, False)
        assert item.holding_body == "KPU Provinsi"


def test_the_office_day_decides_not_the_utc_day(app, officer):
    with freeze_time("2026-11-13 03:00:00"):
        number = make_request(app)
    with app.app_context():
        item = _load(number)
        assert item.notice_due == date(2026, 11, 27)
        # 27 Nov 23.30 UTC is already Saturday 28 Nov at the office (WIB): late
        with freeze_time("2026-11-27 17:30:00"):
            workflow.transition(db.session, item, "dikabulkan", db.session.get(User, officer.id), DEADLINES,
                                delivery_note="Diunduh.")
        assert item.answered_on_time is False


def test_an_extended_request_is_on_time_until_the_extended_deadline(app, officer):
    add_holidays(app, date(2026, 12, 24), date(2026, 12, 25))
    with freeze_time("2026-12-07 03:00:00"):  # Monday
        number = make_request(app)
    with app.app_context():
        item = _load(number)
        actor = db.session.get(User, officer.id)
        assert item.notice_due == date(2026, 12, 21)
        with freeze_time("2026-12-21 03:00:00"):  # the last day: still allowed
            handling.extend(db.session, item, actor, DEADLINES, reason="Perlu uji konsekuensi.")
        # 7 after 21 Dec: 22, 23, (24, 25 off) 28, 29, 30, 31 and Friday 1 Jan (no holiday row for it here)
        assert item.extended_due == date(2027, 1, 1)
        assert workflow.CLOCK.due_of(item) == item.extended_due
        with freeze_time("2026-12-30 03:00:00"):
            workflow.transition(db.session, item, "dikabulkan", actor, DEADLINES, delivery_note="Diunduh.")
        assert item.answered_on_time is True
        assert item.days_to_answer == 15  # 8-11, 14-18, 21-23, 28-30 Dec


def test_no_extension_after_the_first_deadline_nor_twice(app, officer):
    with freeze_time("2026-11-02 03:00:00"):
        late, twice = make_request(app), make_request(app)
    with app.app_context():
        actor = db.session.get(User, officer.id)
        # the first deadline was 16 Nov
        with freeze_time("2026-11-17 03:00:00"), pytest.raises(DomainError, match="sebelum tenggat pertama"):
            handling.extend(db.session, _load(late), actor, DEADLINES, reason="Arsip.")
        assert _load(late).status == "diterima"
        with freeze_time("2026-11-10 03:00:00"):
            handling.extend(db.session, _load(twice), actor, DEADLINES, reason="Arsip.")
            with pytest.raises(DomainError, match="tidak diizinkan"):
                handling.extend(db.session, _load(twice), actor, DEADLINES, reason="Lagi.")


def test_a_grant_keeps_only_what_applies_to_it(app, officer):
    exemption_id = add_exemption(app)
    number = make_request(app)
    with app.app_context():
        item = _load(number)
        workflow.transition(db.session, item, "dikabulkan", db.session.get(User, officer.id), DEADLINES,
                            exemption_id=exemption_id, redaction_note="tidak berlaku", holding_body="x",
                            delivery_note="Dikirim melalui e-mail.", cost=0, payment_note="Transfer")
        assert (item.exemption_id, item.redaction_note, item.holding_body, item.payment_note) == (
            None, "", "", "")
        assert item.delivery_note == "Dikirim melalui e-mail."


@pytest.mark.parametrize("cost", [-1, True, "5000", workflow.MAX_COST + 1])
def test_an_impossible_cost_is_refused(app, officer, cost):
    number = make_request(app)
    with app.app_context():
        item = _load(number)
        with pytest.raises(DomainError, match="Biaya"):
            workflow.transition(db.session, item, "dikabulkan", db.session.get(User, officer.id), DEADLINES,
                                delivery_note="Diunduh.", cost=cost)
        assert item.status == "diterima"


def test_a_calendar_change_recounts_open_requests_only(app, officer):
    with freeze_time("2026-11-02 03:00:00"):  # Monday
        open_one, extended, closed = make_request(app), make_request(app), make_request(app)
    with app.app_context():
        actor = db.session.get(User, officer.id)
        with freeze_time("2026-11-03 03:00:00"):
            handling.extend(db.session, _load(extended), actor, DEADLINES, reason="Arsip.")
            workflow.transition(db.session, _load(closed), "dikabulkan", actor, DEADLINES, delivery_note="x")
        db.session.commit()
        assert _load(open_one).notice_due == date(2026, 11, 16)
        assert _load(extended).extended_due == date(2026, 11, 25)
        db.session.commit()
        add_holidays(app, date(2026, 11, 10))
        changed = workflow.on_calendar_change(DEADLINES)(db.session, date(2026, 11, 10))
        assert changed == 2
        assert _load(open_one).notice_due == date(2026, 11, 17)
        assert _load(extended).extended_due == date(2026, 11, 26)  # the extension keeps its 7 days
        assert _load(closed).notice_due == date(2026, 11, 16)
