"""The SKM panel of the staff dashboard (/admin/): follow-up plans overdue, due soon and open, responses since
the previous log-in and the running triwulan's IKM so far, each figure a link to the survey admin page."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from freezegun import freeze_time

from portal.extensions import db
from portal.standards.models import Service
from portal.survey import service as survey
from portal.survey.dashboard import realisation_due
from portal.survey.models import SurveyFollowUp
from tests.dashboard_helpers import has_link, page_text, panel_section
from tests.survey.test_skm import HAND, answers, make_service

NOW = "2026-12-01 04:00:00"  # Tuesday 1 December 2026, 11.00 WIB: triwulan IV


def _panel(response, name="skm") -> str:
    return panel_section(page_text(response), name)


_link = has_link


def _plan(period_key: str, progress: str = "") -> SurveyFollowUp:
    return SurveyFollowUp(period_key=period_key, unsur="waktu", action="Percepat layanan", progress=progress)


def _seed_plans(app):
    """Two overdue (2026-S1 and 2026-T2: realised in triwulan III, which has ended), one due soon (2026-T3:
    realised in the running triwulan IV), one open not yet due (2026-T4), one realised (not counted)."""
    with app.app_context():
        db.session.add_all([_plan("2026-T2"), _plan("2026-S1"), _plan("2026-T3"), _plan("2026-T4"),
                            _plan("2026-T3", progress="Sudah dilaksanakan Oktober.")])
        db.session.commit()


def test_realisation_falls_in_the_triwulan_after_the_period():
    assert realisation_due(survey.period_from_key("2026-T3")).key == "2026-T4"
    assert realisation_due(survey.period_from_key("2026-S1")).key == "2026-T3"
    assert realisation_due(survey.period_from_key("2026-T4")).key == "2027-T1"
    assert realisation_due(survey.period_from_key("2025")).key == "2026-T1"


def test_follow_up_figures_link_to_the_plans_of_their_period(app, client, login_as):
    with freeze_time(NOW):
        _seed_plans(app)
        login_as("editor")
        panel = _panel(client.get("/admin/"))
    assert _link(panel, "/admin/survei/hasil?periode=2026-S1#tindak-lanjut", "Tindak lanjut terlambat: 2")
    assert _link(panel, "/admin/survei/hasil?periode=2026-T3#tindak-lanjut",
                 "Tindak lanjut segera jatuh tempo: 1")
    assert _link(panel, "/admin/survei/hasil?periode=2026-S1#tindak-lanjut",
                 "Tindak lanjut belum terealisasi: 4")
    # each overdue period listed with its own link and count
    assert _link(panel, "/admin/survei/hasil?periode=2026-T2#tindak-lanjut", "Triwulan II 2026")
    assert "1 rencana belum terealisasi" in panel


def test_no_plans_shows_zero_figures_linking_to_the_current_results(app, client, login_as):
    with freeze_time(NOW):
        login_as("pimpinan")
        panel = _panel(client.get("/admin/"))
    assert _link(panel, "/admin/survei/hasil#tindak-lanjut", "Tindak lanjut terlambat: 0")
    assert _link(panel, "/admin/survei/hasil#tindak-lanjut", "Tindak lanjut belum terealisasi: 0")


def test_responses_since_the_previous_log_in_and_ikm_so_far(app, client, auth, make_user):
    sid = make_service(app)
    user = make_user("pimpinan")
    with freeze_time("2026-11-30 02:00:00"):
        auth.login(user.email)
        auth.logout()
    with app.app_context():
        config = survey.config_for(db.session, db.session.get(Service, sid))
        for row, moment in zip(HAND, [datetime(2026, 11, 30, 1, tzinfo=UTC),  # before that log-in
                                      datetime(2026, 11, 30, 8, tzinfo=UTC),
                                      datetime(2026, 12, 1, 1, tzinfo=UTC),
                                      datetime(2026, 12, 1, 2, tzinfo=UTC)]):
            survey.submit_response(db.session, config, answers(row, service_date="2026-11-29"), now=moment)
        db.session.commit()
    with freeze_time(NOW):
        auth.login(user.email)
        panel = _panel(client.get("/admin/"))
    assert _link(panel, "/admin/survei", "Jawaban baru sejak log-in terakhir: 3")
    assert "Triwulan IV 2026" in panel
    assert "Responden: 4" in panel and "IKM konversi: 81,94" in panel


@pytest.mark.parametrize("roles, sees", [(("admin",), True), (("editor",), True), (("pimpinan",), True),
                                         (("dumas",), False), (("wbs",), False)])
def test_who_sees_the_skm_panel(app, client, login_as, roles, sees):
    with freeze_time(NOW):
        _seed_plans(app)
        login_as(*roles)
        page = client.get("/admin/").get_data(as_text=True)
    assert ('data-panel="skm"' in page) is sees
    assert ("Tindak lanjut terlambat" in page) is sees

