"""`flask --app portal demo-data` for DUMAS: a lively, consistent inbox and a published recap."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from portal.core import defaults, demo
from portal.core.workdays import local_date
from portal.dumas import demo as dumas_demo
from portal.dumas import queries as complaint_queries
from portal.dumas.models import CLOSED_STATUSES, STATUSES, Complaint, ComplaintFollowUp
from portal.extensions import db
from portal.recap.models import RecapSnapshot

DEMO_PASSWORD = "demo-uji-2026!"


def _load(app) -> str:
    with app.app_context():
        defaults.load_all(db.session)
        lines = demo.load(db.session, DEMO_PASSWORD)
        db.session.commit()
    [line] = [line for line in lines if line.startswith("DUMAS:")]
    return line


def test_demo_fills_the_inbox_with_every_status_and_overdue_cases(app):
    line = _load(app)
    with app.app_context():
        cases = db.session.scalars(select(Complaint).order_by(Complaint.seq)).all()
        assert len(cases) == dumas_demo.COUNT
        statuses = {c.status for c in cases}
        assert statuses == set(STATUSES), statuses
        assert {c.channel for c in cases} >= {"website", "hotline", "whatsapp", "email", "lapor"}
        assert len({c.category_id for c in cases if c.category_id}) >= 6
        assert all(c.external_id for c in cases if c.channel == "lapor")
        # numbers follow the order of arrival, within the last six months
        received = [c.received_at for c in cases]
        assert received == sorted(received)
        today = complaint_queries.today()
        assert all(0 <= (today - local_date(moment)).days <= dumas_demo.DAYS_BACK + 1 for moment in received)
        # closed cases carry their figures; open ones don't
        for c in cases:
            if c.status in CLOSED_STATUSES:
                assert c.closed_at is not None and c.days_to_close is not None
                assert c.closed_on_time is not None
                assert c.closed_at >= c.received_at
            else:
                assert c.closed_at is None
            if c.status == "selesai":
                assert c.final_answer and c.verified_at is not None and c.assigned_to_id is not None
            # the history is in time order and ends in the current status
            times = [f.at for f in c.followups]
            assert times == sorted(times), c.number
            assert c.followups[-1].to_status == c.status
        assert any(c.closed_on_time is False for c in cases), "some cases closed late"
        window = complaint_queries.DueWindow.build(db.session, app.config["DUMAS_NEARLY_DUE_DAYS"])
        overdue = [c for c in cases if window.state(c) == "overdue"]
        assert len(overdue) >= 2
        reporter_notes = db.session.scalar(select(func.count()).select_from(ComplaintFollowUp).where(
            ComplaintFollowUp.actor_id.is_(None), ComplaintFollowUp.from_status != ""))
        assert reporter_notes >= 1
        snapshots = db.session.scalars(select(RecapSnapshot.period_type)  # the DUMAS recaps (WBS: its own)
                                       .where(RecapSnapshot.kind == "dumas")).all()
        assert sorted(snapshots) == ["bulan", "triwulan"]
    assert re.search(r"60 aduan contoh", line) and "diterbitkan" in line


def test_demo_cases_work_on_the_site(app, client, login_as):
    line = _load(app)
    number, code = re.search(r"(DUMAS-\d{4}-\d{5}) dan kode akses ([A-Z0-9]{4}-[A-Z0-9]{4})", line).groups()
    # the reporter's number and access code from the summary open the tracking page
    page = client.post("/pengaduan/lacak", data={"number": number, "code": code}).get_data(as_text=True)
    assert f"Pengaduan {number}" in page and "Riwayat tindak lanjut" in page
    # the public recap lists the published periods
    rekap = client.get("/rekap").get_data(as_text=True)
    assert "Triwulan" in rekap
    # the officer's inbox shows overdue cases
    login_as("dumas")
    inbox = client.get("/admin/pengaduan?due=overdue")
    assert inbox.status_code == 200 and "Terlambat" in inbox.get_data(as_text=True)


def test_demo_is_not_added_twice(app):
    _load(app)
    with app.app_context():
        assert dumas_demo.demo_sample(db.session).startswith("DUMAS: sudah ada aduan")
        assert db.session.scalar(select(func.count()).select_from(Complaint)) == dumas_demo.COUNT
