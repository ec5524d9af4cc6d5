"""WBS deadlines: verification due N working days after the day a report is received,
resolution due N working days after the team verifies it; overdue and nearly-due reports stand out in the
inbox (row class and a text badge) and can be filtered; closed reports are never overdue."""
from __future__ import annotations

import re
from datetime import date

from freezegun import freeze_time
from sqlalchemy import select

from portal.accounts.models import User
from portal.core.models.calendar import Holiday
from portal.extensions import db
from portal.wbs import get_cipher, service
from portal.wbs.models import WbsReport
from tests.wbs_helpers import submit

# 2026-08-17 (Monday) is Proklamasi Kemerdekaan; 2026-08-13 is a Thursday. Times are UTC (10:00 WIB).
INDEPENDENCE_DAY = date(2026, 8, 17)


def _add_holiday(app, day=INDEPENDENCE_DAY, name="Proklamasi Kemerdekaan"):
    with app.app_context():
        db.session.merge(Holiday(day=day, name=name))
        db.session.commit()


def _submit_on(client, app, moment: str, **overrides) -> int:
    with freeze_time(moment):
        response, receipt = submit(client, **overrides)
    assert response.status_code == 200 and receipt, response.get_data(as_text=True)[:300]
    with app.app_context():
        return db.session.scalar(select(WbsReport.id).order_by(WbsReport.id.desc()))


def _report(app, rid) -> WbsReport:
    with app.app_context():
        report = db.session.get(WbsReport, rid)
        db.session.expunge(report)
        return report


def _row(html: str, number: str) -> str:
    pattern = r'<tr class="([^"]*)" data-number="' + re.escape(number) + r'">(.*?)</tr>'
    match = re.search(pattern, html, re.DOTALL)
    assert match, number
    return match.group(0)


def test_default_deadline_settings(app):
    assert app.config["WBS_VERIFY_DAYS"] == 3
    assert app.config["WBS_RESOLVE_DAYS"] == 60
    assert app.config["WBS_NEARLY_DUE_DAYS"] == 2


def test_due_dates_at_intake_and_at_verification_skip_the_holiday(app, client, login_as):
    _add_holiday(app)
    app.config["WBS_RESOLVE_DAYS"] = 3  # small enough to count by hand

    rid = _submit_on(client, app, "2026-08-13 03:00:00")  # Thursday
    report = _report(app, rid)
    assert report.received_on == date(2026, 8, 13)  # still only the day
    # Fri 14 (1), weekend, Mon 17 holiday, Tue 18 (2), Wed 19 (3)
    assert report.verify_due == date(2026, 8, 19)
    assert report.resolve_due is None  # starts only when the team verifies

    with freeze_time("2026-08-14 03:00:00"):  # Friday: the team verifies
        me = login_as("wbs")
        response = client.post(f"/admin/wbs/{rid}/status", data={"to_status": "diverifikasi",
                                                                   "assigned_to": str(me.id)})
        assert response.status_code == 302
        report = _report(app, rid)
        # from the verification day: weekend, Mon 17 holiday, Tue 18, Wed 19, Thu 20
        assert report.resolve_due == date(2026, 8, 20)
        assert report.verify_due == date(2026, 8, 19)  # unchanged
        html = client.get(f"/admin/wbs/{rid}").get_data(as_text=True)
    section = html[html.index('id="case-deadlines"'):]
    section = section[:section.index("</section>")]
    assert "19 Agustus 2026" in section and "20 Agustus 2026" in section
    assert "3 hari kerja lagi" in section  # Fri 14 -> Thu 20: Tue 18, Wed 19, Thu 20 (Mon 17 skipped)


def test_resolution_deadline_uses_the_configured_default(app, client, login_as):
    rid = _submit_on(client, app, "2026-03-02 03:00:00")  # Monday, no holidays in the table
    with freeze_time("2026-03-02 03:00:00"):
        me = login_as("wbs")
        assert client.post(f"/admin/wbs/{rid}/status", data={"to_status": "diverifikasi",
                                                              "assigned_to": str(me.id)}).status_code == 302
    # 60 working days = 12 full weeks from Monday 2 March
    assert _report(app, rid).resolve_due == date(2026, 5, 25)


def test_inbox_marks_and_filters_overdue_and_nearly_due_reports(app, client, login_as, make_user):
    _add_holiday(app)
    overdue_id = _submit_on(client, app, "2026-08-03 03:00:00")  # verify due Thu 6 Aug, never verified
    nearly_id = _submit_on(client, app, "2026-08-13 03:00:00", category="benturan_kepentingan")  # due Wed 19
    closed_id = _submit_on(client, app, "2026-08-03 03:00:00")  # closed: never overdue
    calm_id = _submit_on(client, app, "2026-08-03 03:00:00")  # verified at once: 60 working days to go
    legacy_id = _submit_on(client, app, "2026-08-03 03:00:00")  # a row from before deadlines existed
    with freeze_time("2026-08-04 03:00:00"), app.app_context():
        staff = db.session.get(User, make_user("wbs").id)
        cipher = get_cipher()
        closed = db.session.get(WbsReport, closed_id)
        service.transition(db.session, cipher, closed, staff, "ditolak", outcome="Bukan kewenangan kami.")
        calm = db.session.get(WbsReport, calm_id)
        service.transition(db.session, cipher, calm, staff, "diverifikasi", assigned_to=staff)
        db.session.get(WbsReport, legacy_id).verify_due = None
        db.session.commit()
        numbers = {rid: db.session.get(WbsReport, rid).number
                   for rid in (overdue_id, nearly_id, closed_id, calm_id, legacy_id)}

    with freeze_time("2026-08-18 03:00:00"):  # Tuesday; nearly due = up to Thu 20
        login_as("wbs")
        html = client.get("/admin/wbs?status=semua").get_data(as_text=True)
        overdue_only = client.get("/admin/wbs?status=semua&tenggat=terlambat").get_data(as_text=True)
        nearly_only = client.get("/admin/wbs?tenggat=segera").get_data(as_text=True)
        case_html = client.get(f"/admin/wbs/{overdue_id}").get_data(as_text=True)

    row = _row(html, numbers[overdue_id])
    assert row.startswith('<tr class="overdue"') and "Terlambat" in row and "6 Agustus 2026" in row
    row = _row(html, numbers[nearly_id])
    assert row.startswith('<tr class="nearly-due"') and "Segera jatuh tempo" in row and "Terlambat" not in row
    for rid in (closed_id, calm_id, legacy_id):
        row = _row(html, numbers[rid])
        assert row.startswith('<tr class=""'), row
        assert "Terlambat" not in row and "Segera jatuh tempo" not in row

    assert numbers[overdue_id] in overdue_only
    for rid in (nearly_id, closed_id, calm_id, legacy_id):
        assert numbers[rid] not in overdue_only
    assert numbers[nearly_id] in nearly_only
    for rid in (overdue_id, closed_id, calm_id, legacy_id):
        assert numbers[rid] not in nearly_only

    assert 'id="case-due-state"' in case_html and "Terlambat" in case_html
    assert "lewat 7 hari kerja" in case_html  # Fri 7, 10-14 (5), Tue 18; Mon 17 is a holiday


def test_closed_report_past_its_deadline_is_never_overdue(app, client, login_as, make_user):
    rid = _submit_on(client, app, "2026-08-03 03:00:00")
    with freeze_time("2026-08-20 03:00:00"), app.app_context():  # already late when closed
        staff = db.session.get(User, make_user("wbs").id)
        report = db.session.get(WbsReport, rid)
        service.transition(db.session, get_cipher(), report, staff, "ditolak", outcome="Tidak cukup bukti.")
        db.session.commit()
        number = report.number
    with freeze_time("2026-09-30 03:00:00"):
        login_as("wbs")
        html = client.get("/admin/wbs?status=semua").get_data(as_text=True)
        filtered = client.get("/admin/wbs?status=semua&tenggat=terlambat").get_data(as_text=True)
        case_html = client.get(f"/admin/wbs/{rid}").get_data(as_text=True)
    row = _row(html, number)
    assert row.startswith('<tr class=""') and "Terlambat" not in row and "ditutup" in row
    assert number not in filtered
    assert "Terlambat" not in case_html
