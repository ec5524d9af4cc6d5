"""The demo sampler: about thirty reports across the year in every state, the upg@ and pegawai@ accounts,
and a second run adds nothing."""
from __future__ import annotations

from freezegun import freeze_time
from sqlalchemy import func, select

from portal.accounts import service as accounts
from portal.extensions import db
from portal.gratification import demo
from portal.gratification.models import GratificationReport
from portal.gratification.workflow import STATUSES
from tests.conftest import AuthActions


@freeze_time("2026-12-01 03:00:00")
def test_demo_reports_and_accounts(app):
    with app.app_context():
        line = demo.demo_sample(db.session, "sandi-demo-2026")
        db.session.commit()
        assert line.startswith("Gratifikasi: 30 laporan")
        states = dict(db.session.execute(select(GratificationReport.status, func.count())
                                         .group_by(GratificationReport.status)).all())
        assert set(states) == set(STATUSES) and sum(states.values()) == 30
        assert accounts.find_by_email(db.session, demo.UPG_EMAIL).has_role("upg")
        pegawai = accounts.find_by_email(db.session, demo.PEGAWAI_EMAIL)
        assert pegawai.role_set == {"pegawai"}
        own = db.session.scalar(select(func.count()).select_from(GratificationReport)
                                .where(GratificationReport.reporter_id == pegawai.id))
        assert demo.demo_sample(db.session, "sandi-demo-2026").endswith("contoh tidak ditambahkan")
    client = app.test_client()
    assert AuthActions(client).login(demo.PEGAWAI_EMAIL, "sandi-demo-2026").status_code == 302
    mine = client.get("/admin/gratifikasi/saya?page=1").get_data(as_text=True)
    assert 0 < own and mine.count('data-number="GRT-') == min(own, 20)
    upg = app.test_client()
    assert AuthActions(upg).login(demo.UPG_EMAIL, "sandi-demo-2026").status_code == 302
    assert upg.get("/admin/gratifikasi").get_data(as_text=True).count('data-number="GRT-') == 20
    assert upg.get("/admin/gratifikasi?halaman=2").get_data(as_text=True).count('data-number="GRT-') == 10
    assert upg.get("/admin/").status_code == 200
