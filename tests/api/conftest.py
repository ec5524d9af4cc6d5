"""The demo data (`flask demo-data`, as tests/e2e use it) on a fixed day, once per module: the examples in the
OpenAPI document (period 2026-T3, plan year 2026) exist in it."""
from __future__ import annotations

import pytest
from freezegun import freeze_time

from portal.core import defaults, demo
from portal.extensions import db

DEMO_DAY = "2026-12-01 03:00:00"  # the demo then publishes the recaps of November 2026 and Triwulan III 2026


@pytest.fixture
def demo_app(app):
    with app.app_context(), freeze_time(DEMO_DAY):
        defaults.load_all(db.session)
        demo.load(db.session, "demo-portal-2026")
        db.session.commit()
    return app
