"""The PPID's outputs as automatic evidence for action-plan row II.3 (issue 13): the published Daftar
Informasi Publik (WITHIN: an entry counts for the due period of each day the portal published or updated
it) and the public PPID report (COVERS: one artefact per quarter that has ended, and the year once it has
ended; endpoint `ppid_report.report`, hidden while it is not installed)."""
from __future__ import annotations

from datetime import date

import pytest
from freezegun import freeze_time

from portal.extensions import db
from portal.ppid import service as ppid
from portal.ppid.models import DipEntry
from portal.zi import evidence as zi_evidence
from portal.zi.periods import parse_key
from tests.ppid.test_ppid import dip_values
from tests.zi.test_evidence import Reader, card
from tests.zi_helpers import evidence, load_plan, text


@pytest.fixture
def plan(app):
    load_plan(app)
    return app


@pytest.fixture
def reader(plan, client, auth, make_user):
    return Reader(client, auth, make_user("pimpinan"))


def create(app, moment: str, **overrides) -> int:
    with freeze_time(moment), app.app_context():
        entry = ppid.create_dip(db.session, dip_values(**overrides), None)
        db.session.commit()
        return entry.id


def edit(app, moment: str, entry_id: int, **changes) -> None:
    with freeze_time(moment), app.app_context():
        entry = db.session.get(DipEntry, entry_id)
        values = {name: getattr(entry, name) for name in ppid.DIP_FIELDS}
        ppid.update_dip(db.session, entry, {**values, **changes}, None)
        db.session.commit()


def withdraw(app, entry_id: int) -> None:
    with app.app_context():
        ppid.withdraw_dip(db.session, db.session.get(DipEntry, entry_id), None)
        db.session.commit()


def provider(name: str) -> zi_evidence.Provider:
    return next(p for p in zi_evidence.PROVIDERS if p.name == name)


def test_the_two_ppid_providers_serve_row_ii3_only():
    class Row:
        def __init__(self, code):
            self.code = code

    codes = ("II.1", "II.2", "II.3", "II.3b", "II.4", "VI.1", "VI.1b", "VI.1c", "VI.3", "XII.3")
    for name, mode in (("ppid_dip", zi_evidence.WITHIN), ("ppid_laporan", zi_evidence.COVERS)):
        assert provider(name).mode == mode
        assert [c for c in codes if provider(name).serves(Row(c))] == ["II.3"], name


# --- the DIP --------------------------------------------------------------------------------------------
def test_a_published_dip_entry_counts_for_ii3_in_its_semester_and_an_update_in_the_next(plan, reader):
    app = plan
    assert "Daftar Informasi Publik" not in card(reader, app, "II.3", "2026-S1")
    entry_id = create(app, "2026-03-05 03:00:00", title="Laporan Keuangan")
    with freeze_time("2026-03-06 03:00:00"):
        s1 = card(reader, app, "II.3", "2026-S1")
        assert 'data-review="accepted"' in s1 and 'data-timeliness="on_time"' in s1
        assert f'href="/ppid/dip/{entry_id}"' in s1
        assert f"Daftar Informasi Publik: Informasi berkala, entri {entry_id}<" in s1
        assert "Daftar Informasi Publik" not in card(reader, app, "II.3", "2026-S2")
        assert "Daftar Informasi Publik" not in card(reader, app, "II.2", "2026-S1")
    edit(app, "2026-08-10 03:00:00", entry_id, summary="Realisasi anggaran semester I (revisi).")
    with freeze_time("2026-08-11 03:00:00"):
        s2 = card(reader, app, "II.3", "2026-S2")
        assert f'href="/ppid/dip/{entry_id}"' in s2 and f"entri {entry_id} versi 2" in s2
        assert 'data-review="accepted"' in s2
        s1 = card(reader, app, "II.3", "2026-S1")  # the first publication still counts for S1
        assert f"entri {entry_id}<" in s1 and "versi 2" not in s1
        public = text(reader.get("/rencana-aksi/progres"))
        assert f'href="/ppid/dip/{entry_id}"' in public
    withdraw(app, entry_id)
    with freeze_time("2026-08-12 03:00:00"):
        assert "Daftar Informasi Publik" not in card(reader, app, "II.3", "2026-S1")
        assert "Daftar Informasi Publik" not in card(reader, app, "II.3", "2026-S2")
    assert evidence(app) == []  # nobody uploaded anything


def test_the_day_is_the_offices_and_an_entry_counts_once_a_day(app):
    late_2025 = create(app, "2025-12-31 16:30:00", category="setiap_saat")  # 23.30 WIB: still 2025
    early_2026 = create(app, "2025-12-31 17:30:00")  # 00.30 WIB on 1 January 2026
    edit(app, "2026-02-02 01:00:00", early_2026, summary="Revisi pertama.")
    edit(app, "2026-02-02 05:00:00", early_2026, summary="Revisi kedua.")  # the same day: one link
    edit(app, "2026-02-03 01:00:00", late_2025, summary="Diperbarui 2026.")
    with app.app_context():
        found = zi_evidence.ppid_dip(db.session, 2026)
        in_2025 = zi_evidence.ppid_dip(db.session, 2025)
    assert [(a.params, a.start, a.title) for a in found] == [
        ((("entry_id", early_2026),), date(2026, 1, 1),
         f"Daftar Informasi Publik: Informasi berkala, entri {early_2026}"),
        ((("entry_id", early_2026),), date(2026, 2, 2),
         f"Daftar Informasi Publik: Informasi berkala, entri {early_2026} versi 3"),
        ((("entry_id", late_2025),), date(2026, 2, 3),
         f"Daftar Informasi Publik: Informasi tersedia setiap saat, entri {late_2025} versi 2"),
    ]
    assert all(a.endpoint == "ppid.dip_detail" and a.start == a.end for a in found)
    assert [(a.params, a.start) for a in in_2025] == [((("entry_id", late_2025),), date(2025, 12, 31))]


def test_the_typed_update_date_and_year_do_not_make_evidence(app):
    create(app, "2027-01-10 03:00:00", title="Diisi mundur", year=2026, updated_on=date(2026, 3, 1))
    with app.app_context():
        assert zi_evidence.ppid_dip(db.session, 2026) == []
        assert len(zi_evidence.ppid_dip(db.session, 2027)) == 1


# --- the quarterly report -------------------------------------------------------------------------------
def test_one_report_per_quarter_that_has_ended_and_the_year_once_it_has(app):
    with app.app_context():
        assert zi_evidence.ppid_reports(db.session, 2026, on=date(2026, 3, 31)) == []  # T1 not over yet
        first = zi_evidence.ppid_reports(db.session, 2026, on=date(2026, 4, 1))
        autumn = zi_evidence.ppid_reports(db.session, 2026, on=date(2026, 10, 1))
        after = zi_evidence.ppid_reports(db.session, 2026, on=date(2027, 1, 1))
    assert [(a.endpoint, a.params, a.start, a.end, a.published_on) for a in first] == [
        ("ppid_report.report", (("period", "2026-T1"),), date(2026, 1, 1), date(2026, 3, 31),
         date(2026, 4, 1))]
    assert first[0].source == "ppid_laporan"
    assert first[0].title == "Laporan layanan informasi publik Triwulan I 2026"
    assert [dict(a.params)["period"] for a in autumn] == ["2026-T1", "2026-T2", "2026-T3"]
    assert [dict(a.params)["period"] for a in after] == ["2026-T1", "2026-T2", "2026-T3", "2026-T4", "2026"]
    assert after[-1].published_on == date(2027, 1, 1)


def test_a_quarter_covers_a_quarter_and_the_year_covers_the_semesters_of_ii3(app):
    report = provider("ppid_laporan")
    with app.app_context():
        t1, *_quarters, year = zi_evidence.ppid_reports(db.session, 2026, on=date(2027, 1, 1))
    assert report.matches(t1, parse_key("2026-T1")) and report.matches(t1, parse_key("2026-03"))
    assert not report.matches(t1, parse_key("2026-T2")) and not report.matches(t1, parse_key("2026-S1"))
    assert report.matches(year, parse_key("2026-S1")) and report.matches(year, parse_key("2026-S2"))


def test_the_report_counts_on_the_zi_page_and_its_link_waits_for_the_endpoint(plan, reader):
    app = plan
    entry_id = create(app, "2026-09-01 03:00:00", title="Jadwal layanan")
    with freeze_time("2026-12-20 03:00:00"):  # the year is not over: no report covers a semester yet
        assert "Laporan layanan informasi publik" not in card(reader, app, "II.3", "2026-S2")
    with freeze_time("2027-01-04 03:00:00"):
        s2 = card(reader, app, "II.3", "2026-S2")
        s1 = card(reader, app, "II.3", "2026-S1")
        public = text(reader.get("/rencana-aksi/progres?tahun=2026"))
    title = "Laporan layanan informasi publik Tahun 2026"
    assert title in s2 and title in s1
    assert "Triwulan" not in s2  # a quarter does not cover a semester
    assert f'href="/ppid/dip/{entry_id}"' in s2 and 'data-review="accepted"' in s1
    if "ppid_report.report" in app.view_functions:
        with app.test_request_context():
            from flask import url_for

            url = url_for("ppid_report.report", period="2026")
        assert f'href="{url}"' in s2 and f'href="{url}"' in public
    else:  # not installed: the title without a link, and nothing on the public page
        assert 'href="/ppid/laporan' not in s2 and "Laporan layanan informasi publik" not in public
