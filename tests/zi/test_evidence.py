"""Automatic evidence: what the portal publishes links itself to the action-plan rows (no second upload).

Each provider is exercised by publishing the artefact (through its own service where that is simple,
directly in the database for SKM results) and reading the row page, the dashboard and the public page.
"""
from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from portal.accounts.models import User
from portal.core import periods
from portal.extensions import db
from portal.recap import service as recaps
from portal.standards import service as standards
from portal.survey.models import SurveyPublication
from portal.wbs import service as wbs_service
from portal.zi import evidence as zi_evidence
from tests.zi_helpers import evidence, item_id, load_plan, text


@pytest.fixture
def plan(app):
    load_plan(app)
    return app


class Reader:
    """A pimpinan account reading the monitoring; logs in again under each frozen clock (a session cookie
    signed "in the future" is refused)."""

    def __init__(self, client, auth, user):
        self.client, self.auth, self.user = client, auth, user

    def get(self, url: str):
        self.auth.logout()
        assert self.auth.login(self.user.email).status_code == 302
        return self.client.get(url)


@pytest.fixture
def reader(plan, client, auth, make_user):
    return Reader(client, auth, make_user("pimpinan"))


def card(reader: Reader, app, code: str, key: str) -> str:
    page = text(reader.get(f"/admin/zi/kegiatan/{item_id(app, code)}"))
    return re.search(rf'<section[^>]*id="periode-{key}"(.*?)</section>', page, re.DOTALL).group(0)


def publisher(app) -> int:
    """The id of a staff account that publishes recaps."""
    from portal.accounts import service as accounts

    with app.app_context():
        user = accounts.create_user(db.session, "penerbit@uji.example", "rahasia-uji-123", ["dumas", "wbs"])
        db.session.commit()
        return user.id


def test_registry_lists_the_four_providers_and_their_rows():
    names = {p.name: p for p in zi_evidence.PROVIDERS}
    assert {"dumas", "wbs", "skm", "standar"} <= set(names)

    class Row:
        def __init__(self, code):
            self.code = code

    served = {name: [c for c in ("V.5.1", "V.5.2", "V.5.2b", "V.5.2c", "V.5.3", "V.5.4", "V.2.1", "V.2.1b",
                                 "V.2.1c", "V.2.1d", "VI.1", "VI.1b", "VI.1c", "VI.3") if p.serves(Row(c))]
              for name, p in names.items() if name in ("dumas", "wbs", "skm", "standar")}
    assert served == {"dumas": ["V.5.2", "V.5.2b", "V.5.2c", "V.5.4"], "wbs": ["V.2.1b", "V.2.1c", "V.2.1d"],
                      "skm": ["VI.3"], "standar": ["VI.1", "VI.1c"]}


def test_published_dumas_recap_counts_for_the_v5_recap_rows(plan, reader):
    app = plan
    assert "Rekap pengaduan" not in card(reader, app, "V.5.2", "2026-S1")
    actor = publisher(app)
    with freeze_time("2026-07-03 02:00:00"), app.app_context():
        recaps.publish(db.session, periods.semester_period(2026, 1), db.session.get(User, actor))
        db.session.commit()
    with freeze_time("2026-07-05 02:00:00"):
        s1 = card(reader, app, "V.5.2", "2026-S1")
        assert 'data-review="accepted"' in s1 and 'data-timeliness="on_time"' in s1
        assert 'href="/rekap/2026-S1"' in s1 and "Rekap pengaduan masyarakat Semester 1 2026" in s1
        assert 'data-review="none"' in card(reader, app, "V.5.2", "2026-S2")
        assert 'href="/rekap/2026-S1"' in card(reader, app, "V.5.4", "2026-S1")
        # V.5.2b/c are due in December: a first-semester recap does not cover them; V.5.3 is a meeting
        assert "Rekap pengaduan" not in card(reader, app, "V.5.2b", "2026-12")
        assert "Rekap pengaduan" not in card(reader, app, "V.5.3", "2026-12")
        page = text(reader.get(f"/admin/zi/kegiatan/{item_id(app, 'V.5.2')}"))
        assert "Rekap DUMAS yang diterbitkan" in page and "tidak perlu diunggah" in page
    with freeze_time("2027-01-05 02:00:00"), app.app_context():
        recaps.publish(db.session, periods.year_period(2026), db.session.get(User, actor))
        db.session.commit()
    with freeze_time("2027-01-06 02:00:00"):
        december = card(reader, app, "V.5.2c", "2026-12")
        assert 'href="/rekap/2026"' in december and 'data-review="accepted"' in december
        assert 'href="/rekap/2026"' in card(reader, app, "V.5.2b", "2026-12")
        # the annual recap also covers the first semester: both links are listed
        s1 = card(reader, app, "V.5.2", "2026-S1")
        assert 'href="/rekap/2026-S1"' in s1 and 'href="/rekap/2026"' in s1
    assert evidence(app) == []  # nobody uploaded anything


def test_published_wbs_quarter_counts_for_the_v2_quarterly_rows(plan, reader):
    app = plan
    actor = publisher(app)
    with app.app_context():
        wbs_service.publish_quarter(db.session, db.session.get(User, actor), 2026, 1)
        db.session.commit()
    for code in ("V.2.1b", "V.2.1c", "V.2.1d"):
        t1 = card(reader, app, code, "2026-T1")
        assert 'data-review="accepted"' in t1 and 'href="/wbs/rekap"' in t1
        assert "Rekap WBS Triwulan I 2026" in t1
        assert "Rekap WBS" not in card(reader, app, code, "2026-T2")
    assert "Rekap WBS" not in card(reader, app, "V.2.1", "2026-S1")  # sosialisasi: uploaded evidence
    # a WBS snapshot is not a DUMAS recap and the other way round
    assert "Rekap WBS" not in card(reader, app, "V.5.2", "2026-S1")


def test_published_skm_results_count_for_vi3_and_disappear_when_withdrawn(plan, reader):
    app = plan
    assert "Hasil SKM" not in card(reader, app, "VI.3", "2026-S1")
    with app.app_context():
        db.session.add(SurveyPublication(
            period_key="2026-S1", period_type="semester", period_start=date(2026, 1, 1),
            period_end=date(2026, 6, 30), data=json.dumps({}), published_at=datetime(2026, 7, 2, tzinfo=UTC)))
        db.session.add(SurveyPublication(
            period_key="2026-T3", period_type="triwulan", period_start=date(2026, 7, 1),
            period_end=date(2026, 9, 30), data=json.dumps({}),
            published_at=datetime(2026, 10, 2, tzinfo=UTC)))
        db.session.commit()
    s1 = card(reader, app, "VI.3", "2026-S1")
    assert 'data-review="accepted"' in s1 and 'href="/survei/hasil?periode=2026-S1"' in s1
    assert "Hasil SKM Semester 1 2026" in s1
    assert "Hasil SKM" not in card(reader, app, "VI.3", "2026-S2")  # a quarter does not cover a semester
    public = text(reader.get("/rencana-aksi/progres"))
    assert 'href="/survei/hasil?periode=2026-S1"' in public
    with app.app_context():
        db.session.delete(db.session.scalar(select(SurveyPublication)
                                            .where(SurveyPublication.period_key == "2026-S1")))
        db.session.commit()
    assert "Hasil SKM" not in card(reader, app, "VI.3", "2026-S1")


def test_published_standard_revision_counts_for_vi1_in_its_semester(plan, reader):
    app = plan
    texts = {key: f"Teks {key}" for key in standards.COMPONENT_KEYS}
    with freeze_time("2026-03-05 03:00:00"), app.app_context():
        service = standards.create_service(db.session, name="Layanan PPID Uji", slug="ppid-uji")
        standards.save_revision(db.session, service, components=texts, effective_date=date(2026, 3, 10),
                                publish=False)  # a draft: not evidence
        standards.save_revision(db.session, service, components=texts, effective_date=date(2026, 3, 10),
                                is_sample=True, publish=True)  # a sample text: not evidence
        db.session.commit()
    assert "Standar pelayanan" not in card(reader, app, "VI.1", "2026-S1")
    with freeze_time("2026-04-01 03:00:00"), app.app_context():
        service = standards.get_service(db.session, "ppid-uji")
        standards.save_revision(db.session, service, components=texts, effective_date=date(2026, 4, 15),
                                publish=True)
        db.session.commit()
    for code in ("VI.1", "VI.1c"):
        s1 = card(reader, app, code, "2026-S1")
        assert 'data-review="accepted"' in s1 and 'data-timeliness="on_time"' in s1
        assert 'href="/standar-pelayanan/ppid-uji?revisi=3"' in s1
        assert "Standar pelayanan Layanan PPID Uji, revisi ke-3" in s1
        assert "Standar pelayanan" not in card(reader, app, code, "2026-S2")
    assert "Standar pelayanan Layanan" not in card(reader, app, "VI.1b", "2026-S1")  # maklumat: uploaded
    dashboard = text(reader.get("/admin/zi"))
    assert re.search(r'data-code="VI\.1" data-state="sebagian"', dashboard)
