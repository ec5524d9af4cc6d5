"""The demo data (portal/risks/demo.py): fifteen risks of this year with Kartu Kendali rows for the
quarters already over, a Daftar Uji with every statement answered, the account risiko@demo.example; run
twice, it adds nothing."""
from __future__ import annotations

from freezegun import freeze_time
from sqlalchemy import func, select

from portal.accounts import service as accounts
from portal.extensions import db
from portal.risks import demo
from portal.risks.models import Risk, RiskChecklistItem, RiskControlCard


def test_demo_sample_is_complete_and_idempotent(app):
    with freeze_time("2026-12-01 03:00:00"), app.app_context():
        line = demo.demo_sample(db.session, "demo-portal-2026")
        db.session.commit()
        assert line.startswith("Risiko SPIP: 15 risiko 2026")
        assert db.session.scalar(select(func.count()).select_from(Risk)) == 15
        quarters = set(db.session.scalars(select(RiskControlCard.quarter).distinct()))
        assert quarters == {1, 2, 3}
        assert db.session.scalar(select(func.count()).select_from(RiskChecklistItem)
                                 .where(RiskChecklistItem.answer.is_(None))) == 0
        user = accounts.find_by_email(db.session, "risiko@demo.example")
        assert user is not None and user.role_set == {"risiko"}
        assert "sudah ada" in demo.demo_sample(db.session, "demo-portal-2026")
        assert db.session.scalar(select(func.count()).select_from(Risk)) == 15
