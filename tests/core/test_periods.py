"""Calendar periods (portal.core.periods): one key, label and bounds per period for DUMAS recaps, SKM, WBS
and ZI monitoring; features that accept only some period types keep their own message."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from portal.core import periods
from portal.core.errors import DomainError
from portal.survey import service as survey
from portal.wbs import service as wbs_service
from portal.zi.periods import DuePeriod, due_periods, parse_key


@pytest.mark.parametrize("key, type_, label, start, end", [
    ("2026", "tahun", "Tahun 2026", date(2026, 1, 1), date(2026, 12, 31)),
    ("2026-S1", "semester", "Semester 1 2026", date(2026, 1, 1), date(2026, 6, 30)),
    ("2026-S2", "semester", "Semester 2 2026", date(2026, 7, 1), date(2026, 12, 31)),
    ("2026-T3", "triwulan", "Triwulan III 2026", date(2026, 7, 1), date(2026, 9, 30)),
    ("2024-02", "bulan", "Februari 2024", date(2024, 2, 1), date(2024, 2, 29)),
    ("20260115-20260220", "rentang", "15 Januari 2026 – 20 Februari 2026", date(2026, 1, 15),
     date(2026, 2, 20)),
])
def test_keys_labels_and_local_dates(key, type_, label, start, end):
    period = periods.parse_period(key.lower())
    got = (period.key, period.type, period.label, period.start, period.end)
    assert got == (key, type_, label, start, end)


def test_utc_bounds_are_local_midnights():
    april = periods.month_period(2026, 4)
    # 1 April 00.00 WIB = 31 March 17.00 UTC; the end is exclusive: 1 May 00.00 WIB.
    assert april.start_utc == datetime(2026, 3, 31, 17, 0, tzinfo=UTC)
    assert april.end_utc == datetime(2026, 4, 30, 17, 0, tzinfo=UTC)
    segments = periods.month_segments(periods.range_period(date(2026, 1, 15), date(2026, 3, 3)))
    assert [(s.key, s.label) for s in segments] == [("2026-01", "Januari 2026"), ("2026-02", "Februari 2026"),
                                                    ("2026-03", "Maret 2026")]
    assert segments[0].start_utc == datetime(2026, 1, 14, 17, 0, tzinfo=UTC)
    assert segments[-1].end_utc == datetime(2026, 3, 3, 17, 0, tzinfo=UTC)


def test_containing_and_months():
    day = date(2026, 8, 17)
    assert [periods.containing(day, t).key for t in ("tahun", "semester", "triwulan", "bulan")] == [
        "2026", "2026-S2", "2026-T3", "2026-08"]
    months = [periods.parse_period(k).months for k in ("2026", "2026-S1", "2026-T1", "2026-01")]
    assert months == [12, 6, 3, 1]


@pytest.mark.parametrize("key, message", [
    ("", "Periode tidak dikenal. Contoh: 2026, 2026-S1, 2026-T1, 2026-03 atau 20260101-20260131."),
    ("2026-T5", "Periode tidak dikenal."),
    ("20260231-20260301", "Periode tidak dikenal."),
    ("1999", "Tahun harus antara 2000 dan 2100."),
    ("2026-13", "Bulan harus 1 sampai 12."),
    ("20260301-20260201", "Tanggal akhir tidak boleh sebelum tanggal awal."),
    # digits of other scripts are not period keys: one period, one URL (int() would read them)
    ("\u0662\u0660\u0662\u0666", "Periode tidak dikenal."),
    ("\uff12\uff10\uff12\uff16-T3", "Periode tidak dikenal."),
])
def test_bad_keys_are_refused_with_a_clear_message(key, message):
    with pytest.raises(DomainError) as err:
        periods.parse_period(key)
    assert err.value.message.startswith(message)


def test_a_feature_that_restricts_the_types_names_what_it_accepts():
    assert periods.parse_period("2026-s1", ("triwulan", "semester", "tahun")).key == "2026-S1"
    for key in ("2026-03", "20260101-20260131", "2026-S3", "x"):
        with pytest.raises(DomainError) as err:
            survey.period_from_key(key)
        assert err.value.message == ("Periode SKM adalah triwulan, semester atau tahun "
                                     "(contoh: 2026-T1, 2026-S1, 2026).")
    with pytest.raises(DomainError) as err:
        periods.parse_period("2026", ("bulan",))
    assert err.value.message == "Periode adalah bulan (contoh: 2026-03)."


def test_every_feature_names_a_period_the_same_way():
    for key in ("2026", "2026-S1", "2026-T3"):
        shared = periods.parse_period(key)
        assert survey.period_from_key(key) == shared
        assert (parse_key(key).key, parse_key(key).label, parse_key(key).start, parse_key(key).end) == (
            shared.key, shared.label, shared.start, shared.end)
    assert survey.current_period(date(2026, 8, 17)).label == "Triwulan III 2026"
    assert wbs_service.wbs_quarter(2026, 3) == periods.quarter_period(2026, 3)


def test_zi_due_periods_keep_due_dates_partial_semesters_and_order():
    found = due_periods("Maret - April; Triwulan I", 2026)
    assert [(p.key, p.label, p.start, p.due) for p in found] == [
        ("2026-T1", "Triwulan I 2026", date(2026, 1, 1), date(2026, 3, 31)),
        # part of semester 1, due 30 April
        ("2026-S1", "Semester 1 2026", date(2026, 3, 1), date(2026, 4, 30)),
    ]
    assert all(isinstance(p, DuePeriod) for p in found) and found[1].semester == 1
    assert parse_key("1999") is None and parse_key("20260101-20260131") is None
    assert parse_key("2026-00") is None


def test_wbs_keeps_its_own_message():
    for year, quarter in ((2026, 5), (1999, 1)):
        with pytest.raises(DomainError) as err:
            wbs_service.wbs_quarter(year, quarter)
        assert err.value.message == "Periode triwulan tidak valid."


def test_skm_admin_refuses_a_month_with_the_skm_message(client, login_as):
    login_as("editor")
    response = client.get("/admin/survei/hasil?periode=2026-03")
    assert response.status_code == 400
    assert "Periode SKM adalah triwulan, semester atau tahun" in response.get_data(as_text=True)
    page = client.get("/admin/survei/hasil?periode=2026-S1").get_data(as_text=True)
    assert "Semester 1 2026" in page


# --- labels in the reader's language --------------------------------------------------------------------
# The lead's catalogue fills these at merge; here the suggested English entries in a small catalogue.
ENGLISH_LABELS = {
    "Tahun %(year)s": "Year %(year)s",
    "Semester 1 %(year)s": "H1 %(year)s", "Semester 2 %(year)s": "H2 %(year)s",
    "Triwulan I %(year)s": "Q1 %(year)s", "Triwulan II %(year)s": "Q2 %(year)s",
    "Triwulan III %(year)s": "Q3 %(year)s", "Triwulan IV %(year)s": "Q4 %(year)s",
}


@pytest.fixture
def english_app(app_factory, tmp_path):
    from babel.messages.catalog import Catalog

    from tests.i18n_helpers import catalogue_app

    catalog = Catalog(locale="en")
    for msgid, text in ENGLISH_LABELS.items():
        catalog.add(msgid, text, context="period label", flags=("python-format",))
    with catalogue_app(app_factory, tmp_path / "labels", catalog) as app:
        yield app


@pytest.mark.parametrize("key, indonesian, english", [
    ("2026", "Tahun 2026", "Year 2026"),
    ("2026-S1", "Semester 1 2026", "H1 2026"),
    ("2026-S2", "Semester 2 2026", "H2 2026"),
    ("2026-T1", "Triwulan I 2026", "Q1 2026"),
    ("2026-T3", "Triwulan III 2026", "Q3 2026"),
    ("2026-T4", "Triwulan IV 2026", "Q4 2026"),
    ("2026-12", "Desember 2026", "December 2026"),
    ("20260115-20260220", "15 Januari 2026 – 20 Februari 2026", "15 January 2026 – 20 February 2026"),
])
def test_labels_follow_the_page_language(english_app, key, indonesian, english):
    period = periods.parse_period(key)
    with english_app.test_request_context("/?lang=id"):
        assert period.label == indonesian
    with english_app.test_request_context("/?lang=en"):
        assert period.label == english
        assert period.label_id == indonesian
        assert period.as_dict()["label"] == indonesian  # frozen into snapshots: Indonesian whoever publishes
        assert period.label == english  # the page language is back after the Indonesian label


def test_month_segments_are_named_in_the_page_language(app):
    triwulan = periods.quarter_period(2026, 1)
    with app.test_request_context("/?lang=en"):
        assert [s.label for s in periods.month_segments(triwulan)] == [
            "January 2026", "February 2026", "March 2026"]
    with app.test_request_context("/?lang=id"):
        assert [s.label for s in periods.month_segments(triwulan)] == [
            "Januari 2026", "Februari 2026", "Maret 2026"]


def test_the_labels_are_extracted_with_their_context():
    """With the keywords of `make translations` (the Makefile's pybabel extract)."""
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file

    keywords = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "DomainError": None}
    found = {(context, message) for _line, message, _comments, context
             in extract_from_file("python", periods.__file__, keywords=keywords)}
    assert {("period label", msgid) for msgid in ENGLISH_LABELS} <= found
