"""The 5x5 matrix (portal/risks/matrix.py): every one of the 25 cells against the table below, written out
by hand from the default bands (1-5 Sangat Rendah, 6-10 Rendah, 11-15 Sedang, 16-20 Tinggi, 21-25 Sangat
Tinggi), in the module and on the heat-map page; the bands are a setting (another office's ranges change
the levels) and a broken setting is refused at start-up."""
from __future__ import annotations

import re

import pytest

from portal.risks import matrix
from tests.risks.helpers import BASE, staff

SR, R, S, T, ST = "sangat_rendah", "rendah", "sedang", "tinggi", "sangat_tinggi"
# rows: likelihood 1..5; columns: impact 1..5
EXPECTED = [
    # impact: 1   2   3   4   5
    [SR, SR, SR, SR, SR],  # likelihood 1: scores 1 2 3 4 5
    [SR, SR, R, R, R],  # likelihood 2: scores 2 4 6 8 10
    [SR, R, R, S, S],  # likelihood 3: scores 3 6 9 12 15
    [SR, R, S, T, T],  # likelihood 4: scores 4 8 12 16 20
    [SR, R, S, T, ST],  # likelihood 5: scores 5 10 15 20 25
]
SCORES = [
    [1, 2, 3, 4, 5],
    [2, 4, 6, 8, 10],
    [3, 6, 9, 12, 15],
    [4, 8, 12, 16, 20],
    [5, 10, 15, 20, 25],
]


def test_every_cell_of_the_default_matrix(app):
    with app.app_context():
        bands = matrix.current_bands()
    for likelihood in range(1, 6):
        for impact in range(1, 6):
            assert matrix.score(likelihood, impact) == SCORES[likelihood - 1][impact - 1]
            assert matrix.level(likelihood, impact, bands) == EXPECTED[likelihood - 1][impact - 1], (
                likelihood, impact)


def test_the_heat_map_page_colours_each_cell_by_the_same_table(app, make_user):
    client = staff(app, make_user, "risiko")
    html = client.get(f"{BASE}/peta?tahun=2026").get_data(as_text=True)
    inherent = html[html.index('data-map="inherent"'):html.index('data-map="residual"')]
    cells = dict(re.findall(r'data-cell="(\d-\d)" data-count="\d+" data-level="(\w+)"', inherent))
    assert len(cells) == 25
    for likelihood in range(1, 6):
        for impact in range(1, 6):
            assert cells[f"{likelihood}-{impact}"] == EXPECTED[likelihood - 1][impact - 1]


def test_an_office_sets_its_own_bands(app_factory, make_user):
    app = app_factory(
        RISK_LEVEL_BANDS="1-4:sangat_rendah,5-9:rendah,10-14:sedang,15-19:tinggi,20-25:sangat_tinggi")
    with app.app_context():
        bands = matrix.current_bands()
        assert matrix.level(4, 5, bands) == ST  # 20: Tinggi by default
        assert matrix.level(3, 5, bands) == T  # 15: Sedang by default
        assert matrix.level(1, 5, bands) == R  # 5: Sangat Rendah by default
        assert matrix.level(2, 2, bands) == SR


@pytest.mark.parametrize("text", [
    "1-5:sangat_rendah,6-10:rendah,11-15:sedang,16-20:tinggi",  # stops at 20
    "1-5:sangat_rendah,7-10:rendah,11-15:sedang,16-20:tinggi,21-25:sangat_tinggi",  # a gap
    "1-5:sangat_rendah,6-10:rendah,11-15:sedang,16-20:tinggi,21-25:kritis",  # unknown level
    "1-5:sangat_rendah,6-10:sangat_rendah,11-25:sedang",  # a level twice
    "1-5 sangat_rendah",  # not low-high:level
])
def test_a_broken_setting_is_refused(text):
    with pytest.raises(ValueError):
        matrix.parse_bands(text)


def test_the_default_parses_to_the_documented_ranges():
    from portal.config import DEFAULT_RISK_LEVEL_BANDS

    bands = matrix.parse_bands(DEFAULT_RISK_LEVEL_BANDS)
    assert [(b.low, b.high, b.level) for b in bands] == [(1, 5, SR), (6, 10, R), (11, 15, S), (16, 20, T),
                                                         (21, 25, ST)]
