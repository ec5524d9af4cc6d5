"""Dates and numbers follow the reader's language through Babel (portal.core.formatting): Indonesian as
before, English on ?lang=en, Indonesian outside a request."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from portal.core.formatting import angka, tanggal

NOON = datetime(2026, 12, 1, 7, 5, tzinfo=UTC)  # 14.05 WIB


@pytest.mark.parametrize("lang, day, moment, number", [
    ("id", "1 Desember 2026", "1 Desember 2026, 14.05 WIB", "1.234,57"),
    ("en", "1 December 2026", "1 December 2026, 14:05 WIB", "1,234.57"),
])
def test_dates_and_numbers_in_the_page_language(app, lang, day, moment, number):
    with app.test_request_context(f"/?lang={lang}"):
        assert tanggal(date(2026, 12, 1)) == day
        assert tanggal(NOON) == day
        assert tanggal(NOON, with_time=True) == moment
        assert angka(1234.567, 2) == number


def test_every_month_in_both_languages(app):
    with app.test_request_context("/?lang=id"):
        indonesian = [tanggal(date(2026, m, 3)).split()[1] for m in range(1, 13)]
    with app.test_request_context("/?lang=en"):
        english = [tanggal(date(2026, m, 3)).split()[1] for m in range(1, 13)]
    assert indonesian == ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
                          "September", "Oktober", "November", "Desember"]
    assert english == ["January", "February", "March", "April", "May", "June", "July", "August",
                       "September", "October", "November", "December"]


def test_outside_a_request_indonesian_as_before(app):
    assert tanggal(date(2026, 2, 2)) == "2 Februari 2026"
    assert angka(1234567) == "1.234.567"
    assert angka(None) == tanggal(None) == "–"
    with app.app_context():  # a CLI command: the default language
        assert tanggal(date(2026, 2, 2)) == "2 Februari 2026"
        assert angka(-1234.5, 1) == "-1.234,5"


def test_the_filters_render_english_on_an_english_page(app):
    with app.test_request_context("/?lang=en"):
        template = app.jinja_env.from_string("{{ d|tanggal }} · {{ n|angka(1) }}")
        html = template.render(d=date(2026, 8, 17), n=12.25)
    assert html == "17 August 2026 · 12.2"
