"""The staff dashboard (/admin/) opens with what each role must act on today: overdue, due soon and new,
each figure a link to the filtered list; "Akun Anda" comes after the panels. The WBS team sees WBS counts
(never anything identifying); panels come from the registry in their declared order."""
from __future__ import annotations

import re
from datetime import date

from freezegun import freeze_time
from sqlalchemy import func, select

from portal.core.models.audit import AuditLog
from portal.extensions import db
from portal.wbs import get_cipher
from portal.wbs import service as wbs_service
from tests.dashboard_helpers import has_link, page_text, panel_section
from tests.dumas_factories import make_complaint, wib

_text, _panel, _link = page_text, panel_section, has_link


def _seed_dumas(app):
    """Tue 1 Dec 2026: one overdue (received 2 Nov), one due soon (received 30 Nov), one received today."""
    with app.app_context():
        late = make_complaint(db.session, received_at=wib(date(2026, 11, 2))).number
        soon = make_complaint(db.session, received_at=wib(date(2026, 11, 30))).number
        new = make_complaint(db.session, received_at=wib(date(2026, 12, 1), hour=9)).number
        db.session.commit()
    return late, soon, new


def test_dumas_officer_sees_overdue_due_soon_and_new_first_with_links(app, client, login_as):
    with freeze_time("2026-12-01 04:00:00"):  # 11.00 WIB
        _seed_dumas(app)
        login_as("dumas")
        page = _text(client.get("/admin/"))
    panel = _panel(page, "dumas")
    assert _link(panel, "/admin/pengaduan?tenggat=terlambat", "Terlambat: 1")
    assert _link(panel, "/admin/pengaduan?tenggat=segera", "Segera jatuh tempo: 1")
    # first log-in: "new" counts from the start of today (the complaint received at 09.00 WIB)
    assert _link(panel, "/admin/pengaduan?status=diterima", "Baru sejak log-in terakhir: 1")
    assert "Aduan terbuka: 3" in panel
    # the panels come before "Akun Anda", which is an aside
    assert page.index('data-panel="dumas"') < page.index('id="akun-anda"')
    assert re.search(r'<aside[^>]*aria-labelledby="akun-anda"', page)


def test_new_counts_since_the_previous_log_in(app, client, auth, make_user):
    user = make_user("dumas")
    with freeze_time("2026-11-30 02:00:00"):
        auth.login(user.email)
        auth.logout()
    with app.app_context():
        make_complaint(db.session, received_at=wib(date(2026, 11, 30), hour=8))  # before that log-in
        make_complaint(db.session, received_at=wib(date(2026, 11, 30), hour=15))  # after it
        make_complaint(db.session, received_at=wib(date(2026, 12, 1), hour=8))  # after it
        db.session.commit()
    with freeze_time("2026-12-01 04:00:00"):
        auth.login(user.email)
        panel = _panel(_text(client.get("/admin/")), "dumas")
    assert "Baru sejak log-in terakhir: 2" in panel


def _seed_wbs(app):
    with app.app_context():
        cipher = get_cipher()
        for day in (date(2026, 11, 2), date(2026, 11, 26), date(2026, 12, 1)):
            wbs_service.submit_report(db.session, cipher, category="gratifikasi",
                                      what=f"Rahasia pelapor {day}", today=day)
        db.session.commit()


def test_wbs_team_sees_wbs_counts_only(app, client, login_as):
    with freeze_time("2026-12-01 04:00:00"):
        _seed_wbs(app)
        login_as("wbs")
        before = _audit_count(app)
        page = _text(client.get("/admin/"))
        assert _audit_count(app) == before  # counts are not a read of any report
    panel = _panel(page, "wbs")
    assert _link(panel, "/admin/wbs?tenggat=terlambat", "Terlambat: 1")
    assert _link(panel, "/admin/wbs?tenggat=segera", "Segera jatuh tempo: 1")
    assert _link(panel, "/admin/wbs?baru=1", "Ada pesan baru: 3")
    assert "Laporan terbuka: 3" in panel
    assert _link(panel, "/admin/wbs?status=diterima", "3")
    # nothing identifying: no number, no category, no text, no day of a single report
    assert "WBS-2026" not in panel and "Gratifikasi" not in panel and "Rahasia" not in panel
    assert "2026" not in panel
    assert 'data-panel="dumas"' not in page


def _audit_count(app) -> int:
    with app.app_context():
        query = select(func.count()).select_from(AuditLog).where(AuditLog.action.startswith("wbs."))
        return db.session.scalar(query)


def test_other_roles_do_not_see_the_wbs_panel(app, client, login_as):
    _seed_wbs(app)
    login_as("dumas", "pimpinan", "editor")
    page = _text(client.get("/admin/"))
    assert 'data-panel="wbs"' not in page and 'data-panel="dumas"' in page


def test_dumas_panel_comes_before_the_others(app, client, login_as):
    login_as("dumas", "pimpinan")
    page = _text(client.get("/admin/"))
    assert page.index('id="panel-dumas"') < page.index('id="panel-skm"')


def test_english_dashboard(app, client, login_as):
    with freeze_time("2026-12-01 04:00:00"):
        _seed_dumas(app)
        login_as("dumas")
        page = _text(client.get("/admin/?lang=en"))
    assert "Overdue: 1" in page and "Due soon: 1" in page
